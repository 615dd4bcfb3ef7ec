import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { DecisionSchema, ReviewerEmailSchema, UnassignSchema } from '$lib/schemas/admissions';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { ConflictError } from '$lib/server/errors';
import { decide } from '$lib/server/cohorts/decisions';
import { assignReviewers, getApplicationForManager, unassignReviewer } from '$lib/server/cohorts/reviews';
import { managedCohort } from '../managed';
import type { Actions, PageServerLoad } from './$types';

/** One application as its cohort's managers read it: content, reviews and comments, reviewers, decision. */
export const load: PageServerLoad = async (event) => {
	const { user, cohort } = await managedCohort(event);
	try {
		const found = await getApplicationForManager(db, user, cohort, event.params.application);
		return { ...found, cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone }, me: user.id };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	assign: async (event) => {
		const { user, cohort } = await managedCohort(event);
		const form = await event.request.formData();
		const input = parseForm(ReviewerEmailSchema, form);
		if (!input.ok) return invalid(input);
		try {
			const { reviewer } = await db
				.transaction()
				.execute((trx) => assignReviewers(trx, user, cohort, [event.params.application], input.data.reviewerEmail, new Date()));
			return { done: 'assigned' as const, name: reviewer.name };
		} catch (e) {
			return failFrom(e, formValues(form));
		}
	},
	unassign: async (event) => {
		const { user, cohort } = await managedCohort(event);
		const input = parseForm(UnassignSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => unassignReviewer(trx, user, cohort, event.params.application, input.data.reviewerId));
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'unassigned' as const, name: '' };
	},
	decide: async (event) => {
		const { user, cohort } = await managedCohort(event);
		const input = parseForm(DecisionSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => decide(trx, user, cohort, [event.params.application], input.data.decision, new Date()));
		} catch (e) {
			if (e instanceof ConflictError) return fail(409, { values: {}, errors: { form: e.message }, params: e.params });
			return failFrom(e);
		}
		return { done: input.data.decision, name: '' };
	}
} satisfies Actions;
