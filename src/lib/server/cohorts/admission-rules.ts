import { isCountryCode } from '../../countries';
import type { Gender, OrganisationType, QuestionKind } from '../db/schema';
import { ValidationError } from '../errors';

/**
 * The pure rules of competitive admission: what a complete application is, what a custom
 * answer may hold, and how a reviewer's scores become one weighted score. No database here,
 * so unit tests cover every case; applications.ts and reviews.ts apply them.
 */

export const ORGANISATION_TYPES: readonly OrganisationType[] = [
	'cso',
	'university',
	'training_centre',
	'government',
	'international',
	'business'
];
export const GENDERS: readonly Gender[] = ['female', 'male', 'other', 'prefer_not_to_say'];

/**
 * Lengths in characters. Motivation asks for a few real sentences (50) and stops at about
 * two pages (5000), so reviewers can read every application in full.
 */
export const APPLICATION_LIMITS = {
	organisationName: 200,
	position: 200,
	motivationMin: 50,
	motivationMax: 5000,
	yearsMax: 80,
	shortText: 300,
	longText: 5000
} as const;

export const MAX_SCORE = 5;
export const REVIEW_COMMENT_MAX = 5000;

/** The form field (and error key) of a custom question. */
export const questionField = (id: string) => `q_${id}`;
/** The form field (and error key) of a rubric criterion. */
export const scoreField = (id: string) => `score_${id}`;

export interface QuestionRule {
	id: string;
	kind: QuestionKind;
	options: string[];
	required: boolean;
}

/** What the applicant typed, as strings (and arrays for multiple choice). */
export interface ApplicationInput {
	organisationName?: string;
	organisationType?: string;
	position?: string;
	country?: string;
	gender?: string;
	yearsExperience?: string;
	motivation?: string;
	/** by question id */
	answers?: Record<string, string | string[]>;
}

/** What is stored: the fixed fields typed, unanswered ones empty or null. */
export interface ApplicationValues {
	organisationName: string;
	organisationType: OrganisationType | null;
	position: string;
	country: string;
	gender: Gender | null;
	yearsExperience: number | null;
	motivation: string;
	answers: Record<string, string | string[]>;
}

export type CheckResult = { values: ApplicationValues; errors: Record<string, string> };

const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : '');

/**
 * Checks an application. A draft may leave anything empty, but what it holds must be
 * valid (the database would refuse it otherwise); a submission must be complete. Errors are
 * message keys by form field; custom answers use `q_<questionId>`.
 */
export function checkApplication(input: ApplicationInput, questions: QuestionRule[], mode: 'draft' | 'submit'): CheckResult {
	const errors: Record<string, string> = {};
	const complete = mode === 'submit';
	const need = (field: string, value: string) => {
		if (!value && complete) errors[field] = 'error_required';
		return value;
	};

	const organisationName = need('organisationName', clean(input.organisationName));
	if (organisationName.length > APPLICATION_LIMITS.organisationName) errors.organisationName = 'error_too_long';

	let organisationType: OrganisationType | null = null;
	const type = clean(input.organisationType);
	if (type) {
		if ((ORGANISATION_TYPES as readonly string[]).includes(type)) organisationType = type as OrganisationType;
		else errors.organisationType = 'error_organisation_type_unknown';
	} else if (complete) errors.organisationType = 'error_organisation_type_unknown';

	const position = need('position', clean(input.position));
	if (position.length > APPLICATION_LIMITS.position) errors.position = 'error_too_long';

	let country = clean(input.country).toUpperCase();
	if (country && !isCountryCode(country)) {
		errors.country = 'error_country_unknown';
		country = '';
	} else if (!country && complete) errors.country = 'error_country_unknown';

	let gender: Gender | null = null;
	const g = clean(input.gender);
	if (g) {
		if ((GENDERS as readonly string[]).includes(g)) gender = g as Gender;
		else errors.gender = 'error_gender_unknown';
	} else if (complete) errors.gender = 'error_gender_unknown';

	let yearsExperience: number | null = null;
	const years = clean(input.yearsExperience);
	if (years) {
		if (/^\d{1,2}$/.test(years) && Number(years) <= APPLICATION_LIMITS.yearsMax) yearsExperience = Number(years);
		else errors.yearsExperience = 'error_years_invalid';
	} else if (complete) errors.yearsExperience = 'error_years_invalid';

	const motivation = need('motivation', clean(input.motivation));
	if (motivation.length > APPLICATION_LIMITS.motivationMax) errors.motivation = 'error_motivation_too_long';
	else if (motivation && complete && motivation.length < APPLICATION_LIMITS.motivationMin) errors.motivation = 'error_motivation_too_short';

	const answers = checkAnswers(input.answers ?? {}, questions, complete, errors);
	return {
		values: { organisationName, organisationType, position, country, gender, yearsExperience, motivation, answers },
		errors
	};
}

/** Custom answers: known questions only, options from the list, lengths within limits. */
export function checkAnswers(
	raw: Record<string, string | string[]>,
	questions: QuestionRule[],
	complete: boolean,
	errors: Record<string, string> = {}
): Record<string, string | string[]> {
	const byId = new Map(questions.map((q) => [q.id, q]));
	if (Object.keys(raw).some((id) => !byId.has(id))) errors.form = 'error_question_unknown';
	const answers: Record<string, string | string[]> = {};
	for (const q of questions) {
		const field = questionField(q.id);
		const given = raw[q.id];
		if (q.kind === 'multiple_choice') {
			const picked = [...new Set((Array.isArray(given) ? given : given === undefined ? [] : [given]).map(clean))].filter(Boolean);
			if (picked.some((p) => !q.options.includes(p))) errors[field] = 'error_option_unknown';
			else if (picked.length) answers[q.id] = q.options.filter((o) => picked.includes(o));
			else if (q.required && complete) errors[field] = 'error_answer_required';
			continue;
		}
		if (Array.isArray(given)) {
			errors[field] = q.kind === 'single_choice' ? 'error_option_unknown' : 'error_invalid';
			continue;
		}
		const value = clean(given);
		if (!value) {
			if (q.required && complete) errors[field] = 'error_answer_required';
			continue;
		}
		if (q.kind === 'single_choice') {
			if (!q.options.includes(value)) errors[field] = 'error_option_unknown';
			else answers[q.id] = value;
			continue;
		}
		const max = q.kind === 'short_text' ? APPLICATION_LIMITS.shortText : APPLICATION_LIMITS.longText;
		if (value.length > max) errors[field] = 'error_too_long';
		else answers[q.id] = value;
	}
	return answers;
}

export interface CriterionRule {
	id: string;
	weight: number;
}

/**
 * A reviewer's scores: every criterion, each a whole number from 0 to 5. Form values are
 * strings; anything else ('6', '-1', '2.5', '', missing) is refused beside its criterion.
 */
export function checkScores(
	raw: Record<string, unknown>,
	criteria: CriterionRule[]
): { scores: Record<string, number>; errors: Record<string, string> } {
	const scores: Record<string, number> = {};
	const errors: Record<string, string> = {};
	const known = new Set(criteria.map((c) => c.id));
	if (Object.keys(raw).some((id) => !known.has(id))) errors.form = 'error_criterion_unknown';
	for (const c of criteria) {
		const v = raw[c.id];
		const text = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : '';
		if (!text) errors[scoreField(c.id)] = 'error_score_required';
		else if (!/^[0-5]$/.test(text)) errors[scoreField(c.id)] = 'error_score_range';
		else scores[c.id] = Number(text);
	}
	return { scores, errors };
}

/** sum(weight × score) / sum(weight), 0..5, kept to four decimals. */
export function weightedScore(criteria: CriterionRule[], scores: Record<string, number>): number {
	let total = 0;
	let weights = 0;
	for (const c of criteria) {
		const s = scores[c.id];
		if (s === undefined) throw new Error(`no score for criterion ${c.id}`);
		total += c.weight * s;
		weights += c.weight;
	}
	if (weights <= 0) throw new Error('a rubric needs at least one criterion');
	return Math.round((total / weights) * 10_000) / 10_000;
}

/**
 * Several fields wrong at once (an application, a review): every message is shown beside
 * its field, not only the first. The first one is also the ValidationError's own field and
 * key, so failFrom() still answers sensibly where the whole map is not read.
 */
export class InvalidFieldsError extends ValidationError {
	constructor(readonly errors: Record<string, string>) {
		const [field, key] = Object.entries(errors)[0] ?? ['form', 'error_invalid'];
		super(field, key);
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids come from forms and addresses; anything else would be a database error, not a "not found". */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);
