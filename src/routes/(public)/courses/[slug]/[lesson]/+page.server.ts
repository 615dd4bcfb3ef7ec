import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { failFrom } from '$lib/server/http';
import { getLessonView } from '$lib/server/courses/reader';
import type { PageServerLoad } from './$types';

// getLessonView applies the access rule (canReadCourse): drafts answer 404 to all but their editors.
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return { view: await getLessonView(db, params.slug, params.lesson, locals.user, contentCache) };
	} catch (e) {
		return failFrom(e) as never;
	}
};
