import { describe, expect, it } from 'vitest';
import {
	acceptsAnswersAt,
	answersAsOf,
	attemptDeadline,
	canStartAttempt,
	effectiveSubmitTime,
	isClosed,
	mayShowCorrectAnswers,
	secondsLeft
} from '../../../src/lib/server/quizzes/timing';

const NOW = new Date('2026-11-20T08:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describe('the deadline of an attempt', () => {
	it('is the time limit, or the quiz closing if that comes first, or none', () => {
		expect(attemptDeadline(NOW, 30)).toEqual(at(30));
		expect(attemptDeadline(NOW, 30, at(10))).toEqual(at(10));
		expect(attemptDeadline(NOW, 30, at(60))).toEqual(at(30));
		expect(attemptDeadline(NOW, null, at(60))).toEqual(at(60));
		expect(attemptDeadline(NOW, null)).toBeNull();
		expect(attemptDeadline(NOW, null, null)).toBeNull();
	});

	it('grades a late submission as of the deadline, whatever the browser does', () => {
		const deadline = at(30);
		expect(effectiveSubmitTime(at(29), deadline)).toEqual(at(29));
		expect(effectiveSubmitTime(at(30), deadline)).toEqual(at(30));
		expect(effectiveSubmitTime(at(600), deadline)).toEqual(deadline);
		expect(effectiveSubmitTime(at(600), null)).toEqual(at(600));
		expect(acceptsAnswersAt(at(30), deadline)).toBe(true);
		expect(acceptsAnswersAt(new Date(deadline.getTime() + 1), deadline)).toBe(false);
		expect(acceptsAnswersAt(at(10_000), null)).toBe(true);
	});

	it('counts the last answers saved by the deadline, not those sent after it', () => {
		const saves = [
			{ savedAt: at(5), answers: 'first' },
			{ savedAt: at(31), answers: 'too late' },
			{ savedAt: at(20), answers: 'last in time' },
			{ savedAt: at(1), answers: 'earliest' }
		];
		expect(answersAsOf(saves, effectiveSubmitTime(at(45), at(30)))).toBe('last in time');
		expect(answersAsOf(saves, at(3))).toBe('earliest');
		expect(answersAsOf(saves, at(0))).toBeUndefined();
		expect(answersAsOf([], at(0))).toBeUndefined();
	});

	it('counts down in whole seconds, never below zero', () => {
		expect(secondsLeft(NOW, at(1))).toBe(60);
		expect(secondsLeft(new Date(NOW.getTime() + 500), at(1))).toBe(59);
		expect(secondsLeft(at(2), at(1))).toBe(0);
		expect(secondsLeft(NOW, null)).toBeNull();
	});
});

describe('starting an attempt', () => {
	const always = { opensAt: null, closesAt: null };
	it('allows attempts up to the number allowed, or any number', () => {
		expect(canStartAttempt(0, 3, always, NOW)).toBeNull();
		expect(canStartAttempt(2, 3, always, NOW)).toBeNull();
		expect(canStartAttempt(3, 3, always, NOW)).toBe('no_attempts_left');
		expect(canStartAttempt(1000, null, always, NOW)).toBeNull();
	});
	it('keeps to the window: open from its first instant, closed from its last', () => {
		const window = { opensAt: at(0), closesAt: at(60) };
		expect(canStartAttempt(0, null, window, new Date(NOW.getTime() - 1))).toBe('quiz_not_open_yet');
		expect(canStartAttempt(0, null, window, at(0))).toBeNull();
		expect(canStartAttempt(0, null, window, new Date(at(60).getTime() - 1))).toBeNull();
		expect(canStartAttempt(0, null, window, at(60))).toBe('quiz_closed');
		// the window is told before the attempts: "closed" says more than "no attempts left"
		expect(canStartAttempt(5, 1, window, at(61))).toBe('quiz_closed');
	});
});

describe('showing the correct answers', () => {
	it('follows the review policy', () => {
		expect(mayShowCorrectAnswers('after_attempt', true, false)).toBe(true);
		expect(mayShowCorrectAnswers('after_attempt', false, true)).toBe(false);
		expect(mayShowCorrectAnswers('after_close', true, false)).toBe(false);
		expect(mayShowCorrectAnswers('after_close', true, true)).toBe(true);
		expect(mayShowCorrectAnswers('after_close', false, true)).toBe(false);
		expect(mayShowCorrectAnswers('never', true, true)).toBe(false);
	});
	it('knows when the quiz has closed', () => {
		expect(isClosed(null, NOW)).toBe(false);
		expect(isClosed(at(1), NOW)).toBe(false);
		expect(isClosed(at(0), NOW)).toBe(true);
	});
});
