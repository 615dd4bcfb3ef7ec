import { fail, redirect } from '@sveltejs/kit';
import type { Transaction } from 'kysely';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/session';
import { ConfirmSchema, readApplicationForm } from '$lib/schemas/admissions';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { ConflictError } from '$lib/server/errors';
import type { Cohort, DB } from '$lib/server/db/schema';
import { findCohortBySlug } from '$lib/server/cohorts/access';
import { InvalidFieldsError, type ApplicationInput } from '$lib/server/cohorts/admission-rules';
import {
	getApplicationPage,
	saveDraft,
	submitApplication,
	updateApplication,
	withdrawApplication
} from '$lib/server/cohorts/applications';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

async function cohortOf(slug: string) {
	try {
		return await findCohortBySlug(db, slug);
	} catch (e) {
		return failFrom(e) as never;
	}
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const cohort = await cohortOf(params.cohort);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone, opensAt: cohort.enrolOpensAt, deadline: cohort.enrolClosesAt },
		applicantName: user.name,
		...(await getApplicationPage(db, cohort, user, new Date())),
		notice: url.searchParams.get('notice')
	};
};

type Run = (trx: Transaction<DB>, cohort: Cohort, user: SessionUser, input: ApplicationInput, now: Date, origin: string) => Promise<unknown>;

/** Save, submit and update read the same form; what was typed comes back with any error. */
function write(run: Run, notice: string) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const user = requireUser(locals, url);
		const cohort = await cohortOf(params.cohort);
		const input = readApplicationForm(await request.formData());
		try {
			await db.transaction().execute((trx) => run(trx, cohort, user, input, new Date(), url.origin));
		} catch (e) {
			if (e instanceof InvalidFieldsError) return fail(400, { input, errors: e.errors, params: e.params });
			if (e instanceof ConflictError) return fail(409, { input, errors: { form: e.message }, params: e.params });
			return failFrom(e);
		}
		redirect(303, `/cohorts/${cohort.slug}/apply?notice=${notice}`);
	};
}

export const actions = {
	save: write(saveDraft, 'saved'),
	submit: write(submitApplication, 'submitted'),
	update: write(updateApplication, 'updated'),
	withdraw: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const cohort = await cohortOf(params.cohort);
		const form = await request.formData();
		const input = parseForm(ConfirmSchema, form);
		if (!input.ok) return invalid({ ...input, values: formValues(form) });
		try {
			await db.transaction().execute((trx) => withdrawApplication(trx, cohort, user.id, new Date(), url.origin));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/cohorts/${cohort.slug}/apply?notice=withdrawn`);
	}
} satisfies Actions;
