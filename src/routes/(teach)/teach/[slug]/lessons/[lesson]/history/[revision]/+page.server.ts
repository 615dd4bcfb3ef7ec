import { error } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { getLessonRevision } from '$lib/server/courses/lesson-editor';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	if (!z.uuid().safeParse(params.revision).success) error(404, { message: 'error_revision_not_found' });
	try {
		const { course, revision } = await getLessonRevision(db, user, params.slug, params.lesson, params.revision);
		return { course: { slug: course.slug, title: course.title, status: course.status }, revision };
	} catch (e) {
		return failFrom(e) as never;
	}
};
