import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { gradebookCsv } from '$lib/server/assessments/gradebook-csv';
import { readGradebookQuery } from '$lib/schemas/gradebook';
import { getLocale } from '$lib/paraglide/runtime.js';
import type { Locale } from '$lib/server/db/schema';
import type { RequestHandler } from './$types';

/** The gradebook as a spreadsheet file (every learner the filters keep), for those who run the cohort. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let cohort;
	try {
		cohort = await requireCohortManager(db, user, params.cohort);
	} catch (e) {
		return failFrom(e) as never;
	}
	const query = readGradebookQuery(url.searchParams);
	const csv = await gradebookCsv(db, cohort, getLocale() as Locale, {
		module: query.module,
		atRisk: query.risk,
		atRiskDays: query.days,
		now: new Date()
	});
	return new Response(csv, {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="${cohort.slug}-gradebook.csv"`,
			'cache-control': 'private, no-store'
		}
	});
};
