import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { rosterCsv } from '$lib/server/cohorts/roster';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { Locale } from '$lib/server/db/schema';
import type { RequestHandler } from './$types';

/** The cohort's people as a spreadsheet file, for those who run the cohort. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let cohort;
	try {
		cohort = await requireCohortManager(db, user, params.cohort);
	} catch (e) {
		return failFrom(e) as never;
	}
	const csv = await rosterCsv(db, cohort, getLocale() as Locale);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${cohort.slug}-roster.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
