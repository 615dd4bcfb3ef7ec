import { db } from '$lib/server/db';
import { ApplicationIdSchema, ConfirmSchema, DashboardQuerySchema, ReviewerEmailSchema, readSelection } from '$lib/schemas/admissions';
import { fail } from '@sveltejs/kit';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { ConflictError, ValidationError } from '$lib/server/errors';
import type { Decision } from '$lib/server/db/schema';
import { decide, releaseDecisions, reorderWaitlist, reviewDashboard } from '$lib/server/cohorts/decisions';
import { assignReviewers } from '$lib/server/cohorts/reviews';
import { managedCohort } from './managed';
import { keepPage } from '$lib/server/page-cache';
import { loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The review dashboard: sortable, filtered by decision, 50 a page; bulk decisions; the waitlist; release. */
export const load: PageServerLoad = async (event) => {
	// The layout's lookup of the cohort (one per request), not a second one.
	const { user, cohort } = await loadManagedCohort(event);
	const query = DashboardQuerySchema.parse(Object.fromEntries(event.url.searchParams));
	// Nothing on the dashboard depends on the clock: kept until its data changes.
	keepPage(event.locals);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone, enrolmentMode: cohort.enrolmentMode },
		query,
		dashboard: await reviewDashboard(db, cohort, user, query)
	};
};

/** A refused bulk action keeps the ticked boxes ticked (also without JavaScript). */
function refused(e: unknown, form: FormData) {
	const answer = { values: formValues(form), selected: readSelection(form), params: (e as ConflictError).params };
	if (e instanceof ValidationError) return fail(400, { ...answer, errors: { [e.field]: e.message } });
	if (e instanceof ConflictError) return fail(409, { ...answer, errors: { form: e.message } });
	return failFrom(e);
}

function decideAs(decision: Decision) {
	return async (event: RequestEvent) => {
		const { user, cohort } = await managedCohort(event);
		const form = await event.request.formData();
		const ids = readSelection(form);
		try {
			const { changed } = await db.transaction().execute((trx) => decide(trx, user, cohort, ids, decision, new Date()));
			return { done: decision, count: changed };
		} catch (e) {
			return refused(e, form);
		}
	};
}

function move(direction: 'up' | 'down') {
	return async (event: RequestEvent) => {
		const { user, cohort } = await managedCohort(event);
		const input = parseForm(ApplicationIdSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => reorderWaitlist(trx, user, cohort, input.data.id, direction));
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'moved' as const, count: 1 };
	};
}

export const actions = {
	accept: decideAs('accepted'),
	waitlist: decideAs('waitlisted'),
	reject: decideAs('rejected'),
	assign: async (event) => {
		const { user, cohort } = await managedCohort(event);
		const form = await event.request.formData();
		const input = parseForm(ReviewerEmailSchema, form);
		if (!input.ok) return invalid(input);
		try {
			const { assigned, reviewer } = await db
				.transaction()
				.execute((trx) => assignReviewers(trx, user, cohort, readSelection(form), input.data.reviewerEmail, new Date()));
			return { done: 'assigned' as const, count: assigned, reviewer: reviewer.name };
		} catch (e) {
			return refused(e, form);
		}
	},
	up: move('up'),
	down: move('down'),
	release: async (event) => {
		const { user, cohort } = await managedCohort(event);
		const input = parseForm(ConfirmSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			const released = await db.transaction().execute((trx) => releaseDecisions(trx, user, cohort, new Date(), event.url.origin));
			return { done: 'released' as const, count: released.accepted + released.waitlisted + released.rejected };
		} catch (e) {
			return failFrom(e);
		}
	}
} satisfies Actions;
