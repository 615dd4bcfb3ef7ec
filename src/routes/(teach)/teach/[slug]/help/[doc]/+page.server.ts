import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { renderMarkdown } from '$lib/server/content/markdown';
import courseFormat from '../../../../../../../docs/course-format.md?raw';
import quizFormat from '../../../../../../../docs/quiz-format.md?raw';
import type { PageServerLoad } from './$types';

/** The format documents the editors link to, as the repository has them (English). */
const DOCS: Record<string, string> = { 'quiz-format': quizFormat, 'course-format': courseFormat };

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const source = DOCS[params.doc];
	if (source === undefined) error(404, { message: 'error_not_found' });
	try {
		const course = await getEditableCourse(db, user, params.slug);
		// Links between the two documents stay on these pages.
		const html = renderMarkdown(source).html.replace(/href="(quiz-format|course-format)\.md(#[^"]*)?"/g, 'href="$1$2"');
		return { course: { slug: course.slug, title: course.title, status: course.status }, html };
	} catch (e) {
		return failFrom(e) as never;
	}
};
