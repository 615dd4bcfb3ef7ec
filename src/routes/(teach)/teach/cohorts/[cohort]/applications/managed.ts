import type { RequestEvent } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { failFrom } from '$lib/server/http';

/**
 * The signed-in person and the cohort they manage (403 when it is not theirs, 404 when there
 * is none), for every load and action of the applications pages; the domain checks again.
 */
export async function managedCohort(event: Pick<RequestEvent, 'locals' | 'url'> & { params: { cohort: string } }) {
	const user = requireUser(event.locals, event.url);
	try {
		return { user, cohort: await requireCohortManager(db, user, event.params.cohort) };
	} catch (e) {
		return failFrom(e) as never;
	}
}
