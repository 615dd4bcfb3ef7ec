import { IgnoredList, type IgnoredAnswer } from './answers';
import type { Attempt, AttemptQuestion } from './draw';
import type { Question, QuestionType, Quiz } from './model';
import { MAX_TEXT_ANSWER, questionsOf } from './view';

export { parseAnswers, type FormLike, type IgnoredAnswer, type IgnoredReason } from './answers';

/**
 * Grading of a submitted attempt. Scoring (docs/quiz-format.md, "Scoring"):
 * - single_choice, true_false, short_answer, numeric: all the points or none;
 * - multiple_response: (right choices chosen − wrong choices chosen) / right choices, at least 0;
 * - matching: the share of left items matched to their own right item;
 * - ordering: the share of items in their right place (an item sharing its place with
 *   another counts as misplaced: each place holds one item).
 * Scores are rounded to two decimals; the percent shown (two decimals) decides passing.
 *
 * The answers may be anything (they come from a stored JSON or a hostile client): what does
 * not fit the attempt is not counted and is listed in `ignored`.
 */

export type QuestionStatus = 'correct' | 'partial' | 'incorrect' | 'unanswered';

export interface QuestionResult {
	id: string;
	/** 1 for the first question of the attempt */
	number: number;
	type: QuestionType;
	score: number;
	max: number;
	status: QuestionStatus;
	/** numeric: the answer given is not a number */
	note: 'not_a_number' | null;
	/** Markdown; shown as the review policy allows */
	feedback: {
		general: string | null;
		/** the question's correct or incorrect feedback, by the status */
		outcome: string | null;
		/** the chosen choices' feedback, in the order shown */
		options: { id: string; feedback: string }[];
	};
}

export interface GradeResult {
	questions: QuestionResult[];
	score: number;
	max: number;
	percent: number;
	passed: boolean;
	ignored: IgnoredAnswer[];
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Short answers match after NFC, trimming, collapsing spaces and lower-casing ("  Вода " is "вода"). */
export function normaliseText(s: string): string {
	return s.normalize('NFC').trim().replace(/\s+/gu, ' ').toLowerCase().normalize('NFC');
}

/**
 * A number as people type it: "3.5" and "3,5" are both three and a half; "1 000" is a
 * thousand (spaces only between groups of three digits); "−2" with a minus sign is negative.
 * Anything else (words, "1,000.5", "3 5") is not a number.
 */
export function parseNumber(input: string): number | null {
	const s = input.normalize('NFKC').trim().replace(/^[\u2212\u2013]/, '-');
	if (s.length > 100) return null;
	const grouped = /^[+-]?\d{1,3}(\s\d{3})+([.,]\d+)?$/.test(s);
	const plain = /^[+-]?(\d+([.,]\d+)?|[.,]\d+)([eE][+-]?\d+)?$/.test(s);
	if (!grouped && !plain) return null;
	const n = Number(s.replace(/\s/g, '').replace(',', '.'));
	return Number.isFinite(n) ? n : null;
}

interface Marked {
	/** share of the points, 0 to 1; null when not answered */
	fraction: number | null;
	note?: 'not_a_number';
	/** chosen choice ids, for their feedback */
	chosen?: string[];
}

export function gradeAttempt(quiz: Quiz, attempt: Attempt, answers: unknown): GradeResult {
	const ignored = new IgnoredList();
	const given = isRecord(answers) ? answers : {};
	if (answers !== undefined && answers !== null && !isRecord(answers)) ignored.add('answers', 'malformed');
	const inAttempt = new Set(attempt.questions.map((aq) => aq.id));
	for (const id of Object.keys(given)) if (!inAttempt.has(id)) ignored.add(`answers.${id}`, 'not_in_attempt');

	const graded = questionsOf(quiz, attempt);
	const gradedIds = new Set(graded.map(({ q }) => q.id));
	for (const aq of attempt.questions) if (!gradedIds.has(aq.id)) ignored.add(`answers.${aq.id}`, 'question_removed');

	const questions = graded.map(({ aq, q }, i): QuestionResult => {
		const field = `answers.${q.id}`;
		const value = Object.hasOwn(given, q.id) ? given[q.id] : undefined;
		const m = value === undefined || value === null ? { fraction: null } : mark(q, aq, value, field, ignored);
		const status: QuestionStatus =
			m.fraction === null ? 'unanswered' : m.fraction >= 1 ? 'correct' : m.fraction > 0 ? 'partial' : 'incorrect';
		const choices = 'choices' in q ? q.choices : [];
		const chosen = new Set(m.chosen ?? []);
		const shown = 'options' in aq ? aq.options : [];
		return {
			id: q.id,
			number: i + 1,
			type: q.type,
			score: round2(q.points * (m.fraction ?? 0)),
			max: q.points,
			status,
			note: m.note ?? null,
			feedback: {
				general: q.feedback.general,
				outcome: status === 'correct' ? q.feedback.correct : q.feedback.incorrect,
				options: shown.flatMap((id) => {
					const c = choices.find((x) => x.id === id);
					return c && chosen.has(id) && c.feedback !== null ? [{ id, feedback: c.feedback }] : [];
				})
			}
		};
	});
	const score = round2(questions.reduce((sum, r) => sum + r.score, 0));
	const max = round2(questions.reduce((sum, r) => sum + r.max, 0));
	const percent = max > 0 ? round2((score / max) * 100) : 0;
	return { questions, score, max, percent, passed: percent >= quiz.settings.passPercent, ignored: ignored.list };
}

function mark(q: Question, aq: AttemptQuestion, value: unknown, field: string, ignored: IgnoredList): Marked {
	const malformed = (): Marked => {
		ignored.add(field, 'malformed');
		return { fraction: null };
	};
	switch (q.type) {
		case 'single_choice': {
			if (typeof value !== 'string') return malformed();
			const choice = q.choices.find((c) => c.id === value);
			if (!choice || !('options' in aq) || !aq.options.includes(value)) {
				ignored.add(field, 'unknown_option');
				return { fraction: null };
			}
			return { fraction: choice.correct ? 1 : 0, chosen: [value] };
		}
		case 'multiple_response': {
			if (!Array.isArray(value)) return malformed();
			const shown = 'options' in aq ? aq.options : [];
			const chosen = new Set<string>();
			for (const v of value as unknown[]) {
				if (typeof v === 'string' && shown.includes(v) && q.choices.some((c) => c.id === v)) chosen.add(v);
				else ignored.add(field, typeof v === 'string' ? 'unknown_option' : 'malformed');
			}
			if (chosen.size === 0) return { fraction: null };
			const right = q.choices.filter((c) => c.correct);
			const hits = right.filter((c) => chosen.has(c.id)).length;
			const misses = chosen.size - hits;
			return { fraction: Math.max(0, (hits - misses) / right.length), chosen: [...chosen] };
		}
		case 'true_false':
			return typeof value === 'boolean' ? { fraction: value === q.answer ? 1 : 0 } : malformed();
		case 'short_answer': {
			if (typeof value !== 'string') return malformed();
			if (value.length > MAX_TEXT_ANSWER) {
				ignored.add(field, 'too_long');
				return { fraction: null };
			}
			const given = normaliseText(value);
			if (!given) return { fraction: null };
			return { fraction: q.accepted.some((a) => normaliseText(a) === given) ? 1 : 0 };
		}
		case 'numeric': {
			if (typeof value !== 'string' && typeof value !== 'number') return malformed();
			const text = String(value);
			if (text.length > MAX_TEXT_ANSWER) {
				ignored.add(field, 'too_long');
				return { fraction: null };
			}
			if (!text.trim()) return { fraction: null };
			const n = typeof value === 'number' ? (Number.isFinite(value) ? value : null) : parseNumber(text);
			if (n === null) return { fraction: 0, note: 'not_a_number' };
			// a hair of leeway for binary fractions: 0.1 + 0.2 is 0.3
			const leeway = 1e-9 * Math.max(1, Math.abs(q.answer));
			return { fraction: Math.abs(n - q.answer) <= q.tolerance + leeway ? 1 : 0 };
		}
		case 'matching': {
			if (!isRecord(value) || !('left' in aq)) return malformed();
			let right = 0;
			let answered = 0;
			for (const [pairId, chosen] of Object.entries(value)) {
				if (!aq.left.includes(pairId) || typeof chosen !== 'string' || !aq.right.includes(chosen)) {
					ignored.add(field, typeof chosen === 'string' ? 'unknown_option' : 'malformed');
					continue;
				}
				answered++;
				if (chosen === pairId) right++;
			}
			return answered ? { fraction: right / q.pairs.length } : { fraction: null };
		}
		case 'ordering': {
			if (!isRecord(value) || !('items' in aq)) return malformed();
			const places = new Map<string, number>();
			for (const [itemId, place] of Object.entries(value)) {
				const valid = typeof place === 'number' && Number.isInteger(place) && place >= 1 && place <= aq.items.length;
				if (aq.items.includes(itemId) && valid) places.set(itemId, place);
				else ignored.add(field, typeof place === 'number' ? 'unknown_option' : 'malformed');
			}
			if (places.size === 0) return { fraction: null };
			const taken = new Map<number, number>();
			for (const p of places.values()) taken.set(p, (taken.get(p) ?? 0) + 1);
			const right = q.items.filter((it, i) => places.get(it.id) === i + 1 && taken.get(i + 1) === 1).length;
			return { fraction: right / q.items.length };
		}
	}
}
