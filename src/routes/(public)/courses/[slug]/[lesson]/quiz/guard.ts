import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { readLesson } from '$lib/server/cohorts/lesson-access';
import { findQuizLesson } from '$lib/server/assessments/quizzes';

/**
 * Every load and action of the quiz pages: a signed-in person who may read the lesson (the
 * lesson's own rules, readLesson: cohort members only for cohort courses, module release
 * dates), and the lesson is a quiz. Someone the lesson is closed to goes to the lesson page,
 * which says why.
 */
export async function quizAccess(locals: App.Locals, params: { slug: string; lesson: string }, url: URL, now: Date) {
	const user = requireUser(locals, url);
	let page;
	try {
		page = await readLesson(db, params.slug, params.lesson, user, now, contentCache);
	} catch (e) {
		return failFrom(e) as never;
	}
	const lessonUrl = `/courses/${params.slug}/${params.lesson}`;
	if (!page.view) redirect(303, lessonUrl);
	const lesson = await findQuizLesson(db, page.view.course.id, params.lesson);
	if (!lesson) error(404, { message: 'error_quiz_not_found' });
	const { course } = page.view;
	return {
		user,
		lesson,
		lessonUrl,
		course: { id: course.id, slug: course.slug, title: course.title, language: course.language }
	};
}
