import { db } from '$lib/server/db';
import { listCohortSubmissions } from '$lib/server/assessments/submissions';
import { loadManagedCohort } from '../../cohort-route';
import type { PageServerLoad } from './$types';

/** The cohort's submissions, assignment by assignment; `?show=ungraded` keeps those waiting for a grade. */
export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const ungraded = event.url.searchParams.get('show') === 'ungraded';
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone },
		ungraded,
		assignments: await listCohortSubmissions(db, cohort, { ungraded })
	};
};
