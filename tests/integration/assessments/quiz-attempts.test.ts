import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/lib/server/errors';
import type { LearningContext } from '../../../src/lib/server/progress/context';
import {
	findQuizLesson,
	getOwnAttempt,
	saveAnswers,
	startAttempt,
	submitAttempt,
	type QuizLesson
} from '../../../src/lib/server/assessments/quizzes';
import { attemptPage, quizLessonData, quizPanel } from '../../../src/lib/server/assessments/quiz-pages';
import { buildAttempt, type Attempt } from '../../../src/lib/server/quizzes/draw';
import type { FormLike } from '../../../src/lib/server/quizzes/grade';
import type { Quiz } from '../../../src/lib/server/quizzes/model';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { addQuizLesson, correctForm, QUIZ_YAML, quizFrom, SECRETS, wrongForm, type QuizCourse } from './quiz-fixtures';

const db = await testDatabase();
const NOW = new Date('2026-11-20T08:00:00Z');
const MINUTE = 60_000;
const at = (minutes: number) => new Date(NOW.getTime() + minutes * MINUTE);

let course: QuizCourse;
let n = 0;

beforeAll(async () => {
	course = await importTestCourse(db, 'quiz-runtime', 'open');
});

/** A new quiz lesson of the course (each test its own) and the lesson as the runtime reads it. */
async function newQuiz(edit: (quiz: Quiz) => void = () => {}): Promise<QuizLesson> {
	const slug = `quiz-${++n}`;
	await addQuizLesson(db, course, slug, quizFrom(QUIZ_YAML, edit));
	return (await findQuizLesson(db, course.id, slug))!;
}

async function learner(cohortId: string | null = null): Promise<LearningContext & { id: string }> {
	const person = await makePerson(db);
	return { id: person.id, userId: person.id, courseId: course.id, cohortId };
}

const start = (ctx: LearningContext, lesson: QuizLesson, now = NOW) => db.transaction().execute((trx) => startAttempt(trx, ctx, lesson, now));
const save = (id: string, user: { id: string }, form: FormLike, now = NOW) => db.transaction().execute((trx) => saveAnswers(trx, id, user, form, now));
const submit = (id: string, user: { id: string }, form: FormLike, now = NOW, askIfUnanswered = false) =>
	db.transaction().execute((trx) => submitAttempt(trx, id, user, form, now, { askIfUnanswered }));
const page = (id: string, user: { id: string }, lesson: QuizLesson, now = NOW) => db.transaction().execute((trx) => attemptPage(trx, id, user, lesson, now));
const panel = (ctx: LearningContext | null, lesson: QuizLesson, now = NOW) => db.transaction().execute((trx) => quizLessonData(trx, ctx, lesson, now));

/** The stored attempt (as drawn) and quiz snapshot, for building the forms a learner would send. */
async function drawn(id: string, userId: string): Promise<{ attempt: Attempt; quiz: Quiz }> {
	const row = await getOwnAttempt(db, id, userId);
	return { attempt: row.attempt, quiz: row.quiz };
}

async function refusal(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		if (e instanceof ConflictError || e instanceof NotFoundError) return e.message;
		throw e;
	}
	throw new Error('expected a refusal');
}

describe('taking a quiz', () => {
	it('starts, saves and submits an attempt, and shows the graded review with feedback', async () => {
		const lesson = await newQuiz();
		const me = await learner();
		const started = await start(me, lesson);
		expect(started.resumed).toBe(false);

		const open = await page(started.id, me, lesson);
		expect(open.kind).toBe('open');
		if (open.kind !== 'open') return;
		expect(open.number).toBe(1);
		expect(open.questions).toHaveLength(7);
		expect(open.deadlineAt).toBeNull();
		expect(open.savedAt).toBeNull();

		const { quiz, attempt } = await drawn(started.id, me.id);
		const right = correctForm(quiz, attempt);
		// Save half the answers, then come back: they are there.
		const saved = await save(started.id, me, right.slice(0, 3), at(1));
		expect(saved).toEqual({ status: 'saved', savedAt: at(1) });
		const reloaded = await page(started.id, me, lesson, at(2));
		if (reloaded.kind !== 'open') throw new Error('still open');
		expect(reloaded.savedAt).toEqual(at(1));
		// The saved entries come back as the responses of whichever questions were drawn first
		// (a matching or ordering question keeps one response per row).
		const responses = reloaded.questions.flatMap((q) =>
			'left' in q ? q.left.map((l) => l.response) : 'items' in q ? q.items.map((i) => i.response) : 'response' in q ? ([] as unknown[]).concat(q.response) : []
		);
		expect(responses.filter((r) => r !== null && r !== '')).toHaveLength(3);

		const result = await submit(started.id, me, right, at(3));
		expect(result).toMatchObject({ status: 'submitted', already: false, late: false, grade: { percent: 100, passed: true, score: 7, max: 7 } });

		const review = await page(started.id, me, lesson, at(4));
		expect(review.kind).toBe('review');
		if (review.kind !== 'review') return;
		expect(review).toMatchObject({ percent: 100, passed: true, reveal: true, late: false, submittedAt: at(3) });
		expect(review.questions.every((q) => q.outcome?.status === 'correct')).toBe(true);
		const unit = review.questions.find((q) => q.id === 'unit')!;
		expect(unit.outcome?.generalHtml).toContain('Zebrageneral-unit');
		expect(unit.outcome?.outcomeHtml).toContain('Zebracorrect-unit');
		expect(unit.outcome?.options.map((o) => o.html).join()).toContain('Zebrafeedback-basin');
		expect(unit.solution).toMatchObject({ type: 'single_choice' });

		const summary = await panel(me, lesson, at(5));
		expect(summary).toMatchObject({ attemptsUsed: 1, bestPercent: 100, passed: true, open: null, startProblem: null, questionCount: 7 });
		expect(summary.attempts).toHaveLength(1);
	});

	it('resumes the open attempt on a second start (a double click), with one row', async () => {
		const lesson = await newQuiz();
		const me = await learner();
		const [a, b] = await Promise.all([start(me, lesson), start(me, lesson)]);
		expect(a.id).toBe(b.id);
		expect([a.resumed, b.resumed].sort()).toEqual([false, true]);
		const again = await start(me, lesson, at(5));
		expect(again).toEqual({ id: a.id, resumed: true });
		const rows = await db.selectFrom('quizAttempt').select('id').where('lessonId', '=', lesson.id).where('userId', '=', me.id).execute();
		expect(rows).toHaveLength(1);
	});

	it('refuses an attempt beyond the attempts allowed', async () => {
		const lesson = await newQuiz((q) => (q.settings.attemptsAllowed = 2));
		const me = await learner();
		for (const minute of [0, 10]) {
			const { id } = await start(me, lesson, at(minute));
			await submit(id, me, [], at(minute + 1));
		}
		expect(await refusal(start(me, lesson, at(20)))).toBe('error_quiz_no_attempts_left');
		const summary = await panel(me, lesson, at(21));
		expect(summary).toMatchObject({ attemptsUsed: 2, attemptsLeft: 0, startProblem: 'no_attempts_left' });
		// Another learner has their own attempts.
		const other = await learner();
		expect((await start(other, lesson, at(20))).resumed).toBe(false);
	});

	it('asks before submitting with unanswered questions, keeping the answers', async () => {
		const lesson = await newQuiz();
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		const some = correctForm(quiz, attempt).filter(([name]) => name.startsWith('q.unit') || name.startsWith('q.economic'));
		const asked = await submit(id, me, some, at(1), true);
		expect(asked).toEqual({ status: 'unanswered', unanswered: 5, total: 7 });
		const still = await page(id, me, lesson, at(2));
		expect(still.kind).toBe('open');
		expect(still.kind === 'open' && still.savedAt).toEqual(at(1));
		// Confirmed: submitted as it is.
		const done = await submit(id, me, some, at(3), false);
		expect(done).toMatchObject({ status: 'submitted', grade: { score: 2, max: 7 } });
	});
});

describe('time limits, on the server clock', () => {
	it('ignores answers saved after the deadline and grades as of the deadline', async () => {
		const lesson = await newQuiz((q) => (q.settings.timeLimitMinutes = 10));
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		expect((await page(id, me, lesson, at(1))) as { deadlineAt: Date; secondsLeft: number }).toMatchObject({ deadlineAt: at(10), secondsLeft: 540 });

		await save(id, me, correctForm(quiz, attempt), at(5));
		// Exactly at the deadline still counts; a second later is refused and closes the attempt.
		await save(id, me, correctForm(quiz, attempt), at(10));
		expect(await save(id, me, wrongForm(quiz, attempt), new Date(at(10).getTime() + 1000))).toEqual({ status: 'time_up' });

		const row = await getOwnAttempt(db, id, me.id);
		expect(row.submittedAt).toEqual(at(10));
		expect(row.answersSavedAt).toEqual(at(10));
		const review = await page(id, me, lesson, at(12));
		expect(review).toMatchObject({ kind: 'review', percent: 100, late: true });
		// Saving or submitting again changes nothing.
		expect(await save(id, me, wrongForm(quiz, attempt), at(13))).toEqual({ status: 'submitted' });
		expect(await submit(id, me, wrongForm(quiz, attempt), at(13))).toMatchObject({ already: true, grade: { percent: 100 } });
	});

	it('grades a late submit with the answers saved by the deadline, not the late form', async () => {
		const lesson = await newQuiz((q) => (q.settings.timeLimitMinutes = 10));
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		const partial = correctForm(quiz, attempt).filter(([name]) => name.startsWith('q.unit'));
		await save(id, me, partial, at(9));
		const late = await submit(id, me, correctForm(quiz, attempt), at(30));
		expect(late).toMatchObject({ status: 'submitted', late: true, grade: { score: 1, max: 7 } });
		const row = await getOwnAttempt(db, id, me.id);
		expect(row.submittedAt).toEqual(at(10));
		expect(Object.keys(row.answers)).toEqual(['unit']);
	});

	it('grades an attempt left open past its deadline when the learner comes back', async () => {
		const lesson = await newQuiz((q) => (q.settings.timeLimitMinutes = 5));
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		await save(id, me, correctForm(quiz, attempt), at(2));
		// The lesson's panel, hours later: no running attempt, one graded as of its deadline.
		const later = await panel(me, lesson, at(240));
		expect(later.open).toBeNull();
		expect(later.attempts).toEqual([expect.objectContaining({ id, number: 1, submittedAt: at(5), percent: 100, passed: true })]);
		// A new attempt may start.
		expect((await start(me, lesson, at(241))).resumed).toBe(false);
	});

	it('ends attempts when the quiz closes for the cohort, and refuses new ones after', async () => {
		const lesson = await newQuiz((q) => (q.settings.timeLimitMinutes = 60));
		const cohort = await makeCohort(db, course.id);
		await db.insertInto('cohortLessonDate').values({ cohortId: cohort.id, lessonId: lesson.id, dueAt: at(20) }).execute();
		const me = await learner(cohort.id);
		const { id } = await start(me, lesson);
		const open = await page(id, me, lesson, at(1));
		expect(open).toMatchObject({ kind: 'open', deadlineAt: at(20) });
		expect(await panel(me, lesson, at(1))).toMatchObject({ closesAt: at(20), closed: false, timeZone: 'Asia/Almaty' });
		await submit(id, me, [], at(2));
		expect(await refusal(start(me, lesson, at(20)))).toBe('error_quiz_closed');
		// The same person studying without the cohort is another context, with no closing date.
		const alone: LearningContext = { ...me, cohortId: null };
		expect((await start(alone, lesson, at(20))).resumed).toBe(false);
	});
});

describe('submitting is idempotent', () => {
	it('counts a second submit of the same attempt once and returns the stored result', async () => {
		const lesson = await newQuiz();
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		const first = await submit(id, me, correctForm(quiz, attempt), at(1));
		const second = await submit(id, me, wrongForm(quiz, attempt), at(2));
		expect(first).toMatchObject({ already: false, grade: { percent: 100 } });
		expect(second).toMatchObject({ already: true, grade: { percent: 100 } });
		const row = await getOwnAttempt(db, id, me.id);
		expect(row.submittedAt).toEqual(at(1));
	});

	it('counts two concurrent submits once, and records the course completion once', async () => {
		const lesson = await newQuiz();
		await db
			.updateTable('course')
			.set({ completionRules: JSON.stringify({ lessons: 'none', quizzes: [lesson.slug] }) })
			.where('id', '=', course.id)
			.execute();
		try {
			const me = await learner();
			const { id } = await start(me, lesson);
			const { quiz, attempt } = await drawn(id, me.id);
			const results = await Promise.all([submit(id, me, correctForm(quiz, attempt), at(1)), submit(id, me, correctForm(quiz, attempt), at(1))]);
			expect(results.map((r) => r.status === 'submitted' && r.already).sort()).toEqual([false, true]);
			const rows = await db.selectFrom('quizAttempt').select(['id', 'percent']).where('userId', '=', me.id).execute();
			expect(rows).toEqual([{ id, percent: 100 }]);
			const completions = await db.selectFrom('courseCompletion').select('id').where('userId', '=', me.id).execute();
			expect(completions).toHaveLength(1);
		} finally {
			await db.updateTable('course').set({ completionRules: null }).where('id', '=', course.id).execute();
		}
	});
});

describe('draws', () => {
	it('keeps each attempt as drawn: the same after a reload, rebuilt from its stored seed, untouched by later edits', async () => {
		const lesson = await newQuiz((q) => {
			q.settings.draw = 4;
			q.settings.shuffleQuestions = true;
		});
		const me = await learner();
		const { id } = await start(me, lesson);
		const stored = await db.selectFrom('quizAttempt').select(['seed', 'attempt', 'quiz']).where('id', '=', id).executeTakeFirstOrThrow();
		expect(buildAttempt(lesson.quiz, stored.seed)).toEqual(stored.attempt);

		const first = await page(id, me, lesson, at(1));
		const again = await page(id, me, lesson, at(2));
		expect(first.questions).toHaveLength(4);
		expect(again.questions).toEqual(first.questions);

		// The author edits the quiz: the running attempt keeps its snapshot.
		const edited = quizFrom(QUIZ_YAML, (q) => {
			q.questions = q.questions.map((x) => ({ ...x, prompt: `Edited: ${x.prompt}` }));
			q.settings.draw = 4;
		});
		await db
			.updateTable('lessonItem')
			.set({ data: JSON.stringify(edited) })
			.where('lessonId', '=', lesson.id)
			.execute();
		const afterEdit = await page(id, me, (await findQuizLesson(db, course.id, lesson.slug))!, at(3));
		expect(afterEdit.questions).toEqual(first.questions);

		// Attempts draw on their own: over a few, not every one is the same.
		const others = await Promise.all(
			[1, 2, 3, 4, 5].map(async () => {
				const other = await learner();
				const started = await start(other, lesson);
				return JSON.stringify((await drawn(started.id, other.id)).attempt);
			})
		);
		expect(new Set([JSON.stringify(stored.attempt), ...others]).size).toBeGreaterThan(1);
	});
});

describe('bad input', () => {
	it('ignores answers to questions not in the attempt and tampered option ids, without an error', async () => {
		// "unit" (single choice) is always asked; two of the others are drawn.
		const lesson = await newQuiz((q) => {
			for (const question of q.questions) question.pool = question.id === 'unit' ? null : 'rest';
			q.settings.draw = { rest: 2 };
		});
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		const inAttempt = new Set(attempt.questions.map((q) => q.id));
		const missing = quiz.questions.find((q) => !inAttempt.has(q.id))!;
		const form: [string, string][] = [
			[`q.${missing.id}`, '1'],
			['q.no-such-question', '1'],
			['q.unit', '99'],
			['q.unit', 'right-one'],
			['q.unit.1', '1'],
			['q.__proto__', '1'],
			['confirm', 'yes']
		];
		expect(await save(id, me, form, at(1))).toMatchObject({ status: 'saved' });
		const row = await getOwnAttempt(db, id, me.id);
		expect(row.answers).toEqual({});
		const result = await submit(id, me, form, at(2));
		expect(result).toMatchObject({ status: 'submitted', grade: { score: 0 } });
	});

	it('treats another learner’s attempt, and a made-up id, as not found', async () => {
		const lesson = await newQuiz();
		const owner = await learner();
		const intruder = await learner();
		const { id } = await start(owner, lesson);
		expect(await refusal(page(id, intruder, lesson))).toBe('error_quiz_attempt_not_found');
		expect(await refusal(save(id, intruder, [['q.unit', '1']]))).toBe('error_quiz_attempt_not_found');
		expect(await refusal(submit(id, intruder, []))).toBe('error_quiz_attempt_not_found');
		expect(await refusal(page('not-a-uuid', owner, lesson))).toBe('error_quiz_attempt_not_found');
		expect(await refusal(page('00000000-0000-4000-8000-000000000000', owner, lesson))).toBe('error_quiz_attempt_not_found');
		// The owner's attempt, asked for under another quiz lesson, is not found either.
		const otherLesson = await newQuiz();
		expect(await refusal(page(id, owner, otherLesson))).toBe('error_quiz_attempt_not_found');
		// The intruder's own panel shows none of it.
		expect((await panel(intruder, lesson)).attempts).toEqual([]);
		// Nothing changed for the owner.
		expect((await getOwnAttempt(db, id, owner.id)).submittedAt).toBeNull();
	});
});

describe('correct answers stay on the server until the attempt is submitted', () => {
	it('sends none of them with the quiz panel or the open attempt, even with saved answers', async () => {
		const lesson = await newQuiz((q) => (q.settings.timeLimitMinutes = 30));
		const me = await learner();
		const { id } = await start(me, lesson);
		const { quiz, attempt } = await drawn(id, me.id);
		await save(id, me, wrongForm(quiz, attempt), at(1));
		const open = JSON.stringify(await page(id, me, lesson, at(2)));
		const lessonPanel = JSON.stringify(await db.transaction().execute((trx) => quizPanel(trx, me, course.id, lesson.slug, at(2))));
		const anonymous = JSON.stringify(await panel(null, lesson));
		for (const secret of SECRETS) {
			expect(open, secret).not.toContain(secret);
			expect(lessonPanel, secret).not.toContain(secret);
			expect(anonymous, secret).not.toContain(secret);
		}
		// The choice texts are there, named by position only.
		expect(open).toContain('The river basin');
	});

	it('follows the review policy: after the quiz closes, or never', async () => {
		const afterClose = await newQuiz((q) => (q.settings.review = 'after_close'));
		const never = await newQuiz((q) => (q.settings.review = 'never'));
		const cohort = await makeCohort(db, course.id);
		await db.insertInto('cohortLessonDate').values({ cohortId: cohort.id, lessonId: afterClose.id, dueAt: at(60) }).execute();
		const me = await learner(cohort.id);
		for (const lesson of [afterClose, never]) {
			const { id } = await start(me, lesson);
			const { quiz, attempt } = await drawn(id, me.id);
			await submit(id, me, wrongForm(quiz, attempt), at(1));
			const before = await page(id, me, lesson, at(2));
			expect(before).toMatchObject({ kind: 'review', reveal: false, percent: 0, passed: false });
			const text = JSON.stringify(before);
			for (const secret of ['Zebra', 'Quokkadarya', '87.25', 'solution', 'outcome', 'incorrect']) expect(text, secret).not.toContain(secret);
			// The learner's own answers are shown.
			expect(text).toContain('Volga');
			const after = await page(id, me, lesson, at(61));
			expect(after).toMatchObject({ reveal: lesson === afterClose });
			if (lesson === afterClose) expect(JSON.stringify(after)).toContain('Quokkadarya');
			else expect(JSON.stringify(after)).not.toContain('Quokkadarya');
		}
	});
});
