import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failFrom } from '$lib/server/http';
import { learningContext } from '$lib/server/progress/context';
import { startAttempt } from '$lib/server/assessments/quizzes';
import { quizLessonData } from '$lib/server/assessments/quiz-pages';
import { quizAccess } from './guard';
import type { Actions, PageServerLoad } from './$types';

/** The quiz on its own page (where the start action answers without JavaScript), and starting an attempt. */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const now = new Date();
	const { user, lesson, course } = await quizAccess(locals, params, url, now);
	setHeaders({ 'cache-control': 'private, no-store' });
	const ctx = await learningContext(db, user.id, course.id);
	const quiz = await db.transaction().execute((trx) => quizLessonData(trx, ctx, lesson, now));
	return { course, lesson: { slug: lesson.slug, title: lesson.title }, quiz };
};

export const actions = {
	// Starts an attempt, or resumes the one running (a second click lands on the same attempt).
	start: async ({ locals, params, url }) => {
		const now = new Date();
		const { user, lesson, course, lessonUrl } = await quizAccess(locals, params, url, now);
		let id: string;
		try {
			const ctx = await learningContext(db, user.id, course.id);
			({ id } = await db.transaction().execute((trx) => startAttempt(trx, ctx, lesson, now)));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `${lessonUrl}/quiz/${id}`);
	}
} satisfies Actions;
