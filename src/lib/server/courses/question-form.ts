import { MAX_SLUG, SLUG_PATTERN, slugify } from '$lib/courses/taxonomy';
import { LIMITS, QUESTION_TYPES, type Question, type QuestionType, type Quiz } from '../quizzes/model';
import { parseQuizSource, quizToSource } from '../quizzes/schema';

/**
 * The question builder's form (one question of a quiz, as labelled fields) to the authored
 * question and back. The fields are checked here first, so each problem is shown beside its
 * field in the reader's language; the question is then put into the quiz and the whole quiz
 * is checked by the same schema as the YAML editor and the course importer (schema.ts), so
 * the builder can never store what a quiz file could not hold.
 *
 * Field names: id, prompt, points, pool, feedbackGeneral, feedbackCorrect, feedbackIncorrect;
 * rows `choice-<i>-text|feedback|id` with `correct` (a radio's row index, single choice) or
 * `choice-<i>-correct` (= yes, multiple response); `pair-<i>-left|right|id` and `distractors`
 * (lines, their ids in `distractorIds`); `item-<i>-text|id`; `accepted` (lines); `answer`, `tolerance`, `unit`; `rows`, the
 * number of rows the page shows. Blank rows are left out.
 */

export type FormValues = Record<string, string>;
export type FieldParams = Record<string, Record<string, string | number>>;
export interface FieldProblems {
	/** message keys by field name; `form` for the question as a whole */
	errors: Record<string, string>;
	params: FieldParams;
}

/** Rows of choices, pairs or items the page shows at most (the model's limit). */
export const MAX_ROWS = LIMITS.options;
/** A new question shows this many blank rows; an existing one shows its rows and this many more, up to MAX_ROWS. */
const NEW_ROWS = 4;
const SPARE_ROWS = 2;
/** The builder's page for a new question is `questions/new`: no question may be called that. */
export const NEW_QUESTION = 'new';

export const isQuestionType = (v: unknown): v is QuestionType => typeof v === 'string' && (QUESTION_TYPES as readonly string[]).includes(v);

type RowKind = 'choice' | 'pair' | 'item';
const ROW_KIND: Record<QuestionType, RowKind | null> = {
	single_choice: 'choice',
	multiple_response: 'choice',
	true_false: null,
	short_answer: null,
	numeric: null,
	matching: 'pair',
	ordering: 'item'
};
/** The fields of a row whose content makes it count (the id is hidden, the correct mark alone is not content). */
const ROW_FIELDS: Record<RowKind, string[]> = { choice: ['text', 'feedback'], pair: ['left', 'right'], item: ['text'] };

export const rowKindOf = (type: QuestionType) => ROW_KIND[type];

class Problems implements FieldProblems {
	errors: Record<string, string> = {};
	params: FieldParams = {};
	add(field: string, key: string, params: Record<string, string | number> = {}) {
		if (field in this.errors) return; // the first problem of a field is the one to fix first
		this.errors[field] = key;
		if (Object.keys(params).length) this.params[field] = params;
	}
	get any() {
		return Object.keys(this.errors).length > 0;
	}
}

const clean = (s: string | undefined) => (s ?? '').replace(/\r\n?/g, '\n').trim();
const sameText = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');
const isSlug = (s: string) => s.length <= MAX_SLUG && SLUG_PATTERN.test(s);

/** A number as people type it: a comma is a decimal point; null when it is not one. */
export function readNumber(text: string | undefined): number | null {
	const s = clean(text).replace(',', '.');
	if (!/^[-+]?(\d+(\.\d*)?|\.\d+)(e[-+]?\d+)?$/i.test(s)) return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : null;
}

/** How many rows the page shows: what was typed (or sent as `rows`), at least NEW_ROWS, at most MAX_ROWS. */
export function rowCount(values: FormValues, type: QuestionType): number {
	const kind = ROW_KIND[type];
	if (!kind) return 0;
	let last = -1;
	for (let i = 0; i < MAX_ROWS; i++) if (ROW_FIELDS[kind].some((f) => clean(values[`${kind}-${i}-${f}`]) !== '')) last = i;
	const asked = Number.parseInt(values.rows ?? '', 10);
	return Math.min(MAX_ROWS, Math.max(Number.isFinite(asked) ? asked : 0, last + 1, NEW_ROWS));
}

/** "Add more rows": the typed values, with SPARE_ROWS more rows. */
export function withMoreRows(values: FormValues, type: QuestionType): FormValues {
	return { ...values, rows: String(Math.min(MAX_ROWS, rowCount(values, type) + SPARE_ROWS)) };
}

interface Row {
	/** the row's place in the form, 0 for the first */
	at: number;
	id: string;
	fields: Record<string, string>;
}

/** The rows with content, in form order; a slug from the text where the form has no usable id. */
function readRows(values: FormValues, kind: RowKind, idFrom: (r: Omit<Row, 'id'>) => string, taken = new Set<string>()): Row[] {
	const rows: (Omit<Row, 'id'> & { id?: string })[] = [];
	for (let at = 0; at < MAX_ROWS; at++) {
		const fields = Object.fromEntries(ROW_FIELDS[kind].map((f) => [f, clean(values[`${kind}-${at}-${f}`])]));
		if (Object.values(fields).every((v) => v === '')) continue;
		rows.push({ at, fields });
	}
	// Ids the form kept (existing rows) first, so a new row's id never takes an old row's.
	for (const row of rows) {
		const id = clean(values[`${kind}-${row.at}-id`]);
		if (isSlug(id) && !taken.has(id)) {
			row.id = id;
			taken.add(id);
		}
	}
	for (const row of rows) if (row.id === undefined) row.id = uniqueSlug(idFrom(row), kind, taken);
	return rows as Row[];
}

/** A slug made from a text, not in `taken` (which it joins): "the-river-basin", "the-river-basin-2". */
function uniqueSlug(text: string, fallback: string, taken: Set<string>): string {
	let base = slugify(text).slice(0, 40).replace(/-+$/, '');
	if (base === 'untitled' || base === '' || base === NEW_QUESTION) base = fallback;
	let id = base;
	for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
	taken.add(id);
	return id;
}

/** Lines of a textarea, blank ones left out. */
const lines = (text: string | undefined) =>
	clean(text)
		.split('\n')
		.map((l) => l.trim())
		.filter(Boolean);

function checkLines(p: Problems, field: string, list: string[], max: number, maxLength: number) {
	if (list.length > max) p.add(field, 'error_builder_too_many_lines', { max });
	const long = list.findIndex((l) => l.length > maxLength);
	if (long >= 0) p.add(field, 'error_builder_line_too_long', { line: long + 1, max: maxLength });
}

function checkText(p: Problems, field: string, text: string, max: number) {
	if (text.length > max) p.add(field, 'error_builder_too_long', { max });
}

/** Two rows (or lines) with the same text: the later one is marked, naming the first. */
function checkDistinct(p: Problems, entries: { field: string; text: string; number: number }[]) {
	const seen = new Map<string, number>();
	for (const e of entries) {
		const first = seen.get(sameText(e.text));
		if (first !== undefined) p.add(e.field, 'error_builder_same_text', { number: first });
		else seen.set(sameText(e.text), e.number);
	}
}

/**
 * A question read from the builder's form, in the authored shape (as in a quiz file); the id
 * is '' when the author left it empty. `rows` gives, for each authored row, its row in the form.
 */
export interface QuestionDraft {
	source: Record<string, unknown> & { id: string; type: QuestionType; prompt: string };
	rows: number[];
}

/** The form's fields checked one by one, then the draft question. */
export function readQuestionForm(values: FormValues, type: QuestionType): { ok: true; draft: QuestionDraft } | ({ ok: false } & FieldProblems) {
	const p = new Problems();
	const id = clean(values.id);
	if (id !== '' && !isSlug(id)) p.add('id', 'error_builder_id_format');
	if (id === NEW_QUESTION) p.add('id', 'error_builder_id_reserved');
	const prompt = clean(values.prompt);
	if (prompt === '') p.add('prompt', 'error_builder_prompt_required');
	checkText(p, 'prompt', prompt, LIMITS.prompt);
	const pointsText = clean(values.points);
	const points = pointsText === '' ? 1 : readNumber(pointsText);
	if (points === null || points <= 0 || points > LIMITS.points) p.add('points', 'error_builder_points', { max: LIMITS.points });
	const pool = clean(values.pool);
	if (pool !== '' && !isSlug(pool)) p.add('pool', 'error_builder_pool_format');
	const feedback = {
		general: clean(values.feedbackGeneral) || null,
		correct: clean(values.feedbackCorrect) || null,
		incorrect: clean(values.feedbackIncorrect) || null
	};
	for (const [key, field] of [['general', 'feedbackGeneral'], ['correct', 'feedbackCorrect'], ['incorrect', 'feedbackIncorrect']] as const)
		checkText(p, field, feedback[key] ?? '', LIMITS.feedback);

	const source: QuestionDraft['source'] = { id, type, prompt, points: points ?? 1, pool: pool || null, feedback };
	let rows: number[] = [];
	switch (type) {
		case 'single_choice':
		case 'multiple_response': {
			const choices = readRows(values, 'choice', (r) => r.fields.text!);
			rows = choices.map((c) => c.at);
			const correct = (at: number) => (type === 'single_choice' ? clean(values.correct) === String(at) : values[`choice-${at}-correct`] === 'yes');
			for (const c of choices) {
				if (c.fields.text === '') p.add(`choice-${c.at}-text`, 'error_builder_choice_text');
				checkText(p, `choice-${c.at}-text`, c.fields.text!, LIMITS.choiceText);
				checkText(p, `choice-${c.at}-feedback`, c.fields.feedback!, LIMITS.feedback);
			}
			checkDistinct(p, choices.filter((c) => c.fields.text).map((c) => ({ field: `choice-${c.at}-text`, text: c.fields.text!, number: c.at + 1 })));
			const right = choices.filter((c) => correct(c.at)).length;
			if (choices.length < 2) p.add('choices', 'error_builder_choices_few');
			else if (type === 'single_choice' && right !== 1) p.add('choices', 'error_builder_correct_one');
			else if (type === 'multiple_response' && right === 0) p.add('choices', 'error_builder_correct_some');
			source.choices = choices.map((c) => ({ id: c.id, text: c.fields.text, correct: correct(c.at), feedback: c.fields.feedback || null }));
			break;
		}
		case 'true_false': {
			const answer = clean(values.answer);
			if (answer !== 'true' && answer !== 'false') p.add('answer', 'error_builder_true_false');
			source.answer = answer === 'true';
			break;
		}
		case 'short_answer': {
			const accepted = lines(values.accepted);
			if (accepted.length === 0) p.add('accepted', 'error_builder_accepted_required');
			checkLines(p, 'accepted', accepted, LIMITS.accepted, LIMITS.shortText);
			source.accepted = accepted;
			break;
		}
		case 'numeric': {
			const answer = readNumber(values.answer);
			if (answer === null) p.add('answer', 'error_builder_number');
			const toleranceText = clean(values.tolerance);
			const tolerance = toleranceText === '' ? 0 : readNumber(toleranceText);
			if (tolerance === null || tolerance < 0) p.add('tolerance', 'error_builder_tolerance');
			const unit = clean(values.unit);
			checkText(p, 'unit', unit, LIMITS.unit);
			Object.assign(source, { answer: answer ?? 0, tolerance: tolerance ?? 0, unit: unit || null });
			break;
		}
		case 'matching': {
			const taken = new Set<string>();
			const pairs = readRows(values, 'pair', (r) => r.fields.left!, taken);
			rows = pairs.map((r) => r.at);
			for (const r of pairs) {
				for (const side of ['left', 'right'] as const) {
					if (r.fields[side] === '') p.add(`pair-${r.at}-${side}`, 'error_builder_pair_half');
					checkText(p, `pair-${r.at}-${side}`, r.fields[side]!, LIMITS.shortText);
				}
			}
			const distractors = lines(values.distractors);
			checkLines(p, 'distractors', distractors, LIMITS.options, LIMITS.shortText);
			checkDistinct(p, pairs.filter((r) => r.fields.left).map((r) => ({ field: `pair-${r.at}-left`, text: r.fields.left!, number: r.at + 1 })));
			checkDistinct(p, [
				...pairs.filter((r) => r.fields.right).map((r) => ({ field: `pair-${r.at}-right`, text: r.fields.right!, number: r.at + 1 })),
				...distractors.map((text) => ({ field: 'distractors', text, number: 0 }))
			]);
			if (pairs.length < 2) p.add('pairs', 'error_builder_pairs_few');
			source.pairs = pairs.map((r) => ({ id: r.id, left: r.fields.left, right: r.fields.right }));
			// Distractors are lines, not rows: their ids are kept, hidden, a line each in the same order.
			const kept = lines(values.distractorIds);
			source.distractors = distractors.map((text, i) => {
				const id = kept[i] ?? '';
				if (!isSlug(id) || taken.has(id)) return { id: uniqueSlug(text, 'distractor', taken), text };
				taken.add(id);
				return { id, text };
			});
			break;
		}
		case 'ordering': {
			const items = readRows(values, 'item', (r) => r.fields.text!);
			rows = items.map((r) => r.at);
			for (const r of items) checkText(p, `item-${r.at}-text`, r.fields.text!, LIMITS.shortText);
			checkDistinct(p, items.map((r) => ({ field: `item-${r.at}-text`, text: r.fields.text!, number: r.at + 1 })));
			if (items.length < 2) p.add('items', 'error_builder_items_few');
			source.items = items.map((r) => ({ id: r.id, text: r.fields.text }));
			break;
		}
	}
	if (p.any) return { ok: false, errors: p.errors, params: p.params };
	return { ok: true, draft: { source, rows } };
}

/** Where a problem the quiz schema found in the question is shown in the form. */
function fieldOf(path: (string | number)[], type: QuestionType, rows: number[]): string {
	const [part, index, sub] = path;
	const row = (i: unknown) => (typeof i === 'number' ? (rows[i] ?? 0) : null);
	switch (part) {
		case 'id':
		case 'prompt':
		case 'points':
		case 'pool':
		case 'accepted':
		case 'tolerance':
		case 'unit':
		case 'distractors':
			return part;
		case 'answer':
			return type === 'true_false' || type === 'numeric' ? 'answer' : 'form';
		case 'feedback':
			return index === 'correct' ? 'feedbackCorrect' : index === 'incorrect' ? 'feedbackIncorrect' : 'feedbackGeneral';
		case 'choices':
			return row(index) === null ? 'choices' : `choice-${row(index)}-${sub === 'feedback' ? 'feedback' : 'text'}`;
		case 'pairs':
			return row(index) === null ? 'pairs' : `pair-${row(index)}-${sub === 'left' ? 'left' : 'right'}`;
		case 'items':
			return row(index) === null ? 'items' : `item-${row(index)}-text`;
		default:
			return 'form';
	}
}

export type PlaceResult = { ok: true; quiz: Quiz; question: Question } | ({ ok: false } & FieldProblems);

/**
 * The quiz with the draft question in place of question `at` (0-based), or added at the end
 * when `at` is null, checked whole by the quiz schema. An empty id keeps the question's id,
 * or is made from the prompt for a new question.
 */
export function placeQuestion(quiz: Quiz, draft: QuestionDraft, at: number | null): PlaceResult {
	const p = new Problems();
	const others = quiz.questions.map((q, i) => (i === at ? null : q.id));
	if (at === null && quiz.questions.length >= LIMITS.questions) p.add('form', 'error_builder_too_many_questions', { max: LIMITS.questions });
	let id = draft.source.id;
	if (id === '' && at !== null) id = quiz.questions[at]!.id;
	else if (id === '') id = uniqueSlug(draft.source.prompt.split(/\s+/).slice(0, 6).join(' '), `question-${quiz.questions.length + 1}`, new Set(others.filter((o) => o !== null)));
	const twin = others.indexOf(id);
	if (twin >= 0) p.add('id', 'error_builder_id_taken', { number: twin + 1 });
	if (p.any) return { ok: false, errors: p.errors, params: p.params };

	const question = { ...draft.source, id };
	const source = quizToSource(quiz) as { questions: unknown[] };
	const index = at ?? quiz.questions.length;
	source.questions = [...source.questions];
	source.questions.splice(index, at === null ? 0 : 1, question);
	const result = parseQuizSource(source);
	if (result.ok) return { ok: true, quiz: result.quiz, question: result.quiz.questions[index]! };
	for (const issue of result.issues) {
		const [top, i, ...rest] = issue.path;
		// A draw the question no longer fits (its pool changed) is fixed in its pool field.
		const field = top === 'questions' && i === index ? fieldOf(rest, draft.source.type, draft.rows) : top === 'draw' ? 'pool' : 'form';
		p.add(field, 'error_builder_rejected', { detail: issue.message });
	}
	return { ok: false, errors: p.errors, params: p.params };
}

/** What the builder's fields hold for a question. */
export function questionFormValues(q: Question): FormValues {
	const v: FormValues = {
		id: q.id,
		prompt: q.prompt,
		points: String(q.points),
		pool: q.pool ?? '',
		feedbackGeneral: q.feedback.general ?? '',
		feedbackCorrect: q.feedback.correct ?? '',
		feedbackIncorrect: q.feedback.incorrect ?? ''
	};
	const rowsOf = (n: number) => String(Math.min(MAX_ROWS, Math.max(NEW_ROWS, n + SPARE_ROWS)));
	switch (q.type) {
		case 'single_choice':
		case 'multiple_response':
			q.choices.forEach((c, i) => {
				Object.assign(v, { [`choice-${i}-text`]: c.text, [`choice-${i}-feedback`]: c.feedback ?? '', [`choice-${i}-id`]: c.id });
				if (c.correct && q.type === 'single_choice') v.correct = String(i);
				if (c.correct && q.type === 'multiple_response') v[`choice-${i}-correct`] = 'yes';
			});
			v.rows = rowsOf(q.choices.length);
			break;
		case 'true_false':
			v.answer = String(q.answer);
			break;
		case 'short_answer':
			v.accepted = q.accepted.join('\n');
			break;
		case 'numeric':
			Object.assign(v, { answer: String(q.answer), tolerance: String(q.tolerance), unit: q.unit ?? '' });
			break;
		case 'matching':
			q.pairs.forEach((pair, i) => Object.assign(v, { [`pair-${i}-left`]: pair.left, [`pair-${i}-right`]: pair.right, [`pair-${i}-id`]: pair.id }));
			v.distractors = q.distractors.map((d) => d.text).join('\n');
			v.distractorIds = q.distractors.map((d) => d.id).join('\n');
			v.rows = rowsOf(q.pairs.length);
			break;
		case 'ordering':
			q.items.forEach((item, i) => Object.assign(v, { [`item-${i}-text`]: item.text, [`item-${i}-id`]: item.id }));
			v.rows = rowsOf(q.items.length);
			break;
	}
	return v;
}

/** A new question's fields: one point, empty rows. */
export function newQuestionValues(type: QuestionType): FormValues {
	return { points: '1', ...(ROW_KIND[type] ? { rows: String(NEW_ROWS) } : {}) };
}

/** One line of the quiz editor's list of questions. */
export interface QuestionSummary {
	id: string;
	type: QuestionType;
	/** the prompt's start, as plain as Markdown allows without rendering it */
	excerpt: string;
	points: number;
	pool: string | null;
}

export function questionSummaries(quiz: Quiz): QuestionSummary[] {
	return quiz.questions.map((q) => {
		const plain = q.prompt.replace(/[#*_`>[\]!]|\(\S*\)/g, '').replace(/\s+/g, ' ').trim();
		return { id: q.id, type: q.type, excerpt: plain.length > 120 ? `${plain.slice(0, 120)}…` : plain, points: q.points, pool: q.pool };
	});
}
