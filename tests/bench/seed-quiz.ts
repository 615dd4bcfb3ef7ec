// The quiz-submit bench: a new quiz lesson on an open bench course every run, and an attempt
// in progress for each submitter (the same people who post applications), so every measured
// post is the submission of a different person's attempt, graded and stored once.
import type { Database } from '../../src/lib/server/db/connect';
import { buildAttempt } from '../../src/lib/server/quizzes/draw';
import { parseQuizSource } from '../../src/lib/server/quizzes/schema';
import { benchCourseSlug } from './seed-courses';

const BATCH = 500;
export const QUIZ_COURSE = benchCourseSlug(2);

const QUIZ = {
	title: 'Bench quiz',
	pass_percent: 60,
	shuffle_questions: true,
	questions: [
		{
			id: 'basin',
			type: 'single_choice',
			prompt: 'Which sea do the Amu Darya and the Syr Darya feed?',
			choices: [
				{ id: 'aral', text: 'The Aral Sea', correct: true },
				{ id: 'caspian', text: 'The Caspian Sea' },
				{ id: 'black', text: 'The Black Sea' }
			]
		},
		{
			id: 'nexus',
			type: 'multiple_response',
			prompt: 'Which sectors does the nexus approach link?',
			choices: [
				{ id: 'water', text: 'Water', correct: true },
				{ id: 'energy', text: 'Energy', correct: true },
				{ id: 'tourism', text: 'Tourism' }
			]
		},
		{ id: 'finite', type: 'true_false', prompt: 'Fresh water is finite.', answer: true },
		{ id: 'canal', type: 'short_answer', prompt: 'What carries water to the fields?', accepted: ['canal', 'a canal'] },
		{ id: 'drip', type: 'numeric', prompt: 'About what percentage of water does drip bring to the plants?', answer: 90, tolerance: 5 }
	]
};

/** What a browser without JavaScript posts to submit an attempt: every question answered (by position), confirmed. */
export const QUIZ_FORM = new URLSearchParams([
	['q.basin', '1'],
	['q.nexus', '1'],
	['q.nexus', '2'],
	['q.finite', 'true'],
	['q.canal', 'canal'],
	['q.drip', '90'],
	['confirm', 'yes']
]).toString();

/** Adds the run's quiz lesson and an open attempt per person; the submit path of each attempt, in order. */
export async function seedQuizAttempts(db: Database, userIds: string[], now: Date): Promise<{ lessonSlug: string; paths: string[] }> {
	const parsed = parseQuizSource(QUIZ);
	if (!parsed.ok) throw new Error(`bench quiz does not parse: ${JSON.stringify(parsed.issues)}`);
	const quiz = parsed.quiz;
	const course = await db.selectFrom('course').select('id').where('slug', '=', QUIZ_COURSE).executeTakeFirstOrThrow();
	const module = await db.selectFrom('courseModule').select('id').where('courseId', '=', course.id).orderBy('position', 'desc').limit(1).executeTakeFirstOrThrow();
	const last = await db.selectFrom('lesson').select((eb) => eb.fn.max('position').as('p')).where('moduleId', '=', module.id).executeTakeFirstOrThrow();
	const lessonSlug = `bench-quiz-${now.getTime().toString(36)}`;
	const lesson = await db
		.insertInto('lesson')
		.values({ courseId: course.id, moduleId: module.id, slug: lessonSlug, title: 'Bench quiz', position: Number(last.p ?? 0) + 1, required: false })
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('lessonItem').values({ lessonId: lesson.id, position: 1, kind: 'quiz', data: JSON.stringify(quiz) }).execute();

	const ids: string[] = [];
	for (let from = 0; from < userIds.length; from += BATCH) {
		const rows = await db
			.insertInto('quizAttempt')
			.values(
				userIds.slice(from, from + BATCH).map((userId, i) => {
					const seed = `bench-${from + i}`;
					return {
						userId,
						lessonId: lesson.id,
						cohortId: null,
						number: 1,
						seed,
						attempt: JSON.stringify(buildAttempt(quiz, seed)),
						quiz: JSON.stringify(quiz),
						startedAt: now,
						deadlineAt: null
					};
				})
			)
			.returning('id')
			.execute();
		ids.push(...rows.map((r) => r.id));
	}
	return { lessonSlug, paths: ids.map((id) => `/courses/${QUIZ_COURSE}/${lessonSlug}/quiz/${id}?/submit`) };
}

export async function countSubmittedAttempts(db: Database, lessonSlug: string): Promise<number> {
	const row = await db
		.selectFrom('quizAttempt as a')
		.innerJoin('lesson as l', 'l.id', 'a.lessonId')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('l.slug', '=', lessonSlug)
		.where('a.submittedAt', 'is not', null)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
