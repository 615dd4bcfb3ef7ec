import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/lib/server/errors';
import {
	CompletionRulesSchema,
	evaluateCompletion,
	finalGrade,
	parseCompletionRules,
	rulesIssues,
	type LessonFact
} from '../../../src/lib/server/progress/rules';

const text = (slug: string, over: Partial<LessonFact> = {}): LessonFact => ({
	slug,
	kind: 'text',
	required: true,
	completed: false,
	percent: null,
	passPercent: null,
	...over
});
const quiz = (slug: string, over: Partial<LessonFact> = {}): LessonFact => ({
	slug,
	kind: 'quiz',
	required: true,
	completed: false,
	percent: null,
	passPercent: 70,
	...over
});
const assignment = (slug: string, over: Partial<LessonFact> = {}): LessonFact => ({
	slug,
	kind: 'assignment',
	required: true,
	completed: false,
	percent: null,
	passPercent: 50,
	...over
});

describe('CompletionRulesSchema and parseCompletionRules', () => {
	it('reads null as the defaults', () => {
		expect(parseCompletionRules(null)).toEqual({});
		expect(parseCompletionRules(undefined)).toEqual({});
	});

	it('accepts a full document', () => {
		const rules = { lessons: 'all', quizzes: ['quiz-1'], assignments: { capstone: 60 }, weights: { 'quiz-1': 30, capstone: 70 } };
		expect(parseCompletionRules(rules)).toEqual(rules);
		expect(parseCompletionRules(JSON.stringify(rules))).toEqual(rules);
	});

	it.each([
		[{ lessons: 'some' }, 'error_completion_rules_lessons'],
		[{ quizzes: 'quiz-1' }, 'error_completion_rules_quizzes'],
		[{ quizzes: ['Quiz 1'] }, 'error_completion_rules_slug'],
		[{ quizzes: ['a', 'a'] }, 'error_completion_rules_duplicate'],
		[{ assignments: { capstone: 120 } }, 'error_completion_rules_percent'],
		[{ assignments: { capstone: '60' } }, 'error_completion_rules_percent'],
		[{ weights: { a: -1 } }, 'error_completion_rules_weight'],
		[{ weights: { a: 0, b: 0 } }, 'error_completion_rules_weights_zero'],
		[[], 'error_completion_rules_invalid'],
		['not json', 'error_completion_rules_invalid']
	])('rejects %j with %s', (value, message) => {
		const parsed = CompletionRulesSchema.safeParse(value);
		expect(parsed.success).toBe(false);
		expect(() => parseCompletionRules(value)).toThrow(ValidationError);
		try {
			parseCompletionRules(value);
		} catch (e) {
			expect((e as ValidationError).message).toBe(message);
		}
	});

	it('rejects unknown fields', () => {
		const parsed = CompletionRulesSchema.safeParse({ lesson: 'all' });
		expect(parsed.success).toBe(false);
	});
});

describe('evaluateCompletion with the defaults', () => {
	it('needs every required text lesson, required quiz passed and required assignment at its pass mark', () => {
		const facts = [
			text('intro', { completed: true }),
			text('extra', { required: false }),
			quiz('quiz-1', { completed: true, percent: 80 }),
			quiz('practice', { required: false, percent: 10 }),
			assignment('capstone', { percent: 40 })
		];
		const r = evaluateCompletion({}, facts);
		expect(r.complete).toBe(false);
		expect(r.missing).toEqual([{ slug: 'capstone', reason: 'assignment', minPercent: 50 }]);
		// equal weights over every quiz and assignment, unattempted ones count 0
		expect(r.finalGrade).toBe(Math.round(((80 + 10 + 40) / 3) * 100) / 100);
	});

	it('is complete when everything required is done', () => {
		const facts = [text('intro', { completed: true }), text('extra', { required: false }), assignment('capstone', { completed: true, percent: 75 })];
		expect(evaluateCompletion({}, facts)).toEqual({ complete: true, missing: [], finalGrade: 75 });
	});

	it('gives no grade to a course without quizzes or assignments', () => {
		expect(evaluateCompletion({}, [text('a', { completed: true })])).toEqual({ complete: true, missing: [], finalGrade: null });
	});

	it('lists missing items in lesson order', () => {
		const r = evaluateCompletion({}, [text('a'), quiz('q'), text('b')]);
		expect(r.missing.map((m) => m.slug)).toEqual(['a', 'q', 'b']);
		expect(r.missing[1]).toEqual({ slug: 'q', reason: 'quiz', minPercent: 70 });
	});
});

describe('evaluateCompletion with rules', () => {
	const facts = [
		text('intro', { completed: true }),
		text('extra', { required: false }),
		quiz('quiz-1', { required: false, completed: true, percent: 90 }),
		quiz('quiz-2', { percent: 20 }),
		assignment('capstone', { required: false, completed: true, percent: 55 })
	];

	it("lessons: 'all' needs optional text lessons too; 'none' needs none", () => {
		expect(evaluateCompletion({ lessons: 'all', quizzes: [], assignments: {} }, facts).missing).toEqual([{ slug: 'extra', reason: 'lesson' }]);
		expect(evaluateCompletion({ lessons: 'none', quizzes: [], assignments: {} }, [text('a'), text('b', { required: false })]).complete).toBe(true);
	});

	it('quizzes names the quizzes that must be passed, required or not', () => {
		const r = evaluateCompletion({ quizzes: ['quiz-1'] }, facts);
		expect(r.missing).toEqual([]);
		expect(evaluateCompletion({ quizzes: ['quiz-1', 'quiz-2'] }, facts).missing).toEqual([{ slug: 'quiz-2', reason: 'quiz', minPercent: 70 }]);
	});

	it('assignments sets the percent needed, whatever the pass mark', () => {
		expect(evaluateCompletion({ quizzes: [], assignments: { capstone: 60 } }, facts).missing).toEqual([
			{ slug: 'capstone', reason: 'assignment', minPercent: 60 }
		]);
		expect(evaluateCompletion({ quizzes: [], assignments: { capstone: 55 } }, facts).complete).toBe(true);
		// not graded yet
		expect(evaluateCompletion({ quizzes: [], assignments: { capstone: 0 } }, [assignment('capstone')]).complete).toBe(false);
	});

	it('ignores slugs that name no lesson of that kind', () => {
		expect(evaluateCompletion({ quizzes: ['gone', 'intro'], assignments: { gone: 50 } }, [text('intro', { completed: true })]).complete).toBe(true);
	});

	it('weights the final grade', () => {
		expect(finalGrade({ weights: { 'quiz-1': 30, capstone: 70 } }, facts)).toBe(0.3 * 90 + 0.7 * 55);
		// text lessons and unknown slugs carry no weight
		expect(finalGrade({ weights: { intro: 50, gone: 50, 'quiz-2': 1 } }, facts)).toBe(20);
		expect(finalGrade({ weights: {} }, facts)).toBeNull();
		expect(finalGrade({ weights: { gone: 10 } }, facts)).toBeNull();
	});

	it('rounds the final grade to two decimals', () => {
		expect(finalGrade({}, [quiz('a', { percent: 100 }), quiz('b', { percent: 0 }), quiz('c', { percent: 0 })])).toBe(33.33);
	});
});

describe('rulesIssues', () => {
	it('names entries that are not lessons of the right kind', () => {
		const lessons = [
			{ slug: 'intro', kind: 'text' as const },
			{ slug: 'quiz-1', kind: 'quiz' as const },
			{ slug: 'capstone', kind: 'assignment' as const }
		];
		expect(rulesIssues({ quizzes: ['quiz-1'], assignments: { capstone: 60 }, weights: { 'quiz-1': 1, capstone: 2 } }, lessons)).toEqual([]);
		expect(rulesIssues({ quizzes: ['capstone'], assignments: { intro: 60 }, weights: { intro: 1 } }, lessons)).toEqual([
			{ message: 'error_completion_rules_unknown_quiz', slug: 'capstone' },
			{ message: 'error_completion_rules_unknown_assignment', slug: 'intro' },
			{ message: 'error_completion_rules_unknown_weight', slug: 'intro' }
		]);
	});
});
