import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN } from '$lib/courses/taxonomy';

/**
 * Settings of an assignment lesson (lesson_item.data for kind 'assignment', camelCase JSON).
 * Shared by the runtime (assignments.ts), the course-format importer and the lesson editor.
 * Messages are for authors, in English, and say what to fix and where.
 */

export const DEFAULT_FILE_TYPES = ['pdf', 'docx', 'odt', 'txt', 'jpg', 'png', 'xlsx', 'pptx'] as const;
export const ASSIGNMENT_LIMITS = {
	points: 1000,
	maxFileMb: 20,
	maxFiles: 10,
	fileTypes: 30,
	criteria: 20,
	levels: 10,
	title: 200,
	description: 2000
} as const;

export interface RubricLevel {
	id: string;
	title: string;
	points: number;
}
export interface RubricCriterion {
	id: string;
	title: string;
	description: string | null;
	levels: RubricLevel[];
}
export interface AssignmentSettings {
	points: number;
	fileTypes: string[];
	maxFileMb: number;
	maxFiles: number;
	textEntry: boolean;
	passPercent: number;
	rubric: RubricCriterion[];
}

export interface AssignmentIssue {
	path: (string | number)[];
	message: string;
}

const quote = (v: unknown) => {
	const s = typeof v === 'string' ? v : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v);
	const short = s.length > 40 ? `${s.slice(0, 40)}…` : s;
	return typeof v === 'string' ? `"${short}"` : short;
};
const expected = (field: string, what: string) => (iss: { input?: unknown }) =>
	iss.input === undefined ? `${field} is required` : `${field} must be ${what}, not ${quote(iss.input)}`;
const fields = <T extends z.ZodRawShape>(shape: T) =>
	z.strictObject(shape, {
		error: (iss: { code?: string; keys?: string[]; input?: unknown }) =>
			iss.code === 'unrecognized_keys'
				? `unknown field ${quote(iss.keys?.[0])}; known fields here: ${Object.keys(shape).join(', ')}`
				: `must be a mapping of fields (${Object.keys(shape).join(', ')}), not ${quote(iss.input)}`
	});

const text = (field: string, max: number) =>
	z
		.string({ error: expected(field, 'text') })
		.trim()
		.min(1, { error: `${field} must not be empty` })
		.max(max, { error: `${field} is too long: at most ${max} characters` });
const slug = (field: string) =>
	z
		.string({ error: expected(field, 'a slug like "analysis"') })
		.max(MAX_SLUG, { error: `${field} is too long: at most ${MAX_SLUG} characters` })
		.regex(SLUG_PATTERN, { error: (iss) => `${field} ${quote(iss.input)} may use only a-z, 0-9 and single hyphens, like "analysis"` });
const number = (field: string, min: number, max: number, whole = false) => {
	const error = expected(field, `a ${whole ? 'whole ' : ''}number from ${min} to ${max}`);
	const n = z.number({ error }).min(min, { error }).max(max, { error });
	return whole ? n.int({ error }) : n;
};

const LevelSchema = fields({
	id: slug('id'),
	title: text('title', ASSIGNMENT_LIMITS.title),
	points: number('points', 0, ASSIGNMENT_LIMITS.points)
});
const CriterionSchema = fields({
	id: slug('id'),
	title: text('title', ASSIGNMENT_LIMITS.title),
	description: z
		.string({ error: expected('description', 'text') })
		.trim()
		.max(ASSIGNMENT_LIMITS.description, { error: `description is too long: at most ${ASSIGNMENT_LIMITS.description} characters` })
		.transform((s) => (s === '' ? null : s))
		.nullable()
		.default(null),
	levels: z
		.array(LevelSchema, { error: expected('levels', 'a list') })
		.min(2, { error: 'levels needs at least 2 entries' })
		.max(ASSIGNMENT_LIMITS.levels, { error: `levels has too many entries: at most ${ASSIGNMENT_LIMITS.levels}` })
}).superRefine((c, ctx) => {
	const seen = new Set<string>();
	c.levels.forEach((level, i) => {
		if (seen.has(level.id)) ctx.addIssue({ code: 'custom', path: ['levels', i, 'id'], message: `level id ${quote(level.id)} is used twice` });
		seen.add(level.id);
	});
});

const fileType = z
	.string({ error: expected('fileTypes', 'a list of file extensions like "pdf"') })
	.trim()
	.toLowerCase()
	.transform((s) => s.replace(/^\./, ''))
	.pipe(z.string().regex(/^[a-z0-9]{1,10}$/, { error: (iss) => `file type ${quote(iss.input)} must be an extension like "pdf"` }));

/** The settings in their stored (camelCase) shape, defaults filled in. */
export const AssignmentSettingsSchema = fields({
	points: number('points', 1, ASSIGNMENT_LIMITS.points).default(100),
	fileTypes: z
		.array(fileType, { error: expected('fileTypes', 'a list of file extensions') })
		.max(ASSIGNMENT_LIMITS.fileTypes, { error: `fileTypes has too many entries: at most ${ASSIGNMENT_LIMITS.fileTypes}` })
		.transform((list) => [...new Set(list)])
		.default([...DEFAULT_FILE_TYPES]),
	maxFileMb: number('maxFileMb', 0.01, ASSIGNMENT_LIMITS.maxFileMb).default(10),
	maxFiles: number('maxFiles', 0, ASSIGNMENT_LIMITS.maxFiles, true).default(3),
	textEntry: z.boolean({ error: expected('textEntry', 'true or false') }).default(true),
	passPercent: number('passPercent', 0, 100).default(50),
	rubric: z
		.array(CriterionSchema, { error: expected('rubric', 'a list of criteria') })
		.max(ASSIGNMENT_LIMITS.criteria, { error: `rubric has too many criteria: at most ${ASSIGNMENT_LIMITS.criteria}` })
		.default([])
}).superRefine((s, ctx) => {
	if (!s.textEntry && s.maxFiles === 0) {
		ctx.addIssue({ code: 'custom', path: ['maxFiles'], message: 'learners could submit nothing: allow text entry or at least one file' });
	}
	if (s.maxFiles > 0 && s.fileTypes.length === 0) {
		ctx.addIssue({ code: 'custom', path: ['fileTypes'], message: 'fileTypes must list at least one extension when files are allowed' });
	}
	const seen = new Set<string>();
	s.rubric.forEach((c, i) => {
		if (seen.has(c.id)) ctx.addIssue({ code: 'custom', path: ['rubric', i, 'id'], message: `criterion id ${quote(c.id)} is used twice` });
		seen.add(c.id);
	});
});

export type AssignmentParseResult = { ok: true; settings: AssignmentSettings } | { ok: false; issues: AssignmentIssue[] };

/** Checks settings in the stored camelCase shape (null or undefined: all defaults). */
export function parseAssignmentSettings(source: unknown): AssignmentParseResult {
	const result = AssignmentSettingsSchema.safeParse(source ?? {});
	if (result.success) return { ok: true, settings: result.data };
	return { ok: false, issues: result.error.issues.map((issue) => toIssue(issue, source)) };
}

/** The settings of a stored item; the database only holds checked settings, so a failure is a bug. */
export function assignmentSettings(data: unknown): AssignmentSettings {
	const result = parseAssignmentSettings(data);
	if (!result.ok) throw new Error(`invalid assignment settings: ${result.issues.map((i) => i.message).join('; ')}`);
	return result.settings;
}

const SNAKE: Record<string, string> = {
	file_types: 'fileTypes',
	max_file_mb: 'maxFileMb',
	max_files: 'maxFiles',
	text_entry: 'textEntry',
	pass_percent: 'passPercent'
};
const CAMEL = Object.fromEntries(Object.entries(SNAKE).map(([k, v]) => [v, k]));

/**
 * Checks settings as authored in a file's front matter (snake_case: file_types, max_file_mb,
 * max_files, text_entry, pass_percent, points, rubric). Messages name the snake_case fields.
 */
export function parseAssignmentSource(source: unknown): AssignmentParseResult {
	if (source !== null && source !== undefined && (typeof source !== 'object' || Array.isArray(source))) {
		return { ok: false, issues: [{ path: [], message: `assignment settings must be a mapping of fields, not ${quote(source)}` }] };
	}
	const camel: Record<string, unknown> = {};
	for (const [k, v] of Object.entries((source ?? {}) as Record<string, unknown>)) {
		if (k in CAMEL) camel[`\u0000${k}`] = v; // a camelCase key in a file is unknown there
		else camel[SNAKE[k] ?? k] = v;
	}
	const result = parseAssignmentSettings(camel);
	if (result.ok) return result;
	const toSnake = (s: string) =>
		s.replace(/(?<!\u0000)\b(fileTypes|maxFileMb|maxFiles|textEntry|passPercent)\b/g, (m) => CAMEL[m] ?? m).replace(/\u0000/g, '');
	return {
		ok: false,
		issues: result.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'string' ? toSnake(p) : p)), message: toSnake(i.message) }))
	};
}

/** The settings back to the authored snake_case shape, leaving out what is at its default. */
export function assignmentToSource(s: AssignmentSettings): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	if (s.points !== 100) out.points = s.points;
	if (s.fileTypes.join(',') !== DEFAULT_FILE_TYPES.join(',')) out.file_types = [...s.fileTypes];
	if (s.maxFileMb !== 10) out.max_file_mb = s.maxFileMb;
	if (s.maxFiles !== 3) out.max_files = s.maxFiles;
	if (!s.textEntry) out.text_entry = false;
	if (s.passPercent !== 50) out.pass_percent = s.passPercent;
	if (s.rubric.length > 0) {
		out.rubric = s.rubric.map((c) => ({
			id: c.id,
			title: c.title,
			...(c.description ? { description: c.description } : {}),
			levels: c.levels.map((l) => ({ id: l.id, title: l.title, points: l.points }))
		}));
	}
	return out;
}

/** The most a submission can score: the best level of each criterion, or `points` without a rubric. */
export function maxScore(s: AssignmentSettings): number {
	if (s.rubric.length === 0) return s.points;
	return s.rubric.reduce((sum, c) => sum + Math.max(...c.levels.map((l) => l.points)), 0);
}

function toIssue(issue: z.core.$ZodIssue, source: unknown): AssignmentIssue {
	const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
	if (issue.code === 'unrecognized_keys' && issue.keys[0] !== undefined) path.push(issue.keys[0]);
	let where = '';
	const [top, index, part, partIndex] = path;
	if (top === 'rubric' && typeof index === 'number') {
		const raw = (source as { rubric?: unknown[] } | null)?.rubric?.[index] as { id?: unknown } | undefined;
		const id = typeof raw?.id === 'string' && SLUG_PATTERN.test(raw.id) ? ` (${raw.id})` : '';
		where = `rubric criterion ${index + 1}${id}`;
		if (part === 'levels' && typeof partIndex === 'number') where += `, level ${partIndex + 1}`;
	}
	return { path, message: where ? `${where}: ${issue.message}` : issue.message };
}
