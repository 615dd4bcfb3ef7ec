import { describe, expect, it } from 'vitest';
import { evaluateCompletion, finalGrade, parseCompletionRules, rulesIssues, type LessonFact } from '../../../src/lib/server/progress/rules';
import { toLessonState, type LessonFactRow } from '../../../src/lib/server/progress/facts';
import { gradeCell } from '../../../src/lib/server/assessments/gradebook-cells';

/** H5P activities in the completion rules, the lesson facts and the gradebook cells. */

const fact = (slug: string, kind: LessonFact['kind'], over: Partial<LessonFact> = {}): LessonFact => ({
	slug,
	kind,
	required: true,
	completed: false,
	percent: null,
	passPercent: kind === 'text' ? null : 50,
	...over
});
const scored = (slug: string, over: Partial<LessonFact> = {}) => fact(slug, 'h5p', { scored: true, passPercent: 60, ...over });
const onView = (slug: string, over: Partial<LessonFact> = {}) => fact(slug, 'h5p', { scored: false, passPercent: null, ...over });

describe('completion rules with H5P activities', () => {
	it('accepts an activities list and refuses a bad one', () => {
		expect(parseCompletionRules({ activities: ['self-check'] })).toEqual({ activities: ['self-check'] });
		expect(() => parseCompletionRules({ activities: 'self-check' })).toThrow('error_completion_rules_activities');
		expect(() => parseCompletionRules({ activities: ['a', 'a'] })).toThrow('error_completion_rules_duplicate');
	});

	it('by default needs every required scored activity passed and every required on-view one opened', () => {
		const lessons = [scored('check'), scored('extra', { required: false }), onView('cards'), onView('more-cards', { required: false })];
		expect(evaluateCompletion({}, lessons)).toEqual({
			complete: false,
			missing: [
				{ slug: 'check', reason: 'activity', minPercent: 60 },
				{ slug: 'cards', reason: 'activity' }
			],
			finalGrade: 0
		});
		const done = [scored('check', { completed: true, percent: 80 }), scored('extra', { required: false }), onView('cards', { completed: true })];
		expect(evaluateCompletion({}, done)).toMatchObject({ complete: true, missing: [] });
	});

	it('follows the activities list for scored ones, and `lessons` (plus the list) for on-view ones', () => {
		const lessons = [scored('check'), scored('extra', { required: false }), onView('cards'), onView('optional-cards', { required: false })];
		expect(evaluateCompletion({ activities: ['extra'], lessons: 'none' }, lessons).missing.map((m) => m.slug)).toEqual(['extra']);
		expect(evaluateCompletion({ activities: [], lessons: 'required' }, lessons).missing.map((m) => m.slug)).toEqual(['cards']);
		expect(evaluateCompletion({ activities: ['optional-cards'], lessons: 'none' }, lessons).missing.map((m) => m.slug)).toEqual(['optional-cards']);
		expect(evaluateCompletion({ activities: [], lessons: 'all' }, lessons).missing.map((m) => m.slug)).toEqual(['cards', 'optional-cards']);
	});

	it('weighs scored activities in the final grade, never on-view ones', () => {
		const lessons = [fact('quiz-1', 'quiz', { percent: 40 }), scored('check', { percent: 100 }), onView('cards', { percent: 100, completed: true })];
		expect(finalGrade({}, lessons)).toBe(70);
		expect(finalGrade({ weights: { check: 3, 'quiz-1': 1 } }, lessons)).toBe(85);
		// A weight on an on-view activity alone gives no grade.
		expect(finalGrade({ weights: { cards: 1 } }, lessons)).toBeNull();
	});

	it('reports activities that are not H5P lessons and weights on on-view ones', () => {
		const lessons = [
			{ slug: 'intro', kind: 'text' as const },
			{ slug: 'check', kind: 'h5p' as const, scored: true },
			{ slug: 'cards', kind: 'h5p' as const, scored: false }
		];
		expect(rulesIssues({ activities: ['check', 'cards'], weights: { check: 1 } }, lessons)).toEqual([]);
		expect(rulesIssues({ activities: ['intro', 'nope'], weights: { cards: 1 } }, lessons)).toEqual([
			{ message: 'error_completion_rules_unknown_activity', slug: 'intro' },
			{ message: 'error_completion_rules_unknown_activity', slug: 'nope' },
			{ message: 'error_completion_rules_unknown_weight', slug: 'cards' }
		]);
	});
});

describe('an H5P lesson’s facts', () => {
	const row = (over: Partial<LessonFactRow>): LessonFactRow => ({
		lessonId: 'l1',
		slug: 'check',
		title: 'Check',
		required: true,
		completion: 'manual',
		moduleId: 'm1',
		moduleSlug: 'm',
		moduleTitle: 'M',
		kind: 'h5p',
		passPercent: null,
		viewedAt: null,
		completedAt: null,
		quizBest: null,
		quizPassed: null,
		gradedPercent: null,
		h5pCompletion: 'score',
		h5pBest: null,
		override: null,
		...over
	});

	it('passes a scored activity at its pass mark (50 by default), the override deciding when there is one', () => {
		expect(toLessonState(row({ h5pBest: '49.99' }))).toMatchObject({ scored: true, completed: false, percent: 49.99, passPercent: 50 });
		expect(toLessonState(row({ h5pBest: 50 }))).toMatchObject({ completed: true, percent: 50 });
		expect(toLessonState(row({ h5pBest: 100, passPercent: '100' }))).toMatchObject({ completed: true, passPercent: 100 });
		expect(toLessonState(row({ h5pBest: 90, override: '10' }))).toMatchObject({ completed: false, percent: 10, overridden: true });
		expect(toLessonState(row({ override: 'cleared', h5pBest: null }))).toMatchObject({ completed: false, percent: null, overridden: false });
		// Data without a mode reads as scored.
		expect(toLessonState(row({ h5pCompletion: null, h5pBest: 70 }))).toMatchObject({ scored: true, completed: true });
	});

	it('completes an on-view activity once opened, whatever its score', () => {
		expect(toLessonState(row({ h5pCompletion: 'view' }))).toMatchObject({ scored: false, completed: false, passPercent: null });
		expect(toLessonState(row({ h5pCompletion: 'view', viewedAt: '2026-12-01T10:00:00Z', h5pBest: 0 }))).toMatchObject({ completed: true, percent: 0 });
	});
});

describe('an H5P gradebook cell', () => {
	it('is not started, in progress, passed or failed at the pass mark, or overridden', () => {
		expect(gradeCell({ kind: 'h5p', passPercent: 60 })).toMatchObject({ status: 'not_started', percent: null, completed: false });
		expect(gradeCell({ kind: 'h5p', passPercent: 60, started: true })).toMatchObject({ status: 'in_progress', completed: false });
		expect(gradeCell({ kind: 'h5p', passPercent: 60, h5p: { attempts: 3, best: 60 } })).toMatchObject({ status: 'passed', percent: 60, count: 3, completed: true });
		expect(gradeCell({ kind: 'h5p', passPercent: 60, h5p: { attempts: 1, best: 59 } })).toMatchObject({ status: 'failed', completed: false });
		expect(gradeCell({ kind: 'h5p', passPercent: 60, h5p: { attempts: 1, best: 59 }, override: { percent: 61 } })).toMatchObject({
			status: 'overridden',
			percent: 61,
			earned: 59,
			completed: true
		});
	});
});
