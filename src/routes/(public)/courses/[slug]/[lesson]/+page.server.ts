import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { failFrom } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/guards';
import { readLesson } from '$lib/server/cohorts/lesson-access';
import { assignmentPanel } from '$lib/server/assessments/assignments';
import { quizPanel } from '$lib/server/assessments/quiz-pages';
import { h5pPanel } from '$lib/server/h5p/activity';
import { setLessonComplete, visitLesson } from '$lib/server/progress/progress';
import type { Actions, PageServerLoad } from './$types';

// readLesson applies the access rules on every request: drafts answer 404 to all but their
// editors (canReadCourse); lessons of a course taught in cohorts only to its members, module
// by module (lessonGate), others get the page saying why and where to join.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	try {
		const now = new Date();
		const page = await readLesson(db, params.slug, params.lesson, locals.user, now, contentCache);
		// An assignment lesson: the reader's submission panel (assessments/assignments.ts).
		// A quiz lesson: its panel (assessments/quiz-pages.ts), in a transaction, as it grades an attempt whose time ran out.
		const view = page.view;
		const quiz = view?.items.some((i) => i.kind === 'quiz')
			? await db.transaction().execute((trx) => quizPanel(trx, locals.user, view.course.id, view.lesson.slug, now))
			: null;
		const assignment = view ? await assignmentPanel(db, locals.user, view, now) : null;
		// An H5P activity: the player's signed link, the learner's saved state and result (h5p/activity.ts).
		const h5p = view ? await h5pPanel(db, locals.user, view, now, url.origin) : null;
		// A signed-in learner's view is recorded, and their progress shown (progress/progress.ts).
		// Anonymous visitors keep no records: their page stays the same for all, and cacheable.
		const user = locals.user;
		const progress = view && user ? await db.transaction().execute((trx) => visitLesson(trx, user, view, now)) : null;
		return { ...page, assignment, quiz, h5p, progress };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	// "Mark as complete" / "Mark as not complete" on a text lesson completed by hand.
	complete: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const completed = (await request.formData()).get('completed') !== 'false';
		try {
			const result = await db.transaction().execute((trx) => setLessonComplete(trx, user, params.slug, params.lesson, completed, new Date()));
			return { marked: result.completed };
		} catch (e) {
			return failFrom(e);
		}
	}
} satisfies Actions;
