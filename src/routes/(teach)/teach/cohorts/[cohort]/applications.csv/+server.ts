import { db } from '$lib/server/db';
import { applicationsCsv } from '$lib/server/cohorts/decisions';
import { managedCohort } from '../applications/managed';
import type { RequestHandler } from './$types';

/** The cohort's applications as a spreadsheet (UTF-8 with BOM), for its managers only. */
export const GET: RequestHandler = async (event) => {
	const { cohort } = await managedCohort(event);
	const csv = await applicationsCsv(db, cohort, event.locals.locale);
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${cohort.slug}-applications.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
