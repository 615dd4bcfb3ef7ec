import { describe, expect, it } from 'vitest';
import { buildAttempt } from '../../../src/lib/server/quizzes/draw';
import type { Quiz } from '../../../src/lib/server/quizzes/model';
import { attemptView } from '../../../src/lib/server/quizzes/view';
import { inOrder, waterBasics } from './fixture';

const SEEDS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

/** Every key anywhere in a JSON value. */
const keysOf = (value: unknown): string[] =>
	Array.isArray(value)
		? value.flatMap(keysOf)
		: value && typeof value === 'object'
			? Object.entries(value).flatMap(([k, v]) => [k, ...keysOf(v)])
			: [];

/** The same quiz with another answer key: other correct choices, answers, numbers, feedback. */
const otherKey = (): Quiz =>
	waterBasics((quiz) => {
		for (const q of quiz.questions) {
			q.feedback = { general: null, correct: null, incorrect: null };
			if (q.type === 'single_choice') q.choices = q.choices.map((c, i) => ({ ...c, correct: i === 2, feedback: null }));
			if (q.type === 'multiple_response') q.choices = q.choices.map((c, i) => ({ ...c, correct: i === 3, feedback: null }));
			if (q.type === 'true_false') q.answer = !q.answer;
			if (q.type === 'short_answer') q.accepted = ['Something else'];
			if (q.type === 'numeric') Object.assign(q, { answer: -1, tolerance: 0 });
		}
	});

describe('the view of an open attempt', () => {
	it('shows every question with its options in the attempt order', () => {
		const quiz = waterBasics();
		const attempt = buildAttempt(quiz, 'a');
		const view = attemptView(quiz, attempt);
		expect(view.questions.map((q) => q.id)).toEqual(attempt.questions.map((q) => q.id));
		expect(view.questions.map((q) => q.number)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(view.points).toBe(8);
		const single = view.questions.find((q) => q.id === 'iwrm-unit');
		const order = attempt.questions.find((q) => q.id === 'iwrm-unit');
		const texts = { basin: 'The river basin', district: 'The administrative district', farm: 'The single farm' };
		expect(single).toMatchObject({
			name: 'q.iwrm-unit',
			options: order && 'options' in order ? order.options.map((id, i) => ({ value: String(i + 1), text: texts[id as keyof typeof texts] })) : [],
			response: null
		});
	});

	it('reveals nothing about the answers: the same view whatever the answer key and feedback', () => {
		const [quiz, other] = [waterBasics(), otherKey()];
		for (const seed of SEEDS) {
			expect(JSON.stringify(attemptView(other, buildAttempt(other, seed)))).toBe(JSON.stringify(attemptView(quiz, buildAttempt(quiz, seed))));
		}
	});

	it('has no correctness, feedback, solution or authored option ids in it, for any question type', () => {
		const quiz = waterBasics();
		for (const seed of SEEDS) {
			const json = JSON.stringify(attemptView(quiz, buildAttempt(quiz, seed)));
			const keys = new Set(keysOf(JSON.parse(json)));
			for (const k of ['correct', 'feedback', 'accepted', 'answer', 'tolerance', 'pairs', 'seed', 'solution', 'pool'])
				expect(keys.has(k), `key ${k}`).toBe(false);
			for (const secret of [
				'Yes. Water flows', // per-option feedback
				'Dublin principles (1992)', // question feedback
				'All three, well done',
				'about 90 %',
				'Amudarya', // accepted answers
				'Сырдарья',
				'"basin"', // authored ids
				'"amu"',
				'"caspian"',
				'"assess"',
				'true,' // a true/false answer
			])
				expect(json, secret).not.toContain(secret);
			const numeric = JSON.parse(json).questions.find((q: { type: string }) => q.type === 'numeric');
			expect(Object.keys(numeric).sort()).toEqual(['id', 'maxLength', 'name', 'number', 'points', 'prompt', 'response', 'type', 'unit']);
		}
	});

	it('shows matching as two columns and ordering in its shuffled start order, by position only', () => {
		const quiz = inOrder();
		const attempt = buildAttempt(quiz, 'b');
		const view = attemptView(quiz, attempt);
		const matching = view.questions.find((q) => q.type === 'matching');
		expect(matching).toMatchObject({
			left: [
				{ name: 'q.rivers-and-seas.1', text: 'Amu Darya', response: null },
				{ name: 'q.rivers-and-seas.2', text: 'Syr Darya', response: null },
				{ name: 'q.rivers-and-seas.3', text: 'Ili', response: null }
			]
		});
		expect(matching && 'right' in matching && matching.right.map((r) => r.value)).toEqual(['1', '2', '3', '4']);
		const ordering = view.questions.find((q) => q.type === 'ordering');
		const start = attempt.questions.find((q) => q.id === 'planning-cycle');
		expect(ordering && 'items' in ordering && ordering.items.map((it) => it.name)).toEqual(['q.planning-cycle.1', 'q.planning-cycle.2', 'q.planning-cycle.3', 'q.planning-cycle.4']);
		expect(ordering && 'items' in ordering && ordering.items.map((it) => it.text)).not.toEqual([
			'Assess the water resources and their uses',
			'Agree the goals with the stakeholders',
			'Carry out the measures',
			'Monitor and revise'
		]);
		expect(start && 'items' in start && start.items).toHaveLength(4);
	});

	it('shows the learner their saved answers after a reload, and ignores saved rubbish', () => {
		const quiz = inOrder();
		const attempt = buildAttempt(quiz, 'c');
		const matching = attempt.questions.find((q) => q.id === 'rivers-and-seas');
		const right = matching && 'right' in matching ? matching.right : [];
		const view = attemptView(quiz, attempt, {
			'iwrm-unit': 'farm',
			'iwrm-principles': ['women', 'nope', 'finite'],
			'aral-shrinking': false,
			'aral-rivers': 'amu darya',
			'drip-efficiency': '88,5',
			'rivers-and-seas': { syr: 'ili', amu: 'nowhere' },
			'planning-cycle': { act: 1, monitor: 99 },
			'not-a-question': 'x'
		});
		const by = Object.fromEntries(view.questions.map((q) => [q.id, q]));
		expect(by['iwrm-unit']).toMatchObject({ response: '3' });
		expect(by['iwrm-principles']).toMatchObject({ response: ['3', '1'] });
		expect(by['aral-shrinking']).toMatchObject({ response: 'false' });
		expect(by['aral-rivers']).toMatchObject({ response: 'amu darya' });
		expect(by['drip-efficiency']).toMatchObject({ response: '88,5', unit: '%' });
		expect(by['rivers-and-seas']).toMatchObject({
			left: [{ response: null }, { response: String(right.indexOf('ili') + 1) }, { response: null }]
		});
		const start = attempt.questions.find((q) => q.id === 'planning-cycle');
		const items = start && 'items' in start ? start.items : [];
		const ordering = by['planning-cycle'];
		expect(ordering && 'items' in ordering && ordering.items.map((it) => it.response)).toEqual(items.map((id) => (id === 'act' ? 1 : null)));
	});
});
