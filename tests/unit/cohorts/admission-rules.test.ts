import { describe, expect, it } from 'vitest';
import {
	APPLICATION_LIMITS,
	checkAnswers,
	checkApplication,
	checkScores,
	weightedScore,
	type QuestionRule
} from '../../../src/lib/server/cohorts/admission-rules';
import { applicationWindow } from '../../../src/lib/server/cohorts/applications';
import { readApplicationForm, readReviewForm } from '../../../src/lib/schemas/admissions';

const QUESTIONS: QuestionRule[] = [
	{ id: 'short', kind: 'short_text', options: [], required: true },
	{ id: 'long', kind: 'long_text', options: [], required: false },
	{ id: 'one', kind: 'single_choice', options: ['Yes', 'No'], required: true },
	{ id: 'many', kind: 'multiple_choice', options: ['Water', 'Climate', 'Waste'], required: true }
];

const COMPLETE = {
	organisationName: '  Green Osh  ',
	organisationType: 'cso',
	position: 'Programme officer',
	country: 'kg',
	gender: 'female',
	yearsExperience: '7',
	motivation: 'I want to lead our water users association towards fairer irrigation schedules.',
	answers: { short: 'Osh', one: 'Yes', many: ['Waste', 'Water'] }
};

describe('a complete application', () => {
	it('is accepted and normalised', () => {
		const { values, errors } = checkApplication(COMPLETE, QUESTIONS, 'submit');
		expect(errors).toEqual({});
		expect(values).toMatchObject({
			organisationName: 'Green Osh',
			organisationType: 'cso',
			country: 'KG',
			gender: 'female',
			yearsExperience: 7
		});
		// Options keep the form's order whatever order they were ticked in.
		expect(values.answers).toEqual({ short: 'Osh', one: 'Yes', many: ['Water', 'Waste'] });
	});

	it('needs every fixed field and every required answer to be submitted', () => {
		const { errors } = checkApplication({}, QUESTIONS, 'submit');
		expect(errors).toEqual({
			organisationName: 'error_required',
			organisationType: 'error_organisation_type_unknown',
			position: 'error_required',
			country: 'error_country_unknown',
			gender: 'error_gender_unknown',
			yearsExperience: 'error_years_invalid',
			motivation: 'error_required',
			q_short: 'error_answer_required',
			q_one: 'error_answer_required',
			q_many: 'error_answer_required'
		});
	});

	it('lets a draft leave anything empty, but not hold wrong values', () => {
		expect(checkApplication({}, QUESTIONS, 'draft').errors).toEqual({});
		expect(checkApplication({ motivation: 'Short' }, QUESTIONS, 'draft').errors).toEqual({});
		const { errors } = checkApplication({ gender: 'robot', yearsExperience: '81', country: 'XX', organisationType: 'club' }, QUESTIONS, 'draft');
		expect(errors).toEqual({
			gender: 'error_gender_unknown',
			yearsExperience: 'error_years_invalid',
			country: 'error_country_unknown',
			organisationType: 'error_organisation_type_unknown'
		});
	});

	it.each(['-1', '2.5', '81', 'ten', '1e1', '080'])('refuses %s years of experience', (years) => {
		expect(checkApplication({ ...COMPLETE, yearsExperience: years }, QUESTIONS, 'submit').errors).toEqual({
			yearsExperience: 'error_years_invalid'
		});
	});

	it('accepts 0 and 80 years', () => {
		expect(checkApplication({ ...COMPLETE, yearsExperience: '0' }, QUESTIONS, 'submit').values.yearsExperience).toBe(0);
		expect(checkApplication({ ...COMPLETE, yearsExperience: '80' }, QUESTIONS, 'submit').values.yearsExperience).toBe(80);
	});

	it('keeps the motivation between 50 and 5000 characters', () => {
		const min = APPLICATION_LIMITS.motivationMin;
		const max = APPLICATION_LIMITS.motivationMax;
		const check = (text: string) => checkApplication({ ...COMPLETE, motivation: text }, QUESTIONS, 'submit').errors.motivation;
		expect(check('x'.repeat(min - 1))).toBe('error_motivation_too_short');
		expect(check('x'.repeat(min))).toBeUndefined();
		expect(check('x'.repeat(max))).toBeUndefined();
		expect(check('x'.repeat(max + 1))).toBe('error_motivation_too_long');
	});
});

describe('custom answers', () => {
	it('refuses a question the form does not have', () => {
		const errors: Record<string, string> = {};
		checkAnswers({ ...COMPLETE.answers, stranger: 'hello' }, QUESTIONS, true, errors);
		expect(errors).toEqual({ form: 'error_question_unknown' });
	});

	it('takes choice answers only from the options', () => {
		const errors: Record<string, string> = {};
		checkAnswers({ short: 'a', one: 'Maybe', many: ['Water', 'Fire'] }, QUESTIONS, true, errors);
		expect(errors).toEqual({ q_one: 'error_option_unknown', q_many: 'error_option_unknown' });
	});

	it('refuses two answers to a single-choice question', () => {
		const errors: Record<string, string> = {};
		checkAnswers({ short: 'a', one: ['Yes', 'No'], many: 'Water' }, QUESTIONS, true, errors);
		expect(errors).toEqual({ q_one: 'error_option_unknown' });
	});

	it('reads one ticked box of a multiple-choice question as a list', () => {
		expect(checkAnswers({ short: 'a', one: 'No', many: 'Climate' }, QUESTIONS, true).many).toEqual(['Climate']);
	});

	it('limits text answers', () => {
		const errors: Record<string, string> = {};
		checkAnswers(
			{ short: 'x'.repeat(APPLICATION_LIMITS.shortText + 1), long: 'y'.repeat(APPLICATION_LIMITS.longText + 1), one: 'Yes', many: 'Water' },
			QUESTIONS,
			true,
			errors
		);
		expect(errors).toEqual({ q_short: 'error_too_long', q_long: 'error_too_long' });
	});

	it('leaves optional questions unanswered', () => {
		const answers = checkAnswers({ short: 'a', long: '   ', one: 'Yes', many: ['Water'] }, QUESTIONS, true);
		expect(answers).not.toHaveProperty('long');
	});
});

describe('scores', () => {
	const criteria = [
		{ id: 'a', weight: 3 },
		{ id: 'b', weight: 1 }
	];

	it('weights each criterion: sum(w*s)/sum(w)', () => {
		expect(weightedScore(criteria, { a: 5, b: 1 })).toBe(4);
		expect(weightedScore(criteria, { a: 0, b: 0 })).toBe(0);
		expect(weightedScore(criteria, { a: 5, b: 5 })).toBe(5);
		expect(weightedScore([{ id: 'a', weight: 1.5 }, { id: 'b', weight: 1 }, { id: 'c', weight: 1 }], { a: 4, b: 3, c: 2 })).toBe(3.1429);
	});

	it('accepts whole scores from 0 to 5 for every criterion', () => {
		expect(checkScores({ a: '0', b: '5' }, criteria)).toEqual({ scores: { a: 0, b: 5 }, errors: {} });
	});

	it.each(['6', '-1', '2.5', ' ', 'five', '05', '1e0'])('refuses the score %j', (bad) => {
		expect(checkScores({ a: bad, b: '3' }, criteria).errors).toEqual({
			score_a: bad.trim() ? 'error_score_range' : 'error_score_required'
		});
	});

	it('needs every criterion scored and no other', () => {
		expect(checkScores({ a: '3' }, criteria).errors).toEqual({ score_b: 'error_score_required' });
		expect(checkScores({ a: '3', b: '3', c: '3' }, criteria).errors).toEqual({ form: 'error_criterion_unknown' });
	});
});

describe('the application window', () => {
	const cohort = {
		enrolmentMode: 'application' as const,
		status: 'open' as const,
		enrolOpensAt: new Date('2026-01-01T00:00:00Z'),
		enrolClosesAt: new Date('2026-02-01T00:00:00Z')
	};
	it('is open from the opening to the deadline (exclusive)', () => {
		expect(applicationWindow(cohort, new Date('2025-12-31T23:59:59Z'))).toBe('not_open');
		expect(applicationWindow(cohort, new Date('2026-01-01T00:00:00Z'))).toBe('open');
		expect(applicationWindow(cohort, new Date('2026-01-31T23:59:59Z'))).toBe('open');
		expect(applicationWindow(cohort, new Date('2026-02-01T00:00:00Z'))).toBe('closed');
	});
	it('is shut for other modes and statuses', () => {
		const now = new Date('2026-01-15T00:00:00Z');
		expect(applicationWindow({ ...cohort, enrolmentMode: 'open' }, now)).toBe('not_taking');
		expect(applicationWindow({ ...cohort, status: 'planned' }, now)).toBe('not_open');
		expect(applicationWindow({ ...cohort, status: 'running' }, now)).toBe('closed');
		expect(applicationWindow({ ...cohort, enrolOpensAt: null, enrolClosesAt: null }, now)).toBe('open');
	});
});

describe('reading the forms', () => {
	it('reads custom answers, ticked boxes as lists', () => {
		const form = new FormData();
		form.set('organisationName', 'CAREC');
		form.append('q_abc', 'Water');
		form.append('q_abc', 'Waste');
		form.append('q_def', 'Yes');
		form.set('unrelated', 'x');
		const input = readApplicationForm(form);
		expect(input.organisationName).toBe('CAREC');
		expect(input.motivation).toBe('');
		expect(input.answers).toEqual({ abc: ['Water', 'Waste'], def: 'Yes' });
	});
	it('reads scores by criterion', () => {
		const form = new FormData();
		form.set('score_a', '4');
		form.set('score_b', '2');
		form.set('comment', 'Good');
		expect(readReviewForm(form)).toEqual({ scores: { a: '4', b: '2' }, comment: 'Good' });
	});
});
