import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failFrom } from '$lib/server/http';
import { saveAnswers, submitAttempt } from '$lib/server/assessments/quizzes';
import { attemptPage } from '$lib/server/assessments/quiz-pages';
import { attemptAccess } from '../guard';
import type { Actions, PageServerLoad } from './$types';

/**
 * One of the learner's attempts: its form while it runs (Save, Submit), its review once
 * submitted. Another person's attempt is not found. The form holds the whole attempt, so Save
 * and Submit both send every answer; past the deadline the server ignores them (quizzes.ts).
 */
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	const now = new Date();
	const { user, lesson, course } = await attemptAccess(locals, params, url, now);
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		const attempt = await db.transaction().execute((trx) => attemptPage(trx, params.attempt, user, lesson, now));
		return { course, lesson: { slug: lesson.slug, title: lesson.title }, attempt, notice: url.searchParams.get('notice') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	save: async ({ locals, params, request, url }) => {
		const now = new Date();
		const { user, lesson, lessonUrl } = await attemptAccess(locals, params, url, now);
		const form = await request.formData();
		let outcome;
		try {
			outcome = await db.transaction().execute((trx) => saveAnswers(trx, params.attempt, user, form, now, { lessonId: lesson.id }));
		} catch (e) {
			return failFrom(e);
		}
		if (outcome.status === 'saved') return { saved: outcome.savedAt };
		redirect(303, `${lessonUrl}/quiz/${params.attempt}?notice=${outcome.status === 'time_up' ? 'time_up' : 'already_submitted'}`);
	},
	submit: async ({ locals, params, request, url }) => {
		const now = new Date();
		const { user, lesson, lessonUrl } = await attemptAccess(locals, params, url, now);
		const form = await request.formData();
		const askIfUnanswered = form.get('confirm') !== 'yes';
		let outcome;
		try {
			outcome = await db.transaction().execute((trx) => submitAttempt(trx, params.attempt, user, form, now, { askIfUnanswered, lessonId: lesson.id }));
		} catch (e) {
			return failFrom(e);
		}
		if (outcome.status === 'unanswered') {
			const counts = { count: outcome.unanswered, total: outcome.total };
			return fail(400, { unanswered: outcome.unanswered, errors: { confirm: 'error_quiz_confirm_unanswered' }, params: counts });
		}
		const notice = outcome.late ? 'time_up' : outcome.already ? 'already_submitted' : 'submitted';
		redirect(303, `${lessonUrl}/quiz/${params.attempt}?notice=${notice}`);
	}
} satisfies Actions;
