import type { RequestEvent } from '@sveltejs/kit';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import type { SessionUser } from '$lib/server/auth/session';
import { getManagedCohort } from '$lib/server/cohorts/cohorts';
import type { DB } from '$lib/server/db/schema';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';

/**
 * What every page of a cohort's management does first: the signed-in person, and the
 * cohort when they manage it (403 'error_cohort_not_yours' otherwise, 404 when there is
 * none). Actions check again inside their transaction (the domain functions lock the
 * cohort after requireCohortManager), so a layout or a stale page never stands in for it.
 */
export async function loadManagedCohort(event: Pick<RequestEvent, 'locals' | 'url'> & { params: { cohort: string } }) {
	const user = requireUser(event.locals, event.url);
	try {
		return { user, cohort: await managedOnce(event.locals, user, event.params.cohort) };
	} catch (e) {
		return failFrom(e) as never;
	}
}

/**
 * The layout and the page of one request both load the cohort: they share one lookup (keyed by
 * the request's locals, so never across requests or people). Loads only: an action's changes
 * are seen by the loads that run after it, which make their own lookup.
 */
const lookups = new WeakMap<App.Locals, Map<string, ReturnType<typeof getManagedCohort>>>();
function managedOnce(locals: App.Locals, user: SessionUser, slug: string) {
	let bySlug = lookups.get(locals);
	if (!bySlug) lookups.set(locals, (bySlug = new Map()));
	let lookup = bySlug.get(slug);
	if (!lookup) bySlug.set(slug, (lookup = getManagedCohort(db, user, slug)));
	return lookup;
}

type Run<T> = (trx: Transaction<DB>, user: SessionUser, slug: string, input: T, event: RequestEvent<{ cohort: string }>) => Promise<unknown>;

/**
 * One form action: guard, parse, run the domain function in a transaction, map its errors
 * beside the form that was sent (forms name themselves with a hidden formId), and answer
 * with what was done, which the page announces.
 */
export function cohortAction<S extends z.ZodType>(schema: S, done: string, run: Run<z.output<S>>) {
	return async (event: RequestEvent<{ cohort: string }>) => {
		const user = requireUser(event.locals, event.url);
		const form = await event.request.formData();
		const input = parseForm(schema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => run(trx, user, event.params.cohort, input.data, event));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		return { done };
	};
}
