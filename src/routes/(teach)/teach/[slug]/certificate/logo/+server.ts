import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { templateLogoResponse } from '$lib/server/certificates/template-http';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { failFrom } from '$lib/server/http';
import type { RequestHandler } from './$types';

/** The logo the course's certificates show (its own, else the site's), for the template editor. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let course;
	try {
		course = await getEditableCourse(db, user, params.slug);
	} catch (e) {
		return failFrom(e) as never;
	}
	return templateLogoResponse(db, course.id);
};
