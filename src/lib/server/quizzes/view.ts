import type { Attempt, AttemptQuestion } from './draw';
import type { Answers, Question, Quiz } from './model';

/**
 * What the browser may see of an open attempt: prompts, options in the attempt's order, and
 * the learner's own saved answers. Nothing here depends on which answers are right: no
 * correct flags, feedback, accepted answers, numbers or tolerances, no matching solution,
 * ordering items only in their shuffled start order, and no authored option ids (options
 * are named by their position in the attempt, so an id such as "right-one" tells nothing).
 *
 * Form fields (plain HTML, no JavaScript needed; parseAnswers reads them):
 * - single_choice, true_false: radio buttons `q.<questionId>`, values the option tokens
 *   ("1", "2", ...; "true" and "false");
 * - multiple_response: checkboxes, all named `q.<questionId>`, values the option tokens;
 * - short_answer, numeric: a text input `q.<questionId>`;
 * - matching: a select per left item, `q.<questionId>.<leftToken>`, values right tokens;
 * - ordering: a select per item, `q.<questionId>.<itemToken>`, values its place "1".."n".
 * An empty value ("" from a placeholder option) means not answered.
 */

export const TRUE_FALSE = ['true', 'false'] as const;
/** The longest short or numeric answer kept; longer ones are refused (see parseAnswers). */
export const MAX_TEXT_ANSWER = 500;

export const fieldName = (questionId: string, token?: string) => (token === undefined ? `q.${questionId}` : `q.${questionId}.${token}`);
/** Options are named by their place in the attempt: "1" for the first shown. */
export const tokenOf = (index: number) => String(index + 1);

export interface OptionView {
	value: string;
	text: string;
}
interface Common {
	id: string;
	/** 1 for the first question of the attempt */
	number: number;
	prompt: string;
	points: number;
}
export type QuestionView = Common &
	(
		| { type: 'single_choice'; name: string; options: OptionView[]; response: string | null }
		| { type: 'multiple_response'; name: string; options: OptionView[]; response: string[] }
		| { type: 'true_false'; name: string; response: 'true' | 'false' | null }
		| { type: 'short_answer'; name: string; maxLength: number; response: string }
		| { type: 'numeric'; name: string; maxLength: number; unit: string | null; response: string }
		| {
				type: 'matching';
				left: { name: string; text: string; response: string | null }[];
				right: OptionView[];
		  }
		| { type: 'ordering'; places: number; items: { name: string; text: string; response: number | null }[] }
	);

export interface AttemptView {
	questions: QuestionView[];
	points: number;
}

const own = (o: unknown, key: string): unknown =>
	o !== null && typeof o === 'object' && !Array.isArray(o) && Object.hasOwn(o, key) ? (o as Record<string, unknown>)[key] : undefined;

const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
/** Whether a stored attempt question has the lists its type needs. */
const wellFormed = (aq: AttemptQuestion) =>
	aq.type === 'single_choice' || aq.type === 'multiple_response'
		? strings(aq.options)
		: aq.type === 'matching'
			? strings(aq.left) && strings(aq.right)
			: aq.type === 'ordering'
				? strings(aq.items)
				: true;

/** The quiz's question for each of the attempt's, if it is still there with the same type. */
export function questionsOf(quiz: Quiz, attempt: Attempt): { aq: AttemptQuestion; q: Question }[] {
	const byId = new Map(quiz.questions.map((q) => [q.id, q]));
	return attempt.questions.flatMap((aq) => {
		const q = byId.get(aq.id);
		return q && q.type === aq.type && wellFormed(aq) ? [{ aq, q }] : [];
	});
}

export function attemptView(quiz: Quiz, attempt: Attempt, answers: Answers = {}): AttemptView {
	const questions = questionsOf(quiz, attempt).map(({ aq, q }, i) => questionView(aq, q, i + 1, own(answers, q.id)));
	return { questions, points: questions.reduce((sum, q) => sum + q.points, 0) };
}

function questionView(aq: AttemptQuestion, q: Question, number: number, saved: unknown): QuestionView {
	const common: Common = { id: q.id, number, prompt: q.prompt, points: q.points };
	const name = fieldName(q.id);
	if ((q.type === 'single_choice' || q.type === 'multiple_response') && 'options' in aq) {
		const texts = new Map(q.choices.map((c) => [c.id, c.text]));
		const shown = aq.options.filter((id) => texts.has(id));
		const options = shown.map((id, i) => ({ value: tokenOf(i), text: texts.get(id)! }));
		const token = (id: unknown) => (typeof id === 'string' && shown.includes(id) ? tokenOf(shown.indexOf(id)) : null);
		if (q.type === 'single_choice') return { ...common, type: q.type, name, options, response: token(saved) };
		const chosen = Array.isArray(saved) ? saved.map(token).filter((t): t is string => t !== null) : [];
		return { ...common, type: q.type, name, options, response: [...new Set(chosen)] };
	}
	if (q.type === 'true_false') {
		return { ...common, type: q.type, name, response: typeof saved === 'boolean' ? (saved ? 'true' : 'false') : null };
	}
	const savedText = typeof saved === 'string' ? saved.slice(0, MAX_TEXT_ANSWER) : '';
	if (q.type === 'short_answer') return { ...common, type: q.type, name, maxLength: MAX_TEXT_ANSWER, response: savedText };
	if (q.type === 'numeric') return { ...common, type: q.type, name, maxLength: MAX_TEXT_ANSWER, unit: q.unit, response: savedText };
	if (q.type === 'matching' && 'left' in aq) {
		const lefts = new Map(q.pairs.map((p) => [p.id, p.left]));
		const rights = new Map([...q.pairs.map((p) => [p.id, p.right] as const), ...q.distractors.map((d) => [d.id, d.text] as const)]);
		const rightShown = aq.right.filter((id) => rights.has(id));
		return {
			...common,
			type: q.type,
			left: aq.left
				.filter((id) => lefts.has(id))
				.map((id, i) => {
					const chosen = own(saved, id);
					const at = typeof chosen === 'string' ? rightShown.indexOf(chosen) : -1;
					return { name: fieldName(q.id, tokenOf(i)), text: lefts.get(id)!, response: at >= 0 ? tokenOf(at) : null };
				}),
			right: rightShown.map((id, i) => ({ value: tokenOf(i), text: rights.get(id)! }))
		};
	}
	if (q.type === 'ordering' && 'items' in aq) {
		const texts = new Map(q.items.map((it) => [it.id, it.text]));
		const shown = aq.items.filter((id) => texts.has(id));
		return {
			...common,
			type: q.type,
			places: shown.length,
			items: shown.map((id, i) => {
				const place = own(saved, id);
				const valid = typeof place === 'number' && Number.isInteger(place) && place >= 1 && place <= shown.length;
				return { name: fieldName(q.id, tokenOf(i)), text: texts.get(id)!, response: valid ? place : null };
			})
		};
	}
	// Not reached: questionsOf pairs only questions and attempt questions of one type and shape.
	throw new Error(`question ${q.id} does not fit its attempt`);
}
