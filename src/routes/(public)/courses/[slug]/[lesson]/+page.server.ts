import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { failFrom } from '$lib/server/http';
import { readLesson } from '$lib/server/cohorts/lesson-access';
import type { PageServerLoad } from './$types';

// readLesson applies the access rules on every request: drafts answer 404 to all but their
// editors (canReadCourse); lessons of a course taught in cohorts only to its members, module
// by module (lessonGate), others get the page saying why and where to join.
export const load: PageServerLoad = async ({ locals, params }) => {
	try {
		return await readLesson(db, params.slug, params.lesson, locals.user, new Date(), contentCache);
	} catch (e) {
		return failFrom(e) as never;
	}
};
