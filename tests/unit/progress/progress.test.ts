import { describe, expect, it } from 'vitest';
import { toLessonState, type LessonFactRow } from '../../../src/lib/server/progress/facts';
import { summariseProgress } from '../../../src/lib/server/progress/progress';

const at = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
const lesson = (slug: string, moduleSlug: string, completed: boolean, viewedAt: Date | null = null) => ({
	slug,
	title: `Title ${slug}`,
	moduleSlug,
	moduleTitle: `Module ${moduleSlug}`,
	completed,
	viewedAt
});

describe('summariseProgress', () => {
	it('counts every lesson alike, per module and for the course, rounding down', () => {
		const p = summariseProgress([lesson('a', 'm1', true), lesson('b', 'm1', false), lesson('c', 'm2', true), lesson('d', 'm2', true), lesson('e', 'm2', false)]);
		expect(p).toMatchObject({ total: 5, completed: 3, percent: 60 });
		expect(p.modules).toEqual([
			{ slug: 'm1', title: 'Module m1', total: 2, completed: 1, percent: 50 },
			{ slug: 'm2', title: 'Module m2', total: 3, completed: 2, percent: 66 }
		]);
	});

	it('starts at the first lesson not done when nothing was opened', () => {
		expect(summariseProgress([lesson('a', 'm', true), lesson('b', 'm', false)]).next).toEqual({ slug: 'b', title: 'Title b', started: false });
	});

	it('continues at the lesson last opened while it is not done', () => {
		const p = summariseProgress([lesson('a', 'm', false, at(5)), lesson('b', 'm', false, at(1)), lesson('c', 'm', false)]);
		expect(p.next).toEqual({ slug: 'a', title: 'Title a', started: true });
	});

	it('goes on to the next lesson not done after the last one opened, wrapping round', () => {
		const lessons = [lesson('a', 'm', false), lesson('b', 'm', true, at(3)), lesson('c', 'm', true), lesson('d', 'm', false)];
		expect(summariseProgress(lessons).next?.slug).toBe('d');
		lessons[3] = lesson('d', 'm', true);
		expect(summariseProgress(lessons).next?.slug).toBe('a');
	});

	it('has nothing to continue when every lesson is done, and no percent for an empty course', () => {
		expect(summariseProgress([lesson('a', 'm', true, at(1))])).toMatchObject({ percent: 100, next: null });
		expect(summariseProgress([])).toMatchObject({ total: 0, percent: 0, next: null, modules: [] });
	});
});

describe('toLessonState', () => {
	const row = (over: Partial<LessonFactRow>): LessonFactRow => ({
		lessonId: 'id',
		slug: 's',
		title: 'T',
		required: true,
		completion: 'manual',
		moduleId: 'm',
		moduleSlug: 'm',
		moduleTitle: 'M',
		kind: 'text',
		passPercent: null,
		viewedAt: null,
		completedAt: null,
		quizBest: null,
		quizPassed: null,
		gradedPercent: null,
		override: null,
		...over
	});

	it('reads a text lesson as done when it has a completion time (from JSON too)', () => {
		expect(toLessonState(row({ completedAt: '2026-12-01T09:00:00.123+00:00', viewedAt: '2026-12-01T09:05:00+00:00' }))).toMatchObject({
			completed: true,
			percent: null,
			passPercent: null,
			completedAt: new Date('2026-12-01T09:00:00.123Z'),
			viewedAt: new Date('2026-12-01T09:05:00Z')
		});
		expect(toLessonState(row({})).completed).toBe(false);
	});

	it('reads a quiz as done when an attempt passed, or any was submitted for a pass mark of 0', () => {
		expect(toLessonState(row({ kind: 'quiz', passPercent: 60, quizBest: 80, quizPassed: true }))).toMatchObject({ completed: true, percent: 80 });
		expect(toLessonState(row({ kind: 'quiz', passPercent: 60, quizBest: 50, quizPassed: false }))).toMatchObject({ completed: false, percent: 50 });
		expect(toLessonState(row({ kind: 'quiz', passPercent: 0, quizBest: 0, quizPassed: false })).completed).toBe(true);
		expect(toLessonState(row({ kind: 'quiz', passPercent: 0 })).completed).toBe(false);
		// a text lesson's completion time does not complete a quiz
		expect(toLessonState(row({ kind: 'quiz', passPercent: 60, completedAt: new Date() })).completed).toBe(false);
	});

	it('reads an assignment as done when graded at or above its pass mark (50 by default)', () => {
		expect(toLessonState(row({ kind: 'assignment', gradedPercent: 50 }))).toMatchObject({ completed: true, passPercent: 50 });
		expect(toLessonState(row({ kind: 'assignment', gradedPercent: '49.99' })).completed).toBe(false);
		expect(toLessonState(row({ kind: 'assignment', passPercent: 70, gradedPercent: 66.666666 }))).toMatchObject({ completed: false, percent: 66.67 });
	});

	it('lets an override decide, and an emptied override clear itself', () => {
		expect(toLessonState(row({ kind: 'quiz', passPercent: 60, quizBest: 90, quizPassed: true, override: '40' }))).toMatchObject({ completed: false, percent: 40, overridden: true });
		expect(toLessonState(row({ kind: 'assignment', gradedPercent: 20, override: '75.5' }))).toMatchObject({ completed: true, percent: 75.5 });
		expect(toLessonState(row({ kind: 'assignment', gradedPercent: 20, override: 'cleared' }))).toMatchObject({ completed: false, percent: 20, overridden: false });
	});
});
