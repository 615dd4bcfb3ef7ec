import { describe, expect, it } from 'vitest';
import { buildAttempt, newAttemptSeed, seededRandom, type AttemptQuestion } from '../../../src/lib/server/quizzes/draw';
import type { Question, Quiz } from '../../../src/lib/server/quizzes/model';
import { inOrder, waterBasics } from './fixture';

const seeds = Array.from({ length: 200 }, (_, i) => `seed-${i}`);
const ids = (quiz: Quiz, seed: string) => buildAttempt(quiz, seed).questions.map((q) => q.id);
const questionOf = (quiz: Quiz, seed: string, id: string) => buildAttempt(quiz, seed).questions.find((q) => q.id === id) as AttemptQuestion;

/** A bank of n true/false questions, in pools by a function of the index. */
const bank = (n: number, pool: (i: number) => string | null = () => null, over: Partial<Quiz['settings']> = {}): Quiz => ({
	settings: {
		title: 'Bank',
		description: '',
		timeLimitMinutes: null,
		attemptsAllowed: null,
		passPercent: 50,
		shuffleQuestions: false,
		shuffleOptions: true,
		review: 'after_attempt',
		draw: null,
		...over
	},
	questions: Array.from(
		{ length: n },
		(_, i): Question => ({
			id: `q${i}`,
			type: 'true_false',
			prompt: `Question ${i}`,
			points: 1,
			pool: pool(i),
			feedback: { general: null, correct: null, incorrect: null },
			answer: true
		})
	)
});

describe('building an attempt', () => {
	it('is the same for the same seed, after a restart as well', () => {
		const quiz = waterBasics();
		expect(buildAttempt(quiz, 'abc')).toEqual(buildAttempt(waterBasics(), 'abc'));
	});

	it('orders questions and choices differently across seeds when shuffling', () => {
		const quiz = waterBasics();
		const orders = new Set(seeds.map((s) => ids(quiz, s).join()));
		expect(orders.size).toBeGreaterThan(50);
		const choiceOrders = new Set(seeds.map((s) => JSON.stringify(questionOf(quiz, s, 'iwrm-unit'))));
		expect(choiceOrders.size).toBe(6); // every order of three choices turns up
	});

	it('keeps the authored order without shuffling (but always shuffles matching and ordering)', () => {
		const quiz = inOrder();
		for (const s of seeds.slice(0, 20)) {
			expect(ids(quiz, s)).toEqual(quiz.questions.map((q) => q.id));
			expect(questionOf(quiz, s, 'iwrm-unit')).toEqual({ id: 'iwrm-unit', type: 'single_choice', options: ['basin', 'district', 'farm'] });
			expect(questionOf(quiz, s, 'rivers-and-seas')).toMatchObject({ left: ['amu', 'syr', 'ili'] });
		}
		expect(new Set(seeds.map((s) => JSON.stringify(questionOf(quiz, s, 'planning-cycle')))).size).toBeGreaterThan(10);
	});

	it('never starts an ordering question in the right order, nor lines up a matching question', () => {
		const two = waterBasics((q) => {
			const ordering = q.questions[6]!;
			if (ordering.type === 'ordering') ordering.items = ordering.items.slice(0, 2);
		});
		const full = waterBasics();
		for (const s of seeds) {
			const ordering = questionOf(full, s, 'planning-cycle');
			expect('items' in ordering && ordering.items).not.toEqual(['assess', 'agree', 'act', 'monitor']);
			expect(questionOf(two, s, 'planning-cycle')).toMatchObject({ items: ['agree', 'assess'] });
			const matching = questionOf(full, s, 'rivers-and-seas');
			if (!('left' in matching)) throw new Error('not matching');
			expect(matching.right.slice(0, 3)).not.toEqual(matching.left);
			expect([...matching.right].sort()).toEqual(['amu', 'caspian', 'ili', 'syr']);
		}
	});

	it('draws N questions from the bank, different ones across seeds, in the quiz order', () => {
		const quiz = bank(20, () => null, { draw: 5 });
		const drawn = seeds.map((s) => ids(quiz, s));
		for (const d of drawn) {
			expect(d).toHaveLength(5);
			expect(new Set(d).size).toBe(5);
			expect([...d].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1)))).toEqual(d);
		}
		expect(new Set(drawn.map((d) => d.join())).size).toBeGreaterThan(150);
		// every question of the bank turns up
		expect(new Set(drawn.flat()).size).toBe(20);
	});

	it('draws per pool and keeps the questions outside the named pools', () => {
		const quiz = bank(10, (i) => (i < 4 ? 'water' : i < 8 ? 'climate' : null), { draw: { water: 1, climate: 2 }, shuffleQuestions: true });
		for (const s of seeds.slice(0, 50)) {
			const d = ids(quiz, s);
			expect(d).toHaveLength(5);
			expect(d.filter((id) => Number(id.slice(1)) < 4)).toHaveLength(1);
			expect(d.filter((id) => [4, 5, 6, 7].includes(Number(id.slice(1))))).toHaveLength(2);
			expect(d).toEqual(expect.arrayContaining(['q8', 'q9']));
		}
	});

	it('uses a seeded generator that is uniform enough and a new random seed per attempt', () => {
		const random = seededRandom('x', 'test');
		const counts = [0, 0, 0, 0];
		for (let i = 0; i < 40_000; i++) counts[Math.floor(random() * 4)]!++;
		for (const c of counts) expect(c).toBeGreaterThan(9_500);
		expect(seededRandom('x', 'a')()).not.toBe(seededRandom('x', 'b')());
		expect(newAttemptSeed()).toMatch(/^[A-Za-z0-9_-]{22}$/);
		expect(newAttemptSeed()).not.toBe(newAttemptSeed());
	});
});
