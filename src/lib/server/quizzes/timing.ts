import type { ReviewPolicy } from './model';

/**
 * Time rules, with the clock passed in (`now`), so they are the same in tests and on the
 * server. The server's clock is the only one that counts: the browser's countdown is a
 * courtesy.
 *
 * How a caller keeps an attempt to its deadline: save the answers with the time the server
 * received them (each autosave or "Save" replaces the previous one only if it came in time:
 * `acceptsAnswersAt`). When the learner submits, or when anyone next touches an attempt
 * whose deadline has passed, grade the answers as of `effectiveSubmitTime(now, deadline)`,
 * that is the last saved answers that came in by the deadline (`answersAsOf`); answers sent
 * after it are not counted, whatever the browser does.
 */

/** When the attempt must end: its time limit, or the quiz's closing, whichever comes first; null: never. */
export function attemptDeadline(startedAt: Date, timeLimitMinutes: number | null, quizClosesAt: Date | null = null): Date | null {
	const limit = timeLimitMinutes === null ? null : startedAt.getTime() + timeLimitMinutes * 60_000;
	const closes = quizClosesAt === null ? null : quizClosesAt.getTime();
	if (limit === null && closes === null) return null;
	return new Date(Math.min(limit ?? Infinity, closes ?? Infinity));
}

/** The time an attempt is graded as of: now, or its deadline if that has passed. */
export function effectiveSubmitTime(now: Date, deadline: Date | null): Date {
	return deadline !== null && now.getTime() > deadline.getTime() ? new Date(deadline) : new Date(now);
}

/** Whether answers received at `receivedAt` still count (up to and including the deadline). */
export function acceptsAnswersAt(receivedAt: Date, deadline: Date | null): boolean {
	return deadline === null || receivedAt.getTime() <= deadline.getTime();
}

/** The last answers saved by `asOf` (saves in any order); undefined when none were. */
export function answersAsOf<T>(saves: readonly { savedAt: Date; answers: T }[], asOf: Date): T | undefined {
	let best: { savedAt: Date; answers: T } | undefined;
	for (const save of saves) {
		if (save.savedAt.getTime() <= asOf.getTime() && (!best || save.savedAt.getTime() >= best.savedAt.getTime())) best = save;
	}
	return best?.answers;
}

/** Whole seconds left, for the countdown; null without a deadline. */
export function secondsLeft(now: Date, deadline: Date | null): number | null {
	return deadline === null ? null : Math.max(0, Math.floor((deadline.getTime() - now.getTime()) / 1000));
}

export type StartProblem = 'quiz_not_open_yet' | 'quiz_closed' | 'no_attempts_left';

/**
 * Why a learner may not start another attempt, or null if they may. The window is open from
 * its first instant and closed from its last. (An attempt still running is resumed, not
 * started again: the caller checks that first.)
 */
export function canStartAttempt(
	attemptsUsed: number,
	attemptsAllowed: number | null,
	window: { opensAt: Date | null; closesAt: Date | null },
	now: Date
): StartProblem | null {
	if (window.opensAt !== null && now.getTime() < window.opensAt.getTime()) return 'quiz_not_open_yet';
	if (window.closesAt !== null && now.getTime() >= window.closesAt.getTime()) return 'quiz_closed';
	if (attemptsAllowed !== null && attemptsUsed >= attemptsAllowed) return 'no_attempts_left';
	return null;
}

/** Whether a submitted attempt's review may show the correct answers and the feedback. */
export function mayShowCorrectAnswers(review: ReviewPolicy, attemptSubmitted: boolean, quizClosed: boolean): boolean {
	if (!attemptSubmitted) return false;
	if (review === 'after_attempt') return true;
	if (review === 'after_close') return quizClosed;
	return false;
}

/** Whether the quiz has closed (for mayShowCorrectAnswers); never, without a closing time. */
export function isClosed(closesAt: Date | null, now: Date): boolean {
	return closesAt !== null && now.getTime() >= closesAt.getTime();
}
