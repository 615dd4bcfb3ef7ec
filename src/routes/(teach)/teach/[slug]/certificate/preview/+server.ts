import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { issuerName } from '$lib/server/certificates/certificates';
import { previewTemplateResponse } from '$lib/server/certificates/template-http';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { failFrom } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The editor's Preview buttons post the unsaved form here (into a new tab): the certificate as
 * it would look, for a sample learner, with this course's title, hours and issuer.
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const user = requireUser(locals, url);
	let course;
	try {
		course = await getEditableCourse(db, user, params.slug);
	} catch (e) {
		return failFrom(e) as never;
	}
	return previewTemplateResponse(db, request, course.id, {
		courseTitle: course.title,
		hours: Number(course.estimatedHours),
		issuerName: issuerName(course.organisationName)
	});
};
