import { describe, expect, it } from 'vitest';
import {
	MAX_ROWS,
	newQuestionValues,
	placeQuestion,
	questionFormValues,
	questionSummaries,
	readQuestionForm,
	rowCount,
	withMoreRows,
	type FormValues
} from '../../../src/lib/server/courses/question-form';
import { LIMITS, QUESTION_TYPES, type QuestionType, type Quiz } from '../../../src/lib/server/quizzes/model';
import { waterBasics } from '../quizzes/fixture';

/** The form read and the question put in place of question `at` (null: added at the end). */
function save(quiz: Quiz, values: FormValues, type: QuestionType, at: number | null) {
	const read = readQuestionForm(values, type);
	if (!read.ok) return read;
	return placeQuestion(quiz, read.draft, at);
}
const errorsOf = (result: ReturnType<typeof save>) => (result.ok ? {} : result.errors);

describe('the question builder form', () => {
	it('gives back every type of question unchanged from the values it shows', () => {
		const quiz = waterBasics();
		expect(new Set(quiz.questions.map((q) => q.type))).toEqual(new Set(QUESTION_TYPES));
		quiz.questions.forEach((question, i) => {
			const result = save(quiz, questionFormValues(question), question.type, i);
			expect(result).toEqual({ ok: true, quiz, question });
		});
	});

	it('adds a single choice question, leaving blank rows out and making ids from the texts', () => {
		const quiz = waterBasics();
		const values = {
			...newQuestionValues('single_choice'),
			prompt: 'Which river feeds the Aral Sea from the south?',
			'choice-0-text': 'Amu Darya',
			'choice-1-text': '  ',
			'choice-2-text': 'Syr Darya',
			'choice-2-feedback': 'It reaches the sea from the north.',
			'choice-3-text': 'Amu Darya river',
			correct: '0',
			feedbackCorrect: 'Yes.'
		};
		const result = save(quiz, values, 'single_choice', null);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		expect(result.quiz.questions).toHaveLength(quiz.questions.length + 1);
		expect(result.question).toEqual({
			id: 'which-river-feeds-the-aral-sea',
			type: 'single_choice',
			prompt: 'Which river feeds the Aral Sea from the south?',
			points: 1,
			pool: null,
			feedback: { general: null, correct: 'Yes.', incorrect: null },
			choices: [
				{ id: 'amu-darya', text: 'Amu Darya', correct: true, feedback: null },
				{ id: 'syr-darya', text: 'Syr Darya', correct: false, feedback: 'It reaches the sea from the north.' },
				{ id: 'amu-darya-river', text: 'Amu Darya river', correct: false, feedback: null }
			]
		});
		expect(result.quiz.questions.at(-1)).toEqual(result.question);
	});

	it('keeps the ids of existing rows when their text changes, and never gives two rows one id', () => {
		const quiz = waterBasics();
		const values = questionFormValues(quiz.questions[0]!);
		values['choice-0-text'] = 'The river basin, as a whole';
		values['choice-4-text'] = 'The basin';
		values['choice-4-id'] = 'district'; // forged: already another row's
		const result = save(quiz, values, 'single_choice', 0);
		if (!result.ok) throw new Error(JSON.stringify(result.errors));
		if (result.question.type !== 'single_choice') throw new Error('type changed');
		expect(result.question.choices.map((c) => c.id)).toEqual(['basin', 'district', 'farm', 'the-basin']);
	});

	it('reads the fields of each type', () => {
		const quiz = waterBasics();
		const base = { prompt: 'Q?', points: '2,5', pool: 'extra', feedbackGeneral: 'See lesson 2.' };
		const ok = (values: FormValues, type: QuestionType) => {
			const result = save(quiz, { ...base, ...values }, type, null);
			if (!result.ok) throw new Error(JSON.stringify(result.errors));
			return result.question;
		};
		expect(ok({ 'choice-0-text': 'A', 'choice-0-correct': 'yes', 'choice-2-text': 'B', 'choice-2-correct': 'yes', 'choice-3-text': 'C' }, 'multiple_response')).toMatchObject({
			points: 2.5,
			pool: 'extra',
			feedback: { general: 'See lesson 2.' },
			choices: [{ correct: true }, { correct: true }, { correct: false }]
		});
		expect(ok({ answer: 'false' }, 'true_false')).toMatchObject({ answer: false });
		expect(ok({ accepted: 'Amu Darya\n\n  Amudarya  \r\n' }, 'short_answer')).toMatchObject({ accepted: ['Amu Darya', 'Amudarya'] });
		expect(ok({ answer: ' 3,5 ', tolerance: '', unit: 'km³' }, 'numeric')).toMatchObject({ answer: 3.5, tolerance: 0, unit: 'km³' });
		expect(ok({ 'pair-0-left': 'Amu', 'pair-0-right': 'South', 'pair-1-left': 'Syr', 'pair-1-right': 'North', distractors: 'East\n\nWest' }, 'matching')).toMatchObject({
			pairs: [
				{ id: 'amu', left: 'Amu', right: 'South' },
				{ id: 'syr', left: 'Syr', right: 'North' }
			],
			distractors: [
				{ id: 'east', text: 'East' },
				{ id: 'west', text: 'West' }
			]
		});
		expect(ok({ 'item-0-text': 'First', 'item-3-text': 'Second', 'item-4-text': 'Third' }, 'ordering')).toMatchObject({
			items: [{ text: 'First' }, { text: 'Second' }, { text: 'Third' }]
		});
	});

	it('says, beside each field, what to fix', () => {
		const quiz = waterBasics();
		const errors = (values: FormValues, type: QuestionType, at: number | null = null) => errorsOf(save(quiz, { prompt: 'Q?', ...values }, type, at));
		expect(errors({ 'choice-0-text': 'A', 'choice-1-text': 'B' }, 'single_choice')).toEqual({ choices: 'error_builder_correct_one' });
		expect(errors({ 'choice-0-text': 'A', 'choice-1-text': 'B' }, 'multiple_response')).toEqual({ choices: 'error_builder_correct_some' });
		expect(errors({ 'choice-0-text': 'A', correct: '0' }, 'single_choice')).toEqual({ choices: 'error_builder_choices_few' });
		expect(errors({ 'choice-0-text': 'A', 'choice-1-feedback': 'Why', 'choice-2-text': ' a ', correct: '0' }, 'single_choice')).toEqual({
			'choice-1-text': 'error_builder_choice_text',
			'choice-2-text': 'error_builder_same_text'
		});
		expect(errors({ prompt: ' ', answer: 'maybe', points: '0' }, 'true_false')).toEqual({
			prompt: 'error_builder_prompt_required',
			points: 'error_builder_points',
			answer: 'error_builder_true_false'
		});
		expect(errors({ answer: 'ninety', tolerance: '-1', unit: 'x'.repeat(LIMITS.unit + 1) }, 'numeric')).toEqual({
			answer: 'error_builder_number',
			tolerance: 'error_builder_tolerance',
			unit: 'error_builder_too_long'
		});
		expect(errors({ accepted: '\n \n' }, 'short_answer')).toEqual({ accepted: 'error_builder_accepted_required' });
		expect(errors({ accepted: Array.from({ length: LIMITS.accepted + 1 }, (_, i) => `a${i}`).join('\n') }, 'short_answer')).toEqual({
			accepted: 'error_builder_too_many_lines'
		});
		expect(errors({ 'pair-0-left': 'Amu', 'pair-1-right': 'North', distractors: 'north' }, 'matching')).toEqual({
			'pair-0-right': 'error_builder_pair_half',
			'pair-1-left': 'error_builder_pair_half',
			distractors: 'error_builder_same_text'
		});
		expect(errors({ 'item-5-text': 'Only one' }, 'ordering')).toEqual({ items: 'error_builder_items_few' });
		expect(errors({ answer: 'true', id: 'Rain Source', pool: 'Pool 1' }, 'true_false')).toEqual({
			id: 'error_builder_id_format',
			pool: 'error_builder_pool_format'
		});
		expect(errors({ answer: 'true', id: 'new' }, 'true_false')).toEqual({ id: 'error_builder_id_reserved' });
		expect(errors({ answer: 'true', prompt: 'x'.repeat(LIMITS.prompt + 1) }, 'true_false')).toEqual({ prompt: 'error_builder_too_long' });
	});

	it('refuses an id another question has, naming it', () => {
		const quiz = waterBasics();
		const result = save(quiz, { prompt: 'Q?', answer: 'true', id: quiz.questions[2]!.id }, 'true_false', 0);
		expect(result).toEqual({ ok: false, errors: { id: 'error_builder_id_taken' }, params: { id: { number: 3 } } });
		// its own id is no problem, and an emptied id keeps it
		expect(save(quiz, { prompt: 'Q?', answer: 'true', id: quiz.questions[2]!.id }, 'true_false', 2).ok).toBe(true);
		const kept = save(quiz, { prompt: 'Q?', answer: 'true', id: '' }, 'true_false', 2);
		expect(kept.ok && kept.question.id).toBe(quiz.questions[2]!.id);
	});

	it('checks the whole quiz: a pool the draw needs cannot be emptied', () => {
		const quiz = waterBasics((q) => {
			q.settings.draw = { basics: 1 };
			q.questions[0]!.pool = 'basics';
		});
		const values = { ...questionFormValues(quiz.questions[0]!), pool: '' };
		const result = save(quiz, values, 'single_choice', 0);
		expect(result.ok).toBe(false);
		expect(errorsOf(result)).toEqual({ pool: 'error_builder_rejected' });
		expect(!result.ok && result.params.pool!.detail).toMatch(/no question has pool: basics/);
	});

	it('shows the rows typed, and more on request, never more than the limit', () => {
		expect(rowCount(newQuestionValues('ordering'), 'ordering')).toBe(4);
		expect(rowCount({ rows: '2', 'item-6-text': 'x' }, 'ordering')).toBe(7);
		expect(rowCount({ rows: '9999' }, 'matching')).toBe(MAX_ROWS);
		expect(rowCount({ rows: '9' }, 'numeric')).toBe(0);
		expect(withMoreRows({ rows: '4', 'choice-0-text': 'A' }, 'single_choice')).toEqual({ rows: '6', 'choice-0-text': 'A' });
		expect(withMoreRows({ rows: String(MAX_ROWS) }, 'single_choice').rows).toBe(String(MAX_ROWS));
	});

	it('lists the questions with a plain excerpt of each prompt', () => {
		const quiz = waterBasics((q) => {
			q.questions[0]!.prompt = `Which **unit** does [IWRM](https://example.org) use? ${'x'.repeat(200)}`;
		});
		const [first] = questionSummaries(quiz);
		expect(first).toMatchObject({ id: 'iwrm-unit', type: 'single_choice', points: 1, pool: null });
		expect(first!.excerpt.startsWith('Which unit does IWRM use?')).toBe(true);
		expect(first!.excerpt.length).toBeLessThanOrEqual(121);
	});
});
