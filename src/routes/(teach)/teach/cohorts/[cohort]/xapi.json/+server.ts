import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { cohortStatementsStream } from '$lib/server/h5p/statements-export';
import type { RequestHandler } from './$types';

/** The cohort's xAPI statements (H5P activities) as one JSON array, a download for those who run the cohort. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let cohort;
	try {
		cohort = await requireCohortManager(db, user, params.cohort);
	} catch (e) {
		return failFrom(e) as never;
	}
	return new Response(cohortStatementsStream(db, cohort.id), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="${cohort.slug}-xapi.json"`,
			'cache-control': 'private, no-store'
		}
	});
};
