import type { Transaction } from 'kysely';
import { renderMarkdown } from '../content/markdown';
import { assetResolver } from '../courses/assets';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError } from '../errors';
import { learningContext, type LearningContext } from '../progress/context';
import { buildAttempt } from '../quizzes/draw';
import type { QuestionStatus } from '../quizzes/grade';
import type { ReviewPolicy } from '../quizzes/model';
import { reviewView, type Solution } from '../quizzes/review';
import { canStartAttempt, isClosed, mayShowCorrectAnswers, secondsLeft, type StartProblem } from '../quizzes/timing';
import { attemptView, type QuestionView } from '../quizzes/view';
import {
	closeExpiredAttempt,
	closeExpiredAttempts,
	findQuizLesson,
	getOwnAttempt,
	isExpired,
	quizClosesAt,
	type AttemptRow,
	type QuizLesson
} from './quizzes';

/**
 * What the pages of a quiz show: the panel on the quiz lesson (settings, attempts, the start
 * button), an open attempt (its form) and a submitted one (its review). Built only from the
 * engine's views (quizzes/view.ts, review.ts): an open attempt's data holds prompts, options
 * named by position and the learner's own answers, never which are right. Markdown is
 * rendered (sanitised) here. Loads that find an attempt past its deadline grade it, so the
 * learner never sees a running attempt that is over; they take a transaction for that.
 */

/** Markdown rendered with the course's files resolved. */
type Render = (markdown: string) => string;

async function renderer(db: Database, courseId: string): Promise<Render> {
	const assets = await db.selectFrom('asset').select(['id', 'path']).where('courseId', '=', courseId).execute();
	const resolveAsset = assetResolver(assets);
	return (markdown) => (markdown.trim() ? renderMarkdown(markdown, { resolveAsset }).html : '');
}

/** The zone times are shown in: the cohort's, or UTC for someone studying on their own. */
async function timeZoneOf(db: Database, cohortId: string | null): Promise<string> {
	if (cohortId === null) return 'UTC';
	const row = await db.selectFrom('cohort').select('timeZone').where('id', '=', cohortId).executeTakeFirst();
	return row?.timeZone ?? 'UTC';
}

export interface AttemptSummary {
	id: string;
	number: number;
	startedAt: Date;
	submittedAt: Date;
	score: number | null;
	maxScore: number | null;
	percent: number | null;
	passed: boolean | null;
}

export interface QuizPanelData {
	title: string;
	descriptionHtml: string;
	questionCount: number;
	timeLimitMinutes: number | null;
	attemptsAllowed: number | null;
	passPercent: number;
	review: ReviewPolicy;
	/** the cohort's closing time for this quiz */
	closesAt: Date | null;
	closed: boolean;
	timeZone: string;
	/** false for a visitor who is not signed in: the intro and a link to sign in */
	signedIn: boolean;
	/** submitted attempts, first first */
	attempts: AttemptSummary[];
	open: { id: string; number: number; deadlineAt: Date | null; secondsLeft: number | null } | null;
	attemptsUsed: number;
	/** null: unlimited */
	attemptsLeft: number | null;
	bestPercent: number | null;
	passed: boolean;
	/** why another attempt may not start; null when it may (or one is running) */
	startProblem: StartProblem | null;
}

/** The quiz lesson's panel for this learning context (null: a visitor who is not signed in). */
export async function quizLessonData(trx: Transaction<DB>, ctx: LearningContext | null, lesson: QuizLesson, now: Date): Promise<QuizPanelData> {
	const settings = lesson.quiz.settings;
	const render = await renderer(trx, lesson.courseId);
	const closesAt = ctx ? await quizClosesAt(trx, ctx.cohortId, lesson.id) : null;
	const base = {
		title: settings.title,
		descriptionHtml: render(settings.description),
		// the draw decides how many; any seed gives the same number
		questionCount: buildAttempt(lesson.quiz, 'count').questions.length,
		timeLimitMinutes: settings.timeLimitMinutes,
		attemptsAllowed: settings.attemptsAllowed,
		passPercent: settings.passPercent,
		review: settings.review,
		closesAt,
		closed: isClosed(closesAt, now),
		timeZone: await timeZoneOf(trx, ctx?.cohortId ?? null)
	};
	if (!ctx) {
		const none = { attempts: [], open: null, attemptsUsed: 0, attemptsLeft: settings.attemptsAllowed, bestPercent: null, passed: false };
		return { ...base, signedIn: false, ...none, startProblem: null };
	}
	await closeExpiredAttempts(trx, ctx, lesson.id, now);
	const rows = await trx
		.selectFrom('quizAttempt')
		.select(['id', 'number', 'startedAt', 'submittedAt', 'deadlineAt', 'score', 'maxScore', 'percent', 'passed'])
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lesson.id)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.orderBy('number')
		.execute();
	const attempts = rows.flatMap((r) => (r.submittedAt ? [{ ...r, submittedAt: r.submittedAt }] : []));
	const running = rows.find((r) => !r.submittedAt);
	const percents = attempts.map((a) => a.percent).filter((p): p is number => p !== null);
	const left = settings.attemptsAllowed === null ? null : Math.max(0, settings.attemptsAllowed - rows.length);
	return {
		...base,
		signedIn: true,
		attempts: attempts.map(({ deadlineAt: _, ...a }) => a),
		open: running ? { id: running.id, number: running.number, deadlineAt: running.deadlineAt, secondsLeft: secondsLeft(now, running.deadlineAt) } : null,
		attemptsUsed: rows.length,
		attemptsLeft: left,
		bestPercent: percents.length ? Math.max(...percents) : null,
		passed: attempts.some((a) => a.passed),
		startProblem: running ? null : canStartAttempt(rows.length, settings.attemptsAllowed, { opensAt: null, closesAt }, now)
	};
}

/** The panel for a reader of the lesson (signed in or not); null when the lesson is not a quiz. */
export async function quizPanel(
	trx: Transaction<DB>,
	user: { id: string } | null | undefined,
	courseId: string,
	lessonSlug: string,
	now: Date
): Promise<QuizPanelData | null> {
	const lesson = await findQuizLesson(trx, courseId, lessonSlug);
	if (!lesson) return null;
	const ctx = user ? await learningContext(trx, user.id, courseId) : null;
	return quizLessonData(trx, ctx, lesson, now);
}

/** A question with its prompt rendered (the union kept, each member with promptHtml for prompt). */
export type QuestionHtml = QuestionView extends infer Q ? (Q extends { prompt: string } ? Omit<Q, 'prompt'> & { promptHtml: string } : never) : never;

const withHtml = (q: QuestionView, render: Render): QuestionHtml => {
	const { prompt, ...rest } = q;
	return { ...rest, promptHtml: render(prompt) } as QuestionHtml;
};

/** What a review shows of a question, when the policy allows (choice feedback: the chosen options'). */
export interface QuestionOutcome {
	status: QuestionStatus;
	score: number;
	max: number;
	note: 'not_a_number' | null;
	generalHtml: string;
	outcomeHtml: string;
	/** feedback of the options the learner chose, by option value */
	options: { value: string; html: string }[];
}
export type SolutionView = Solution extends infer S ? (S extends { feedback: unknown } ? Omit<S, 'feedback'> : S) : never;
export type ReviewQuestionHtml = QuestionHtml & { outcome?: QuestionOutcome; solution?: SolutionView };

interface AttemptHeader {
	id: string;
	number: number;
	title: string;
	timeZone: string;
	startedAt: Date;
	deadlineAt: Date | null;
	attemptsAllowed: number | null;
	passPercent: number;
}

export type AttemptPage =
	| (AttemptHeader & {
			kind: 'open';
			questions: QuestionHtml[];
			points: number;
			secondsLeft: number | null;
			savedAt: Date | null;
	  })
	| (AttemptHeader & {
			kind: 'review';
			questions: ReviewQuestionHtml[];
			submittedAt: Date;
			/** graded as of its deadline */
			late: boolean;
			score: number;
			max: number;
			percent: number;
			passed: boolean;
			/** the policy lets the correct answers and the feedback show */
			reveal: boolean;
			review: ReviewPolicy;
			closesAt: Date | null;
	  });

/**
 * The learner's attempt of this quiz lesson: its form while it runs, its review once
 * submitted (graded first if its deadline has passed). Another's attempt, or one of another
 * quiz, is NotFound.
 */
export async function attemptPage(trx: Transaction<DB>, attemptId: string, user: { id: string }, lesson: { id: string }, now: Date): Promise<AttemptPage> {
	let row = await getOwnAttempt(trx, attemptId, user.id);
	if (row.lessonId !== lesson.id) throw new NotFoundError('error_quiz_attempt_not_found');
	if (isExpired(row, now)) {
		row = await getOwnAttempt(trx, attemptId, user.id, true);
		if (await closeExpiredAttempt(trx, row, now)) row = await getOwnAttempt(trx, attemptId, user.id);
	}
	const render = await renderer(trx, row.courseId);
	const header: AttemptHeader = {
		id: row.id,
		number: row.number,
		title: row.quiz.settings.title,
		timeZone: await timeZoneOf(trx, row.cohortId),
		startedAt: row.startedAt,
		deadlineAt: row.deadlineAt,
		attemptsAllowed: row.quiz.settings.attemptsAllowed,
		passPercent: row.quiz.settings.passPercent
	};
	if (!row.submittedAt) {
		const view = attemptView(row.quiz, row.attempt, row.answers);
		return {
			...header,
			kind: 'open',
			questions: view.questions.map((q) => withHtml(q, render)),
			points: view.points,
			secondsLeft: secondsLeft(now, row.deadlineAt),
			savedAt: row.answersSavedAt
		};
	}
	return { ...header, ...(await attemptReview(trx, row, now, render)) };
}

/** The review of a submitted attempt, as its quiz's review policy allows now. */
export async function attemptReview(db: Database, row: AttemptRow, now: Date, render?: Render) {
	if (!row.submittedAt || !row.result) throw new NotFoundError('error_quiz_attempt_not_found');
	const draw = render ?? (await renderer(db, row.courseId));
	const closesAt = await quizClosesAt(db, row.cohortId, row.lessonId);
	const review = row.quiz.settings.review;
	const reveal = mayShowCorrectAnswers(review, true, isClosed(closesAt, now));
	const view = reviewView(row.quiz, row.attempt, row.answers, row.result, reveal);
	const questions = view.questions.map((q): ReviewQuestionHtml => {
		const { result, solution, ...shown } = q;
		const out: ReviewQuestionHtml = withHtml(shown as QuestionView, draw);
		if (!reveal || !result || !solution) return out;
		const chosen = q.type === 'single_choice' ? [q.response] : q.type === 'multiple_response' ? q.response : [];
		const options =
			solution.type === 'single_choice' || solution.type === 'multiple_response'
				? solution.feedback.flatMap((feedback, i) => {
						const value = String(i + 1);
						return feedback !== null && chosen.includes(value) ? [{ value, html: draw(feedback) }] : [];
					})
				: [];
		const { feedback: _, ...plain } = solution as Solution & { feedback?: unknown };
		return {
			...out,
			outcome: {
				status: result.status,
				score: result.score,
				max: result.max,
				note: result.note,
				generalHtml: draw(result.feedback.general ?? ''),
				outcomeHtml: draw(result.feedback.outcome ?? ''),
				options
			},
			solution: plain as SolutionView
		};
	});
	const late = row.deadlineAt !== null && row.submittedAt.getTime() >= row.deadlineAt.getTime();
	return {
		kind: 'review' as const,
		questions,
		submittedAt: row.submittedAt,
		late,
		score: view.score,
		max: view.max,
		percent: view.percent,
		passed: view.passed,
		reveal,
		review,
		closesAt
	};
}
