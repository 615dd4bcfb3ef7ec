import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { failFrom } from '$lib/server/http';
import { getCourseOverview } from '$lib/server/courses/reader';
import { learnerCourseProgress } from '$lib/server/progress/progress';
import type { PageServerLoad } from './$types';

// getCourseOverview applies the access rule (canReadCourse): drafts answer 404 to all but their editors.
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		const course = await getCourseOverview(db, params.slug, locals.user, contentCache);
		// A signed-in learner's progress; anonymous visitors get the same, cacheable page as before.
		const progress = locals.user ? await learnerCourseProgress(db, locals.user, course) : null;
		return { course, progress };
	} catch (e) {
		return failFrom(e) as never;
	}
};
