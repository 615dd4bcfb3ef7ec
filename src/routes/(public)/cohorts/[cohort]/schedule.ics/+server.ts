import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { ForbiddenError, NotFoundError } from '$lib/server/errors';
import { getCohortCalendar } from '$lib/server/cohorts/cohort-page';
import type { RequestHandler } from './$types';

/** The cohort's schedule as a calendar file, for its members, facilitators and administrators. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(url.pathname)}`);
	let body: string;
	try {
		body = await getCohortCalendar(db, params.cohort, locals.user, new Date(), url.origin);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, { message: e.message });
		if (e instanceof ForbiddenError) error(403, { message: e.message });
		throw e;
	}
	return new Response(body, {
		headers: {
			'content-type': 'text/calendar; charset=utf-8',
			'content-disposition': `attachment; filename="${params.cohort}.ics"`,
			'cache-control': 'private, no-store'
		}
	});
};
