import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { failFrom } from '$lib/server/http';
import { getCourseOverview } from '$lib/server/courses/reader';
import type { PageServerLoad } from './$types';

// getCourseOverview applies the access rule (canReadCourse): drafts answer 404 to all but their editors.
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return { course: await getCourseOverview(db, params.slug, locals.user, contentCache) };
	} catch (e) {
		return failFrom(e) as never;
	}
};
