import { db } from '$lib/server/db';
import { gradebook } from '$lib/server/assessments/gradebook';
import { keepPage } from '$lib/server/page-cache';
import { readGradebookQuery } from '$lib/schemas/gradebook';
import { loadManagedCohort } from '../../cohort-route';
import type { PageServerLoad } from './$types';

/** The cohort's gradebook: learners × quizzes and assignments, filtered by module and "at risk" (GET). */
export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const query = readGradebookQuery(event.url.searchParams);
	const book = await gradebook(db, cohort, {
		module: query.module,
		atRisk: query.risk,
		atRiskDays: query.days,
		page: query.page,
		now: new Date()
	});
	// Kept until its data changes or the next learner on it becomes at risk. With the at-risk
	// filter on, who is listed depends on the clock for every learner: not kept.
	if (!query.risk) keepPage(event.locals, book.validUntil);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone },
		query,
		book
	};
};
