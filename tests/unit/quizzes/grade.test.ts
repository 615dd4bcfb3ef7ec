import { describe, expect, it } from 'vitest';
import { buildAttempt, type Attempt } from '../../../src/lib/server/quizzes/draw';
import { gradeAttempt, normaliseText, parseAnswers, parseNumber, type GradeResult } from '../../../src/lib/server/quizzes/grade';
import type { Answers, Quiz } from '../../../src/lib/server/quizzes/model';
import { inOrder } from './fixture';

const quiz = inOrder();
const attempt = buildAttempt(quiz, 'grading');

/** The token the browser sees for an authored id (matching's right column and ordering are shuffled). */
const token = (a: Attempt, questionId: string, id: string) => {
	const q = a.questions.find((x) => x.id === questionId)!;
	const list = 'options' in q ? q.options : 'right' in q ? q.right : 'items' in q ? q.items : [];
	return String(list.indexOf(id) + 1);
};
const form = (entries: [string, string | Blob][]) => {
	const f = new FormData();
	for (const [k, v] of entries) f.append(k, v);
	return f;
};
const result = (r: GradeResult, id: string) => r.questions.find((q) => q.id === id)!;
const grade = (answers: unknown, q: Quiz = quiz, a: Attempt = attempt) => gradeAttempt(q, a, answers);
const gradeOne = (id: string, value: unknown) => result(grade({ [id]: value }), id);

const RIGHT: Answers = {
	'iwrm-unit': 'basin',
	'iwrm-principles': ['finite', 'participation', 'women'],
	'aral-shrinking': true,
	'aral-rivers': 'Syr Darya',
	'drip-efficiency': '90',
	'rivers-and-seas': { amu: 'amu', syr: 'syr', ili: 'ili' },
	'planning-cycle': { assess: 1, agree: 2, act: 3, monitor: 4 }
};

describe('reading the attempt form', () => {
	it('reads every kind of field into the authors ids', () => {
		const ordering = (id: string) => `q.planning-cycle.${token(attempt, 'planning-cycle', id)}`;
		const { answers, ignored } = parseAnswers(
			attempt,
			form([
				['action', 'submit'],
				['q.iwrm-unit', '1'],
				['q.iwrm-principles', '1'],
				['q.iwrm-principles', '2'],
				['q.iwrm-principles', '3'],
				['q.aral-shrinking', 'true'],
				['q.aral-rivers', ' Syr Darya '],
				['q.drip-efficiency', ' 90 '],
				['q.rivers-and-seas.1', token(attempt, 'rivers-and-seas', 'amu')],
				['q.rivers-and-seas.2', token(attempt, 'rivers-and-seas', 'syr')],
				['q.rivers-and-seas.3', token(attempt, 'rivers-and-seas', 'ili')],
				[ordering('assess'), '1'],
				[ordering('agree'), '2'],
				[ordering('act'), '3'],
				[ordering('monitor'), '4']
			])
		);
		expect(ignored).toEqual([]);
		expect(answers).toEqual({ ...RIGHT, 'aral-rivers': ' Syr Darya ' });
		expect(grade(answers)).toMatchObject({ score: 8, max: 8, percent: 100, passed: true, ignored: [] });
	});

	it('treats empty placeholders as not answered', () => {
		expect(parseAnswers(attempt, { 'q.iwrm-unit': '', 'q.aral-rivers': '   ', 'q.rivers-and-seas.1': '' })).toEqual({ answers: {}, ignored: [] });
	});

	it('ignores and reports what does not fit the attempt, whatever is sent', () => {
		const file = new Blob(['x']);
		const { answers, ignored } = parseAnswers(
			attempt,
			form([
				['q.no-such-question', '1'],
				['q.iwrm-unit', '4'], // a fourth option that does not exist
				['q.iwrm-principles', '2'],
				['q.iwrm-principles', '0'],
				['q.iwrm-principles', '01'],
				['q.iwrm-principles', 'finite'], // an authored id instead of a token
				['q.aral-shrinking', 'yes'],
				['q.aral-rivers', 'x'.repeat(1_000_000)],
				['q.drip-efficiency', file],
				['q.rivers-and-seas', '1'],
				['q.rivers-and-seas.9', '1'],
				['q.rivers-and-seas.1', '99'],
				['q.planning-cycle.1', '5'],
				['q.planning-cycle.2', '-1'],
				['q.iwrm-unit.1', '1'],
				['q.__proto__', '1'],
				['q.constructor', '1']
			])
		);
		expect(answers).toEqual({ 'iwrm-principles': ['participation'] });
		expect(Object.getPrototypeOf(answers)).toBe(Object.prototype);
		expect(ignored).toEqual([
			{ field: 'q.no-such-question', reason: 'not_in_attempt' },
			{ field: 'q.iwrm-unit', reason: 'unknown_option' },
			{ field: 'q.iwrm-principles', reason: 'unknown_option' },
			{ field: 'q.iwrm-principles', reason: 'unknown_option' },
			{ field: 'q.iwrm-principles', reason: 'unknown_option' },
			{ field: 'q.aral-shrinking', reason: 'unknown_option' },
			{ field: 'q.aral-rivers', reason: 'too_long' },
			{ field: 'q.drip-efficiency', reason: 'malformed' },
			{ field: 'q.rivers-and-seas', reason: 'malformed' },
			{ field: 'q.rivers-and-seas.9', reason: 'unknown_option' },
			{ field: 'q.rivers-and-seas.1', reason: 'unknown_option' },
			{ field: 'q.planning-cycle.1', reason: 'unknown_option' },
			{ field: 'q.planning-cycle.2', reason: 'unknown_option' },
			{ field: 'q.iwrm-unit.1', reason: 'malformed' },
			{ field: 'q.__proto__', reason: 'not_in_attempt' },
			{ field: 'q.constructor', reason: 'not_in_attempt' }
		]);
	});

	it('refuses several values, or lists and objects, where one value goes', () => {
		const { answers, ignored } = parseAnswers(attempt, {
			'q.iwrm-unit': ['1', '2'],
			'q.aral-rivers': [['Amu Darya']],
			'q.drip-efficiency': { value: '90' },
			'q.aral-shrinking': ['true', 'true'] // the same value twice is one answer
		});
		expect(answers).toEqual({ 'aral-shrinking': true });
		expect(ignored).toEqual([
			{ field: 'q.iwrm-unit', reason: 'several_values' },
			{ field: 'q.aral-rivers', reason: 'malformed' },
			{ field: 'q.drip-efficiency', reason: 'malformed' }
		]);
	});

	it('never throws and keeps its report bounded', () => {
		for (const hostile of [null, undefined, 42, 'q.iwrm-unit=1', [1, 2], new Map([[1, 2]])]) {
			expect(parseAnswers(attempt, hostile as never)).toEqual({ answers: {}, ignored: [] });
		}
		expect(parseAnswers(attempt, [['q.iwrm-unit']] as never)).toEqual({ answers: {}, ignored: [{ field: 'q.iwrm-unit', reason: 'malformed' }] });
		const throwing = {
			*[Symbol.iterator]() {
				yield ['q.iwrm-unit', '1'] as const;
				throw new Error('hostile');
			}
		};
		expect(parseAnswers(attempt, throwing).answers).toEqual({ 'iwrm-unit': 'basin' });
		const flood = Array.from({ length: 5_000 }, (_, i) => [`q.x${i}`, '1'] as const);
		const { ignored } = parseAnswers(attempt, flood);
		expect(ignored).toHaveLength(100);
		expect(ignored[0]).toEqual({ field: '', reason: 'too_many_fields' });
		expect(ignored.at(-1)).toEqual({ field: 'q.x98', reason: 'not_in_attempt' });
		expect(parseAnswers(attempt, [[`q.${'x'.repeat(10_000)}`, '1']]).ignored[0]!.field).toHaveLength(100);
	});
});

describe('grading', () => {
	it('gives all the points for right answers and none for wrong ones (single, true/false)', () => {
		expect(gradeOne('iwrm-unit', 'basin')).toMatchObject({ score: 1, max: 1, status: 'correct' });
		expect(gradeOne('iwrm-unit', 'district')).toMatchObject({
			score: 0,
			status: 'incorrect',
			feedback: { general: expect.stringMatching(/^The Dublin/), outcome: null, options: [{ id: 'district', feedback: expect.stringMatching(/^Districts/) }] }
		});
		expect(gradeOne('aral-shrinking', true)).toMatchObject({ score: 1, status: 'correct' });
		expect(gradeOne('aral-shrinking', false)).toMatchObject({ score: 0, status: 'incorrect' });
	});

	it('gives partial credit for multiple response: right chosen minus wrong chosen, over the right ones', () => {
		const cases: [string[], number, string][] = [
			[['finite', 'participation', 'women'], 2, 'correct'],
			[['finite', 'participation'], 1.33, 'partial'],
			[['finite', 'participation', 'women', 'free'], 1.33, 'partial'],
			[['finite', 'free'], 0, 'incorrect'],
			[['free'], 0, 'incorrect'],
			[['finite'], 0.67, 'partial']
		];
		for (const [chosen, score, status] of cases) expect(gradeOne('iwrm-principles', chosen), chosen.join()).toMatchObject({ score, max: 2, status });
		expect(gradeOne('iwrm-principles', ['finite', 'free']).feedback).toEqual({
			general: null,
			outcome: 'Look again at the four principles in lesson 1.',
			options: [{ id: 'free', feedback: expect.stringMatching(/economic value/) }]
		});
		expect(gradeOne('iwrm-principles', ['finite', 'participation', 'women']).feedback.outcome).toBe('All three, well done.');
	});

	it('matches short answers ignoring case, spacing and Unicode composition, in any script', () => {
		for (const given of ['Syr Darya', '  syr   DARYA ', 'syr\tdarya', 'СЫРДАРЬЯ', ' сырдарья ']) expect(gradeOne('aral-rivers', given).status, given).toBe('correct');
		for (const given of ['Syr-Darya', 'Volga', 'Syr Daryaa']) expect(gradeOne('aral-rivers', given).status, given).toBe('incorrect');
		expect(normaliseText('Вода')).toBe(normaliseText('вода'));
		expect(normaliseText('Й')).toBe(normaliseText('и\u0306')); // composed and decomposed
		expect(normaliseText('Ұлы  Қазақ')).toBe('ұлы қазақ');
	});

	it('accepts numbers within the tolerance, with a comma or a point', () => {
		for (const given of ['90', '85', '95', '94,9', '85.0', '+90', '9e1']) expect(gradeOne('drip-efficiency', given).status, given).toBe('correct');
		for (const given of ['95.1', '84,99', '-90', '900']) expect(gradeOne('drip-efficiency', given).status, given).toBe('incorrect');
		expect(gradeOne('drip-efficiency', 'ninety')).toMatchObject({ status: 'incorrect', score: 0, note: 'not_a_number' });
		expect(parseNumber('3,5')).toBe(3.5);
		expect(parseNumber('3.5')).toBe(3.5);
		expect(parseNumber('−2')).toBe(-2);
		expect(parseNumber('1 000 000,5')).toBe(1_000_000.5);
		expect(parseNumber('１２')).toBe(12);
		for (const bad of ['', '3 5', '1,000.5', '3,5,6', 'Infinity', 'NaN', '0x10', '1e999', '12abc', '.'.repeat(200)]) expect(parseNumber(bad), bad).toBeNull();
	});

	it('gives matching and ordering credit per pair and per item in place', () => {
		expect(gradeOne('rivers-and-seas', { amu: 'amu', syr: 'ili', ili: 'syr' })).toMatchObject({ score: 0.33, status: 'partial' });
		expect(gradeOne('rivers-and-seas', { amu: 'amu', syr: 'syr', ili: 'caspian' })).toMatchObject({ score: 0.67, status: 'partial' });
		expect(gradeOne('rivers-and-seas', { amu: 'caspian' })).toMatchObject({ score: 0, status: 'incorrect' });
		expect(gradeOne('planning-cycle', { assess: 1, agree: 2, act: 4, monitor: 3 })).toMatchObject({ score: 0.5, status: 'partial' });
		expect(gradeOne('planning-cycle', { assess: 4, agree: 3, act: 2, monitor: 1 })).toMatchObject({ score: 0, status: 'incorrect' });
		// an item sharing its place counts as misplaced: no hedging by putting everything first
		expect(gradeOne('planning-cycle', { assess: 1, agree: 1, act: 3, monitor: 4 })).toMatchObject({ score: 0.5 });
		expect(gradeOne('planning-cycle', { assess: 1, agree: 1, act: 1, monitor: 1 })).toMatchObject({ score: 0, status: 'incorrect' });
	});

	it('counts unanswered questions as such, with the incorrect feedback', () => {
		const r = grade({});
		expect(r.questions.map((q) => q.status)).toEqual(Array(7).fill('unanswered'));
		expect(r).toMatchObject({ score: 0, max: 8, percent: 0, passed: false });
		expect(result(r, 'iwrm-principles').feedback.outcome).toBe('Look again at the four principles in lesson 1.');
	});

	it('passes at the pass mark, on the percent shown', () => {
		const at = (passPercent: number, answers: Answers) => grade(answers, { ...quiz, settings: { ...quiz.settings, passPercent } });
		const six = { ...RIGHT, 'iwrm-principles': [] as string[], 'iwrm-unit': 'farm' }; // 5 of 8
		expect(at(62.5, six)).toMatchObject({ score: 5, percent: 62.5, passed: true });
		expect(at(62.51, six)).toMatchObject({ passed: false });
		expect(at(0, {})).toMatchObject({ passed: true });
		expect(at(100, RIGHT)).toMatchObject({ percent: 100, passed: true });
	});

	it('does not count answers to questions outside the attempt (not drawn, or unknown)', () => {
		const drawn: Quiz = { ...quiz, settings: { ...quiz.settings, draw: 2 } };
		const a = buildAttempt(drawn, 'draw');
		const r = grade(RIGHT, drawn, a);
		expect(r.questions).toHaveLength(2);
		expect(r.ignored).toHaveLength(5);
		expect(r.ignored.every((i) => i.reason === 'not_in_attempt')).toBe(true);
		expect(r.max).toBe(r.questions.reduce((s, q) => s + q.max, 0));
		const notDrawn = quiz.questions.find((q) => !a.questions.some((x) => x.id === q.id))!;
		expect(parseAnswers(a, { [`q.${notDrawn.id}`]: '1' }).ignored).toEqual([{ field: `q.${notDrawn.id}`, reason: 'not_in_attempt' }]);
	});

	it('reports stored answers that were tampered with, and grades them as not given', () => {
		const r = grade({
			'iwrm-unit': 'not-a-choice',
			'iwrm-principles': ['finite', 'finite', 'nope', 7],
			'aral-shrinking': 'true',
			'aral-rivers': ['Syr Darya'],
			'drip-efficiency': 'x'.repeat(501),
			'rivers-and-seas': { amu: 'amu', nope: 'syr', syr: 5 },
			'planning-cycle': { assess: 1.5, agree: '2', act: 3, nope: 1 },
			constructor: 'x'
		});
		expect(r.questions.map((q) => [q.id, q.status, q.score])).toEqual([
			['iwrm-unit', 'unanswered', 0],
			['iwrm-principles', 'partial', 0.67],
			['aral-shrinking', 'unanswered', 0],
			['aral-rivers', 'unanswered', 0],
			['drip-efficiency', 'unanswered', 0],
			['rivers-and-seas', 'partial', 0.33],
			['planning-cycle', 'partial', 0.25]
		]);
		expect(r.ignored).toEqual([
			{ field: 'answers.constructor', reason: 'not_in_attempt' },
			{ field: 'answers.iwrm-unit', reason: 'unknown_option' },
			{ field: 'answers.iwrm-principles', reason: 'unknown_option' },
			{ field: 'answers.iwrm-principles', reason: 'malformed' },
			{ field: 'answers.aral-shrinking', reason: 'malformed' },
			{ field: 'answers.aral-rivers', reason: 'malformed' },
			{ field: 'answers.drip-efficiency', reason: 'too_long' },
			{ field: 'answers.rivers-and-seas', reason: 'unknown_option' },
			{ field: 'answers.rivers-and-seas', reason: 'malformed' },
			{ field: 'answers.planning-cycle', reason: 'unknown_option' },
			{ field: 'answers.planning-cycle', reason: 'malformed' },
			{ field: 'answers.planning-cycle', reason: 'unknown_option' }
		]);
	});

	it('never throws, whatever the answers are', () => {
		const junk: unknown[] = [null, undefined, 0, -1, NaN, Infinity, '', 'x'.repeat(100_000), true, [], [[]], {}, { a: { b: {} } }, [null], JSON.parse('{"__proto__": {"x": 1}}'), () => 1, Symbol('s')];
		for (const answers of [null, 'rubbish', [1, 2], 42]) expect(grade(answers)).toMatchObject({ score: 0, max: 8 });
		for (const value of junk) {
			const answers = Object.fromEntries(quiz.questions.map((q) => [q.id, value]));
			const r = grade(answers);
			for (const q of r.questions) {
				expect(q.score).toBeGreaterThanOrEqual(0);
				expect(q.score).toBeLessThanOrEqual(q.max);
			}
		}
		expect(({} as { x?: unknown }).x).toBeUndefined();
	});

	it('skips questions the quiz no longer has (an edited quiz) and says so', () => {
		const edited: Quiz = { ...quiz, questions: quiz.questions.filter((q) => q.id !== 'aral-rivers') };
		const r = grade(RIGHT, edited);
		expect(r).toMatchObject({ score: 7, max: 7, percent: 100 });
		expect(r.ignored).toEqual([{ field: 'answers.aral-rivers', reason: 'question_removed' }]);
	});
});
