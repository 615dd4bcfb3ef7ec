import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN } from '../../courses/taxonomy';
import { LIMITS, QUESTION_TYPES, REVIEW_POLICIES, type Question, type QuestionFeedback, type Quiz, type QuizIssue } from './model';

/**
 * Validation of an authored quiz. Messages are for authors (English for now; they are mapped
 * to message keys when the browser editor shows them) and say what to fix, and where.
 */

const quote = (v: unknown) => {
	const s = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
	const short = s.length > 40 ? `${s.slice(0, 40)}…` : s;
	return typeof v === 'string' ? `"${short}"` : short;
};

/** The message of a field of the wrong type, or missing. */
const expected = (field: string, what: string) => (iss: { input?: unknown }) =>
	iss.input === undefined ? `${field} is required` : `${field} must be ${what}, not ${quote(iss.input)}`;

const unknownKeys = (known: string[]) => (iss: { code?: string; keys?: string[]; input?: unknown }) =>
	iss.code === 'unrecognized_keys'
		? `unknown field ${quote(iss.keys?.[0])}; known fields here: ${known.join(', ')}`
		: `must be a mapping of fields (${known.join(', ')}), not ${quote(iss.input)}`;

/** A strict object whose unknown keys are reported with the keys it knows. */
const fields = <T extends z.ZodRawShape>(shape: T) => z.strictObject(shape, { error: unknownKeys(Object.keys(shape)) });

const normalise = (s: string) => s.replace(/\r\n?/g, '\n');
/** Numbers are taken as text where text is expected: a choice may well be 1990. */
const numberAsText = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? String(v) : v);

const text = (field: string, max: number) =>
	z.preprocess(
		numberAsText,
		z
			.string({ error: expected(field, 'text') })
			.overwrite(normalise)
			.trim()
			.min(1, { error: `${field} must not be empty` })
			.max(max, { error: `${field} is too long: at most ${max} characters` })
	);
const optionalText = (field: string, max: number) => text(field, max).nullable().default(null);

const slug = (field: string) =>
	z
		.string({ error: expected(field, 'a slug like "rain-source"') })
		.max(MAX_SLUG, { error: `${field} is too long: at most ${MAX_SLUG} characters` })
		.regex(SLUG_PATTERN, {
			error: (iss) => `${field} ${quote(iss.input)} may use only a-z, 0-9 and single hyphens, like "rain-source"`
		});

const wholeNumber = (field: string, min: number, max: number) => {
	const error = expected(field, `a whole number from ${min} to ${max}`);
	return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
};

const list = <T extends z.ZodType>(field: string, item: T, min: number, max: number) =>
	z
		.array(item, { error: expected(field, 'a list') })
		.min(min, { error: `${field} needs at least ${min} ${min === 1 ? 'entry' : 'entries'}` })
		.max(max, { error: `${field} has too many entries: at most ${max}` });

const FeedbackSchema = z.preprocess(
	// `feedback: some text` is the general feedback
	(v) => (typeof v === 'string' ? { general: v } : v),
	fields({
		general: optionalText('feedback.general', LIMITS.feedback),
		correct: optionalText('feedback.correct', LIMITS.feedback),
		incorrect: optionalText('feedback.incorrect', LIMITS.feedback)
	})
);
// a new object each time: a default shared between questions would change with any of them
const noFeedback = (): QuestionFeedback => ({ general: null, correct: null, incorrect: null });

const base = {
	id: slug('id'),
	prompt: text('prompt', LIMITS.prompt),
	points: z
		.number({ error: expected('points', 'a number above 0') })
		.gt(0, { error: 'points must be above 0' })
		.max(LIMITS.points, { error: `points must be at most ${LIMITS.points}` })
		.default(1),
	pool: slug('pool').nullable().default(null),
	feedback: FeedbackSchema.nullable().transform((f) => f ?? noFeedback()).default(noFeedback)
};

const ChoiceSchema = fields({
	id: slug('id'),
	text: text('text', LIMITS.choiceText),
	correct: z.boolean({ error: expected('correct', 'true or false') }).default(false),
	feedback: optionalText('feedback', LIMITS.feedback)
});
const IdText = (max: number) => fields({ id: slug('id'), text: text('text', max) });

type Ctx = z.core.$RefinementCtx;
const key = (s: string) => s.normalize('NFC').toLowerCase().replace(/\s+/g, ' ');

/** Ids unique and texts distinct (two identical options cannot be told apart). */
function distinct(ctx: Ctx, entries: { path: (string | number)[]; id?: string; text?: string }[], what: string) {
	const ids = new Map<string, number>();
	const texts = new Map<string, number>();
	entries.forEach((e, i) => {
		if (e.id !== undefined) {
			const first = ids.get(e.id);
			if (first !== undefined) ctx.addIssue({ code: 'custom', path: [...e.path, 'id'], message: `id ${quote(e.id)} is already used by ${what} ${first + 1}` });
			else ids.set(e.id, i);
		}
		if (e.text !== undefined) {
			const first = texts.get(key(e.text));
			if (first !== undefined) ctx.addIssue({ code: 'custom', path: [...e.path], message: `has the same text as ${what} ${first + 1}; learners could not tell them apart` });
			else texts.set(key(e.text), i);
		}
	});
}

const choices = (needs: 'one' | 'some') =>
	list('choices', ChoiceSchema, 2, LIMITS.options).superRefine((cs, ctx) => {
		distinct(ctx, cs.map((c, i) => ({ path: [i], id: c.id, text: c.text })), 'choice');
		const n = cs.filter((c) => c.correct).length;
		if (needs === 'one' && n !== 1)
			ctx.addIssue({ code: 'custom', path: [], message: `exactly one choice must have correct: true (found ${n}); use type multiple_response for several` });
		if (needs === 'some' && n === 0) ctx.addIssue({ code: 'custom', path: [], message: 'at least one choice must have correct: true' });
	});

const QUESTION_SCHEMAS = [
	fields({ ...base, type: z.literal('single_choice'), choices: choices('one') }),
	fields({ ...base, type: z.literal('multiple_response'), choices: choices('some') }),
	fields({ ...base, type: z.literal('true_false'), answer: z.boolean({ error: expected('answer', 'true or false') }) }),
	fields({ ...base, type: z.literal('short_answer'), accepted: list('accepted', text('accepted answer', LIMITS.shortText), 1, LIMITS.accepted) }),
	fields({
		...base,
		type: z.literal('numeric'),
		answer: z.number({ error: expected('answer', 'a number like 3.5') }),
		tolerance: z.number({ error: expected('tolerance', 'a number, 0 or more') }).min(0, { error: 'tolerance must be 0 or more' }).default(0),
		unit: optionalText('unit', LIMITS.unit)
	}),
	fields({
		...base,
		type: z.literal('matching'),
		pairs: list('pairs', fields({ id: slug('id'), left: text('left', LIMITS.shortText), right: text('right', LIMITS.shortText) }), 2, LIMITS.options),
		distractors: list('distractors', IdText(LIMITS.shortText), 0, LIMITS.options).default(() => [])
	}).superRefine((q, ctx) => {
		distinct(ctx, q.pairs.map((p, i) => ({ path: ['pairs', i, 'left'], text: p.left })), 'pair');
		distinct(
			ctx,
			[
				...q.pairs.map((p, i) => ({ path: ['pairs', i], id: p.id, text: p.right })),
				...q.distractors.map((d, i) => ({ path: ['distractors', i], id: d.id, text: d.text }))
			],
			'right-hand item'
		);
	}),
	fields({ ...base, type: z.literal('ordering'), items: list('items', IdText(LIMITS.shortText), 2, LIMITS.options) }).superRefine((q, ctx) =>
		distinct(ctx, q.items.map((it, i) => ({ path: ['items', i], id: it.id, text: it.text })), 'item')
	)
] as const;

const QuestionSchema = z.discriminatedUnion('type', QUESTION_SCHEMAS, {
	error: (iss) => {
		const type = (iss.input as { type?: unknown } | undefined)?.type;
		if (iss.input === null || typeof iss.input !== 'object' || Array.isArray(iss.input)) return `must be a mapping with id, type and prompt, not ${quote(iss.input)}`;
		return type === undefined ? `type is required: one of ${QUESTION_TYPES.join(', ')}` : `unknown type ${quote(type)}; use one of ${QUESTION_TYPES.join(', ')}`;
	}
});

const DrawCount = wholeNumber('draw', 1, LIMITS.questions);
const DrawPools = z.record(slug('pool'), wholeNumber('the number drawn', 1, LIMITS.questions), {
	error: (iss) => (iss.code === 'invalid_key' ? 'a pool name may use only a-z, 0-9 and single hyphens, like "water-basics"' : undefined)
});
/** A number, or a mapping of pool to number: told apart by type, so the problems are those of the one meant. */
const DrawSchema = z
	.union([DrawCount, DrawPools], { error: expected('draw', 'a number of questions, or a mapping of pool: number') })
	.nullable();
const drawSchemaFor = (v: unknown) => (typeof v === 'number' ? DrawCount : v !== null && typeof v === 'object' && !Array.isArray(v) ? DrawPools : DrawSchema);

/**
 * The authored quiz (snake_case keys, as in the YAML file) to the model. Checks fields first,
 * then, when they are all fine, what spans questions (unique ids, draws).
 */
export const QuizSchema = fields({
	title: text('title', LIMITS.title),
	description: z
		.preprocess(numberAsText, z.string({ error: expected('description', 'text (Markdown)') }).overwrite(normalise).trim())
		.pipe(z.string().max(LIMITS.description, { error: `description is too long: at most ${LIMITS.description} characters` }))
		.nullable()
		.default(null),
	time_limit_minutes: wholeNumber('time_limit_minutes', 1, LIMITS.timeLimitMinutes).nullable().default(null),
	attempts_allowed: wholeNumber('attempts_allowed', 1, LIMITS.attemptsAllowed).nullable().default(null),
	pass_percent: z
		.number({ error: expected('pass_percent', 'a number from 0 to 100 (0: no pass mark)') })
		.min(0, { error: 'pass_percent must be from 0 to 100' })
		.max(100, { error: 'pass_percent must be from 0 to 100' }),
	shuffle_questions: z.boolean({ error: expected('shuffle_questions', 'true or false') }).default(false),
	shuffle_options: z.boolean({ error: expected('shuffle_options', 'true or false') }).default(true),
	review: z.enum(REVIEW_POLICIES, { error: expected('review', `one of ${REVIEW_POLICIES.join(', ')}`) }).default('after_attempt'),
	draw: z
		.unknown()
		.transform((v, ctx) => {
			const result = drawSchemaFor(v).safeParse(v);
			if (result.success) return result.data;
			for (const issue of result.error.issues) ctx.addIssue(issue as never); // placed under draw already
			return z.NEVER;
		})
		.default(null),
	questions: list('questions', QuestionSchema, 1, LIMITS.questions)
})
	.superRefine((q, ctx) => {
		const seen = new Map<string, number>();
		q.questions.forEach((question, i) => {
			const first = seen.get(question.id);
			if (first !== undefined) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `id ${quote(question.id)} is already used by question ${first + 1}` });
			else seen.set(question.id, i);
		});
		const draw = q.draw;
		if (typeof draw === 'number' && draw > q.questions.length) {
			ctx.addIssue({ code: 'custom', path: ['draw'], message: `draw is ${draw} but the quiz has only ${q.questions.length} questions` });
		} else if (draw && typeof draw === 'object') {
			for (const [pool, n] of Object.entries(draw)) {
				const size = q.questions.filter((x) => x.pool === pool).length;
				if (size === 0) ctx.addIssue({ code: 'custom', path: ['draw', pool], message: `no question has pool: ${pool}` });
				else if (n > size) ctx.addIssue({ code: 'custom', path: ['draw', pool], message: `${n} questions are drawn from a pool of ${size}` });
			}
		}
	})
	.transform(
		(q): Quiz => ({
			settings: {
				title: q.title,
				description: q.description ?? '',
				timeLimitMinutes: q.time_limit_minutes,
				attemptsAllowed: q.attempts_allowed,
				passPercent: q.pass_percent,
				shuffleQuestions: q.shuffle_questions,
				shuffleOptions: q.shuffle_options,
				review: q.review,
				draw: q.draw
			},
			questions: q.questions
		})
	);

export type QuizParseResult = { ok: true; quiz: Quiz } | { ok: false; issues: QuizIssue[] };

/** Checks an authored quiz (the YAML file's content, or the editor's) and returns the model. */
export function parseQuizSource(source: unknown): QuizParseResult {
	const result = QuizSchema.safeParse(source);
	if (result.success) return { ok: true, quiz: result.data };
	return { ok: false, issues: result.error.issues.map((issue) => toIssue(issue, source)) };
}

const PARTS: Record<string, string> = { choices: 'choice', pairs: 'pair', distractors: 'distractor', items: 'item', accepted: 'accepted answer' };

/** Where an issue is, in words: "question 3 (rain-source), choice 2". */
function toIssue(issue: z.core.$ZodIssue, source: unknown): QuizIssue {
	const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
	// An unknown field is placed on the field itself, so the YAML line is the field's.
	if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
	let where = '';
	const [top, index, part, partIndex] = path;
	if (top === 'questions' && typeof index === 'number') {
		const raw = (source as { questions?: unknown[] } | null)?.questions?.[index] as { id?: unknown } | undefined;
		const id = typeof raw?.id === 'string' && SLUG_PATTERN.test(raw.id) ? ` (${raw.id})` : '';
		where = `question ${index + 1}${id}`;
		if (typeof part === 'string' && typeof partIndex === 'number' && PARTS[part]) where += `, ${PARTS[part]} ${partIndex + 1}`;
	} else if (top === 'draw' && typeof index === 'string') where = `draw, pool ${quote(index)}`;
	return { path, message: where ? `${where}: ${issue.message}` : issue.message };
}

/** The model back to the authored shape, leaving out what is at its default. */
export function quizToSource(quiz: Quiz): Record<string, unknown> {
	const s = quiz.settings;
	const out: Record<string, unknown> = { title: s.title };
	if (s.description) out.description = s.description;
	if (s.timeLimitMinutes !== null) out.time_limit_minutes = s.timeLimitMinutes;
	if (s.attemptsAllowed !== null) out.attempts_allowed = s.attemptsAllowed;
	out.pass_percent = s.passPercent;
	if (s.shuffleQuestions) out.shuffle_questions = true;
	if (!s.shuffleOptions) out.shuffle_options = false;
	if (s.review !== 'after_attempt') out.review = s.review;
	if (s.draw !== null) out.draw = typeof s.draw === 'number' ? s.draw : { ...s.draw };
	out.questions = quiz.questions.map(questionToSource);
	return out;
}

function questionToSource(q: Question): Record<string, unknown> {
	const out: Record<string, unknown> = { id: q.id, type: q.type, prompt: q.prompt };
	if (q.points !== 1) out.points = q.points;
	if (q.pool !== null) out.pool = q.pool;
	switch (q.type) {
		case 'single_choice':
		case 'multiple_response':
			out.choices = q.choices.map((c) => ({
				id: c.id,
				text: c.text,
				...(c.correct ? { correct: true } : {}),
				...(c.feedback !== null ? { feedback: c.feedback } : {})
			}));
			break;
		case 'true_false':
			out.answer = q.answer;
			break;
		case 'short_answer':
			out.accepted = [...q.accepted];
			break;
		case 'numeric':
			out.answer = q.answer;
			if (q.tolerance !== 0) out.tolerance = q.tolerance;
			if (q.unit !== null) out.unit = q.unit;
			break;
		case 'matching':
			out.pairs = q.pairs.map((p) => ({ id: p.id, left: p.left, right: p.right }));
			if (q.distractors.length) out.distractors = q.distractors.map((d) => ({ id: d.id, text: d.text }));
			break;
		case 'ordering':
			out.items = q.items.map((it) => ({ id: it.id, text: it.text }));
			break;
	}
	const f = Object.fromEntries(Object.entries(q.feedback).filter(([, v]) => v !== null));
	if (Object.keys(f).length) out.feedback = f;
	return out;
}
