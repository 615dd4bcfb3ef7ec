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
	const { user, view, lessonUrl, course } = await readableLesson(locals, params, url, now);
	const lesson = await findQuizLesson(db, view.course.id, params.lesson);
	if (!lesson) error(404, { message: 'error_quiz_not_found' });
	return { user, lesson, lessonUrl, course };
}

/**
 * The same check for the pages of one attempt, without reading the quiz definition: an
 * attempt is taken and graded on its own snapshot of the quiz (quizzes.ts), so the lesson's
 * id, from the cached lesson view, is all they need. Saves a query and a parse of the quiz on
 * every save and submit.
 */
export async function attemptAccess(locals: App.Locals, params: { slug: string; lesson: string }, url: URL, now: Date) {
	const { user, view, lessonUrl, course } = await readableLesson(locals, params, url, now);
	if (!view.items.some((item) => item.kind === 'quiz')) error(404, { message: 'error_quiz_not_found' });
	const { id, slug, title } = view.lesson;
	return { user, lesson: { id, slug, title }, lessonUrl, course };
}

async function readableLesson(locals: App.Locals, params: { slug: string; lesson: string }, url: URL, now: Date) {
	const user = requireUser(locals, url);
	let page;
	try {
		// The content version came with the session (one query fewer for the cache's check).
		page = await readLesson(db, params.slug, params.lesson, user, now, contentCache, locals.session?.versions?.content);
	} catch (e) {
		return failFrom(e) as never;
	}
	const lessonUrl = `/courses/${params.slug}/${params.lesson}`;
	if (!page.view) redirect(303, lessonUrl);
	const { course } = page.view;
	return {
		user,
		view: page.view,
		lessonUrl,
		course: { id: course.id, slug: course.slug, title: course.title, language: course.language }
	};
}
