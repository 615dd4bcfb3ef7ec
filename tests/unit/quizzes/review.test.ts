import { describe, expect, it } from 'vitest';
import { buildAttempt } from '../../../src/lib/server/quizzes/draw';
import { gradeAttempt } from '../../../src/lib/server/quizzes/grade';
import type { Answers } from '../../../src/lib/server/quizzes/model';
import { reviewView } from '../../../src/lib/server/quizzes/review';
import { inOrder } from './fixture';

const quiz = inOrder();
const attempt = buildAttempt(quiz, 'review');
const answers: Answers = { 'iwrm-unit': 'district', 'aral-shrinking': false, 'rivers-and-seas': { amu: 'amu' } };
const grade = gradeAttempt(quiz, attempt, answers);

describe('the review of a submitted attempt', () => {
	it('without reveal: the learner answers and the total only, nothing a retake could use', () => {
		const view = reviewView(quiz, attempt, answers, grade, false);
		expect(view).toMatchObject({ score: 0.33, max: 8, passed: false });
		expect(view.questions.find((q) => q.id === 'iwrm-unit')).toMatchObject({ response: '2' });
		const json = JSON.stringify(view);
		for (const leak of ['"result"', '"solution"', '"status"', 'Districts split', 'Dublin principles (1992)', '"correct"']) expect(json).not.toContain(leak);
	});

	it('with reveal: results, feedback and the solution in the terms of the view', () => {
		const view = reviewView(quiz, attempt, answers, grade, true);
		const by = Object.fromEntries(view.questions.map((q) => [q.id, q]));
		expect(by['iwrm-unit']).toMatchObject({
			result: { status: 'incorrect', score: 0, max: 1, feedback: { general: expect.stringMatching(/^The Dublin/) } },
			solution: { correct: [true, false, false], feedback: [expect.stringMatching(/^Yes/), expect.stringMatching(/^Districts/), null] }
		});
		expect(by['aral-shrinking']).toMatchObject({ result: { status: 'incorrect' }, solution: { answer: 'true' } });
		expect(by['aral-rivers']).toMatchObject({ result: { status: 'unanswered' }, solution: { accepted: expect.arrayContaining(['Syr Darya']) } });
		expect(by['drip-efficiency']).toMatchObject({ solution: { answer: 90, tolerance: 5 } });
		const matching = attempt.questions.find((q) => q.id === 'rivers-and-seas');
		const right = matching && 'right' in matching ? matching.right : [];
		expect(by['rivers-and-seas']).toMatchObject({
			result: { status: 'partial', score: 0.33 },
			solution: { right: ['amu', 'syr', 'ili'].map((id) => String(right.indexOf(id) + 1)) }
		});
		const ordering = attempt.questions.find((q) => q.id === 'planning-cycle');
		const start = ordering && 'items' in ordering ? ordering.items : [];
		expect(by['planning-cycle']).toMatchObject({ solution: { places: start.map((id) => ['assess', 'agree', 'act', 'monitor'].indexOf(id) + 1) } });
	});
});
