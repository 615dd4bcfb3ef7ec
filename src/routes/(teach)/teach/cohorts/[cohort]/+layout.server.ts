import { loadManagedCohort } from '../cohort-route';
import type { LayoutServerLoad } from './$types';

/**
 * The cohort's name, status and links for the tabs, for every page under it (including the
 * applications pages). Each page's load and action still checks access itself.
 */
export const load: LayoutServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	return {
		header: {
			slug: cohort.slug,
			name: cohort.name,
			status: cohort.status,
			enrolmentMode: cohort.enrolmentMode,
			courseTitle: cohort.course.title
		}
	};
};
