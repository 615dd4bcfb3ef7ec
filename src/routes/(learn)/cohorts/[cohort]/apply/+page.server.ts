import { fail, redirect } from '@sveltejs/kit';
import type { Transaction } from 'kysely';
import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
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
	listQuestions,
	saveDraft,
	submitApplication,
	updateApplication,
	withdrawApplication
} from '$lib/server/cohorts/applications';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/**
 * The cohort, and its form for a submission: both change only with the content version, which
 * the session already read, so a signed-in request takes them from the content cache.
 */
function cached<T>(locals: App.Locals, key: string, compute: () => Promise<T>): Promise<T> {
	const version = locals.session?.versions?.content;
	return contentCache && version !== undefined ? contentCache.get(db, key, compute, version) : compute();
}

async function cohortOf(slug: string, locals?: App.Locals) {
	try {
		return await (locals ? cached(locals, `cohort:${slug}`, () => findCohortBySlug(db, slug)) : findCohortBySlug(db, slug));
	} catch (e) {
		return failFrom(e) as never;
	}
}

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const cohort = await cohortOf(params.cohort, locals);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone, opensAt: cohort.enrolOpensAt, deadline: cohort.enrolClosesAt },
		applicantName: user.name,
		...(await getApplicationPage(db, cohort, user, new Date())),
		notice: url.searchParams.get('notice')
	};
};

type Run = (trx: Transaction<DB>, cohort: Cohort, user: SessionUser, input: ApplicationInput, now: Date) => Promise<unknown>;

/** What was typed comes back with any error. */
function refused(e: unknown, input: ApplicationInput) {
	if (e instanceof InvalidFieldsError) return fail(400, { input, errors: e.errors, params: e.params });
	if (e instanceof ConflictError) return fail(409, { input, errors: { form: e.message }, params: e.params });
	return failFrom(e);
}

/** Save and update read the same form as submit, in a transaction. */
function write(run: Run, notice: string) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const user = requireUser(locals, url);
		const cohort = await cohortOf(params.cohort, locals);
		const input = readApplicationForm(await request.formData());
		try {
			await db.transaction().execute((trx) => run(trx, cohort, user, input, new Date()));
		} catch (e) {
			return refused(e, input);
		}
		redirect(303, `/cohorts/${cohort.slug}/apply?notice=${notice}`);
	};
}

export const actions = {
	save: write(saveDraft, 'saved'),
	// Atomic on its own (one statement for a first submission), so no transaction around it.
	submit: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const cohort = await cohortOf(params.cohort, locals);
		const input = readApplicationForm(await request.formData());
		try {
			const questions = await cached(locals, `form:${cohort.id}`, () => listQuestions(db, cohort.id));
			await submitApplication(db, cohort, user, input, new Date(), url.origin, { questions });
		} catch (e) {
			return refused(e, input);
		}
		redirect(303, `/cohorts/${cohort.slug}/apply?notice=submitted`);
	},
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
