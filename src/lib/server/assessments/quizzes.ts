import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import type { LearningContext } from '../progress/context';
import { checkCompletion } from '../progress/completion';
import { buildAttempt, newAttemptSeed, type Attempt } from '../quizzes/draw';
import { gradeAttempt, parseAnswers, type FormLike, type GradeResult } from '../quizzes/grade';
import type { Answers, Quiz } from '../quizzes/model';
import { acceptsAnswersAt, attemptDeadline, canStartAttempt, effectiveSubmitTime, type StartProblem } from '../quizzes/timing';
import { attemptView } from '../quizzes/view';
import { quizClosesAt, readStoredQuiz, type QuizLesson } from './quiz-lessons';

/**
 * Taking a quiz: starting, saving and submitting attempts, with the rules of
 * docs/assessment.md ("Quizzes") enforced here, on the server's clock (`now`).
 *
 * - An attempt is drawn once (its seed and questions are stored with a snapshot of the quiz),
 *   so it looks the same after a reload or a restart, and later edits of the quiz do not
 *   change a running or finished attempt.
 * - One open attempt per learner, quiz and context (a partial unique index); starting again
 *   while one is open resumes it.
 * - Past its deadline an attempt accepts nothing: it is graded with the answers saved by the
 *   deadline, when submitted late or when next touched (`closeExpiredAttempt`), whichever
 *   comes first.
 * - Submitting is idempotent: a second submit returns the first result.
 * Every function taking an attempt id also takes the learner: another person's attempt is
 * NotFound, as if it did not exist.
 */

export { findQuizLesson, quizClosesAt, readStoredQuiz, type QuizLesson } from './quiz-lessons';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An attempt as stored, with its course (for the completion check). */
export interface AttemptRow {
	id: string;
	userId: string;
	lessonId: string;
	courseId: string;
	cohortId: string | null;
	number: number;
	attempt: Attempt;
	quiz: Quiz;
	answers: Answers;
	answersSavedAt: Date | null;
	startedAt: Date;
	deadlineAt: Date | null;
	submittedAt: Date | null;
	result: GradeResult | null;
}

/**
 * The learner's attempt, locked for the rest of the transaction when `lock` (so two submits
 * of one attempt run one after the other); NotFound for anyone else's, or no such attempt.
 */
export async function getOwnAttempt(db: Database, attemptId: string, userId: string, lock = false): Promise<AttemptRow> {
	if (!UUID.test(attemptId)) throw new NotFoundError('error_quiz_attempt_not_found');
	let query = db
		.selectFrom('quizAttempt as a')
		.select((eb) => [
			'a.id',
			'a.userId',
			'a.lessonId',
			'a.cohortId',
			'a.number',
			'a.attempt',
			'a.quiz',
			'a.answers',
			'a.answersSavedAt',
			'a.startedAt',
			'a.deadlineAt',
			'a.submittedAt',
			'a.result',
			eb.selectFrom('lesson').select('lesson.courseId').whereRef('lesson.id', '=', 'a.lessonId').as('courseId')
		])
		.where('a.id', '=', attemptId)
		.where('a.userId', '=', userId);
	if (lock) query = query.forUpdate();
	const row = await query.executeTakeFirst();
	if (!row || !row.courseId) throw new NotFoundError('error_quiz_attempt_not_found');
	const quiz = readStoredQuiz(row.quiz);
	if (!quiz) throw new Error(`quiz attempt ${row.id} has no readable quiz snapshot`);
	return {
		...row,
		courseId: row.courseId,
		attempt: row.attempt as Attempt,
		quiz,
		answers: (row.answers ?? {}) as Answers,
		result: (row.result ?? null) as GradeResult | null
	};
}

async function lockedAttempt(trx: Transaction<DB>, attemptId: string, userId: string, lessonId: string | undefined) {
	const row = await getOwnAttempt(trx, attemptId, userId, true);
	if (lessonId !== undefined && row.lessonId !== lessonId) throw new NotFoundError('error_quiz_attempt_not_found');
	return row;
}

const contextOf = (row: AttemptRow): LearningContext => ({ userId: row.userId, courseId: row.courseId, cohortId: row.cohortId });

export const isExpired = (row: { submittedAt: Date | null; deadlineAt: Date | null }, now: Date) =>
	row.submittedAt === null && !acceptsAnswersAt(now, row.deadlineAt);

/**
 * Grades and closes an open attempt (the caller holds its lock), then lets the course's
 * completion rules look at the new result. Counted once: the update only touches an attempt
 * still open.
 */
async function finishAttempt(trx: Transaction<DB>, row: AttemptRow, answers: Answers, answersSavedAt: Date | null, submittedAt: Date, now: Date) {
	const grade = gradeAttempt(row.quiz, row.attempt, answers);
	const updated = await trx
		.updateTable('quizAttempt')
		.set({
			answers: JSON.stringify(answers),
			answersSavedAt,
			submittedAt,
			score: grade.score,
			maxScore: grade.max,
			percent: grade.percent,
			passed: grade.passed,
			result: JSON.stringify(grade)
		})
		.where('id', '=', row.id)
		.where('submittedAt', 'is', null)
		.executeTakeFirst();
	if (updated.numUpdatedRows > 0n) await checkCompletion(trx, contextOf(row), now);
	return grade;
}

/**
 * An attempt whose deadline has passed, graded as of its deadline with the answers saved by
 * then (saves after it were refused). Nothing happens to an attempt still running or already
 * submitted. Returns whether it closed the attempt.
 */
export async function closeExpiredAttempt(trx: Transaction<DB>, row: AttemptRow, now: Date): Promise<boolean> {
	if (!isExpired(row, now)) return false;
	await finishAttempt(trx, row, row.answers, row.answersSavedAt, effectiveSubmitTime(now, row.deadlineAt), now);
	return true;
}

/** The learner's open attempts of the quiz in this context (at most one), locked. */
async function openAttemptIds(trx: Transaction<DB>, ctx: LearningContext, lessonId: string) {
	return trx
		.selectFrom('quizAttempt')
		.select('id')
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lessonId)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.where('submittedAt', 'is', null)
		.forUpdate()
		.execute();
}

/** Closes the learner's open attempt of the quiz if its deadline passed; the one still running, if any. */
export async function closeExpiredAttempts(trx: Transaction<DB>, ctx: LearningContext, lessonId: string, now: Date): Promise<string | null> {
	let running: string | null = null;
	for (const { id } of await openAttemptIds(trx, ctx, lessonId)) {
		const row = await getOwnAttempt(trx, id, ctx.userId, true);
		if (!(await closeExpiredAttempt(trx, row, now))) running = id;
	}
	return running;
}

/** The message of each reason an attempt may not start (quizzes/timing.ts). */
export const START_PROBLEMS: Record<StartProblem, string> = {
	quiz_not_open_yet: 'error_quiz_not_open_yet',
	quiz_closed: 'error_quiz_closed',
	no_attempts_left: 'error_quiz_no_attempts_left'
};

export interface StartedAttempt {
	id: string;
	/** the attempt was already running (a reload, a second click): it is resumed, not started again */
	resumed: boolean;
}

/**
 * Starts an attempt, or resumes the one running. Refused (ConflictError) when the quiz has
 * closed for the learner's cohort or no attempts are left.
 */
export async function startAttempt(trx: Transaction<DB>, ctx: LearningContext, lesson: QuizLesson, now: Date): Promise<StartedAttempt> {
	const running = await closeExpiredAttempts(trx, ctx, lesson.id, now);
	if (running) return { id: running, resumed: true };

	const used = await trx
		.selectFrom('quizAttempt')
		.select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.max('number').as('last')])
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lesson.id)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirstOrThrow();
	const settings = lesson.quiz.settings;
	const closesAt = await quizClosesAt(trx, ctx.cohortId, lesson.id);
	const problem = canStartAttempt(Number(used.count), settings.attemptsAllowed, { opensAt: null, closesAt }, now);
	if (problem) throw new ConflictError(START_PROBLEMS[problem], { allowed: settings.attemptsAllowed ?? 0 });

	const seed = newAttemptSeed();
	const inserted = await trx
		.insertInto('quizAttempt')
		.values({
			userId: ctx.userId,
			lessonId: lesson.id,
			cohortId: ctx.cohortId,
			number: Number(used.last ?? 0) + 1,
			seed,
			attempt: JSON.stringify(buildAttempt(lesson.quiz, seed)),
			quiz: JSON.stringify(lesson.quiz),
			startedAt: now,
			deadlineAt: attemptDeadline(now, settings.timeLimitMinutes, closesAt)
		})
		// A second click that raced this one: its attempt (the open one, or the same number) wins.
		.onConflict((oc) => oc.doNothing())
		.returning('id')
		.executeTakeFirst();
	if (inserted) return { id: inserted.id, resumed: false };
	const [other] = await openAttemptIds(trx, ctx, lesson.id);
	if (other) return { id: other.id, resumed: true };
	throw new ConflictError('error_quiz_busy');
}

export type SaveOutcome =
	| { status: 'saved'; savedAt: Date }
	/** past the deadline: nothing was saved, and the attempt is now graded as of its deadline */
	| { status: 'time_up' }
	/** already submitted: nothing changes */
	| { status: 'submitted' };

/**
 * Keeps the learner's answers (the whole attempt form; fields that do not fit the attempt are
 * left out without complaint). Refused after the deadline, which closes the attempt.
 */
export async function saveAnswers(
	trx: Transaction<DB>,
	attemptId: string,
	user: { id: string },
	form: FormLike,
	now: Date,
	options: { lessonId?: string } = {}
): Promise<SaveOutcome> {
	const row = await lockedAttempt(trx, attemptId, user.id, options.lessonId);
	if (row.submittedAt) return { status: 'submitted' };
	if (await closeExpiredAttempt(trx, row, now)) return { status: 'time_up' };
	const { answers } = parseAnswers(row.attempt, form);
	await trx
		.updateTable('quizAttempt')
		.set({ answers: JSON.stringify(answers), answersSavedAt: now })
		.where('id', '=', row.id)
		.execute();
	return { status: 'saved', savedAt: now };
}

export type SubmitOutcome =
	/** the answers were saved, not submitted: the learner is asked to confirm */
	| { status: 'unanswered'; unanswered: number; total: number }
	| {
			status: 'submitted';
			/** this call did not grade it: it had been submitted (or closed) before */
			already: boolean;
			/** graded as of the deadline, with the answers saved by then */
			late: boolean;
			grade: GradeResult;
	  };

export interface SubmitOptions {
	/** Save instead of submitting when questions are unanswered (the form's second step). */
	askIfUnanswered?: boolean;
	/** the quiz lesson the request is about: an attempt of another is NotFound */
	lessonId?: string;
}

/**
 * Submits the attempt with the form's answers and grades it. Idempotent: an attempt already
 * submitted returns its stored result. Past the deadline the form is ignored and the answers
 * saved by the deadline are graded, as of the deadline.
 */
export async function submitAttempt(
	trx: Transaction<DB>,
	attemptId: string,
	user: { id: string },
	form: FormLike,
	now: Date,
	options: SubmitOptions = {}
): Promise<SubmitOutcome> {
	const row = await lockedAttempt(trx, attemptId, user.id, options.lessonId);
	if (row.submittedAt) {
		const grade = row.result ?? gradeAttempt(row.quiz, row.attempt, row.answers);
		return { status: 'submitted', already: true, late: false, grade };
	}
	if (isExpired(row, now)) {
		const grade = await finishAttempt(trx, row, row.answers, row.answersSavedAt, effectiveSubmitTime(now, row.deadlineAt), now);
		return { status: 'submitted', already: false, late: true, grade };
	}
	const { answers } = parseAnswers(row.attempt, form);
	if (options.askIfUnanswered) {
		const view = attemptView(row.quiz, row.attempt, answers);
		const unanswered = view.questions.filter((q) => !Object.hasOwn(answers, q.id)).length;
		if (unanswered > 0) {
			await trx
				.updateTable('quizAttempt')
				.set({ answers: JSON.stringify(answers), answersSavedAt: now })
				.where('id', '=', row.id)
				.execute();
			return { status: 'unanswered', unanswered, total: view.questions.length };
		}
	}
	const grade = await finishAttempt(trx, row, answers, now, now, now);
	return { status: 'submitted', already: false, late: false, grade };
}
