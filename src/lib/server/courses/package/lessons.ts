import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { LessonCompletion } from '../../db/schema';
import { isAllowedVideoUrl } from '../../content/video';
import { parseAssignmentSource, type AssignmentSettings } from '../../assessments/assignment-settings';
import type { Quiz } from '../../quizzes/model';
import { parseQuizYaml } from '../../quizzes/yaml';
import { VIDEO_EXTENSIONS, extensionOf, resolveCoursePath } from './assets';
import type { ParsedH5p } from './h5p';
import { checkMinutes, checkRequired, list, quote, requiredText, type Bad, type Report } from './fields';
import { YamlSource } from './yaml-source';

/**
 * The items of a module: text lessons (`NN-slug.md`), quizzes (`NN-slug.quiz.yaml`),
 * assignments (`NN-slug.assignment.md`) and H5P activities (`NN-slug.h5p`, see h5p.ts). Each
 * is a lesson; its kind says what its one item is.
 */

interface LessonBase {
	slug: string;
	title: string;
	minutes: number;
	required: boolean;
	/**
	 * How a text lesson is completed; quizzes and assignments have their own rules ('manual');
	 * H5P activities: 'on_view' when they complete on view, else 'manual' (their score decides).
	 */
	completion: LessonCompletion;
	video: string | null;
	attachments: { path: string; title: string }[];
	/** Text lessons: the text; assignments: the instructions; quizzes and H5P activities: ''. */
	body: string;
}
export type ParsedLesson =
	| (LessonBase & { kind: 'text'; data: null })
	| (LessonBase & { kind: 'quiz'; data: Quiz })
	| (LessonBase & { kind: 'assignment'; data: AssignmentSettings })
	| (LessonBase & { kind: 'h5p'; data: ParsedH5p });

export const COMPLETIONS: readonly LessonCompletion[] = ['manual', 'on_view'];
const COMMON_KEYS = ['title', 'minutes', 'required', 'video', 'attachments'];
export const TEXT_LESSON_KEYS = [...COMMON_KEYS, 'completion'];
export const ASSIGNMENT_KEYS = ['points', 'file_types', 'max_file_mb', 'max_files', 'text_entry', 'pass_percent', 'rubric'];
const ASSIGNMENT_LESSON_KEYS = [...COMMON_KEYS, ...ASSIGNMENT_KEYS];
/** Lesson fields a quiz file may have beside the quiz's own (docs/course-format.md). */
export const QUIZ_LESSON_KEYS = ['minutes', 'required'];
const DEFAULT_MINUTES = 10;
const MAX_BODY = 200_000;

type AssetExists = (path: string) => boolean;

/** `---\nfields\n---\nbody`: the fields' YAML, the body, and the line the body starts on. */
function splitFrontMatter(file: string, source: string, report: Report, what: string) {
	if (!source.startsWith('---\n')) {
		report(file, `${what} starts with front matter: a line "---", then "title: ...", then a line "---"`, 1);
		return undefined;
	}
	const end = source.indexOf('\n---', 4);
	const after = end === -1 ? -1 : source.indexOf('\n', end + 4);
	if (end === -1 || (after !== -1 && source.slice(end + 4, after).trim() !== '')) {
		report(file, 'the front matter is not closed: add a line "---" after its fields', 1);
		return undefined;
	}
	const front = source.slice(4, end + 1);
	const rawBody = after === -1 ? '' : source.slice(after + 1);
	const body = rawBody.replace(/^\n+/, '');
	// 1-based line of the body's first line: the front matter's lines, then blank lines.
	const bodyStartLine =
		(source.slice(0, after === -1 ? source.length : after + 1).match(/\n/g)?.length ?? 0) + 1 + (rawBody.length - body.length);
	const yaml = new YamlSource(front, 1);
	for (const e of yaml.errors) report(file, e.message, e.line);
	if (yaml.errors.length) return undefined;
	if (!yaml.isMapping) {
		report(file, 'the front matter must be fields (title: ...)', 2);
		return undefined;
	}
	return { yaml, body, bodyStartLine };
}

/** The fields every lesson file with front matter has: title, minutes, required, video, attachments. */
function commonFields(file: string, yaml: YamlSource, known: string[], report: Report, assetExists: AssetExists) {
	let failed = false;
	const bad: Bad = (key, message, index) => {
		failed = true;
		report(file, message, yaml.line(key, index));
	};
	for (const { key, line } of yaml.keys()) {
		if (!known.includes(key)) {
			failed = true;
			report(file, `unknown field ${quote(key)}; known fields: ${list(known)}`, line);
		}
	}
	const v = yaml.toJS();
	if (v.title === undefined) {
		failed = true;
		report(file, 'the lesson has no title: add "title: ..." to its front matter', 2);
	}
	const title = v.title === undefined ? undefined : requiredText(v.title, 'title', 200, bad);
	const minutes = checkMinutes(v.minutes, bad, DEFAULT_MINUTES);
	const required = checkRequired(v.required, bad);

	let video: string | null = null;
	if (v.video !== undefined && v.video !== null) {
		if (typeof v.video !== 'string') bad('video', 'video must be a YouTube or Vimeo URL, or a file in assets/');
		else if (/^https?:/i.test(v.video)) {
			if (!isAllowedVideoUrl(v.video)) bad('video', `video ${quote(v.video)} is not a YouTube or Vimeo URL`);
			else video = v.video;
		} else {
			const path = resolveCoursePath(v.video);
			if (!path || !path.startsWith('assets/')) bad('video', `video path ${quote(v.video)} escapes the course's assets folder`);
			else if (!VIDEO_EXTENSIONS.includes(extensionOf(path))) bad('video', `a video file must be .mp4 or .webm, not ${quote(v.video)}`);
			else if (!assetExists(path)) bad('video', `video file ${quote(path)} is not in the course folder`);
			else video = path;
		}
	}

	const attachments: { path: string; title: string }[] = [];
	if (v.attachments !== undefined) {
		if (!Array.isArray(v.attachments)) bad('attachments', 'attachments must be a list of { path, title }');
		else
			v.attachments.forEach((item, i) => {
				const a = (typeof item === 'string' ? { path: item } : item) as Record<string, unknown>;
				const path = typeof a?.path === 'string' ? resolveCoursePath(a.path) : undefined;
				if (!path || !path.startsWith('assets/')) bad('attachments', `attachment ${quote(a?.path)} must be a file in the course's assets/ folder`, i);
				else if (!assetExists(path)) bad('attachments', `attachment ${quote(path)} is not in the course folder`, i);
				else attachments.push({ path, title: typeof a.title === 'string' && a.title.trim() ? a.title.trim().slice(0, 200) : path.split('/').pop()! });
			});
	}
	return { v, bad, failed: () => failed, title, minutes, required, video, attachments };
}

/** Every relative link or image in a Markdown text must be a file of the course; true when all are. */
function checkLinks(file: string, body: string, bodyStartLine: number, report: Report, assetExists: AssetExists): boolean {
	let ok = true;
	body.split('\n').forEach((text, i) => {
		for (const match of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)/g)) {
			const target = match[1]!;
			if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) continue;
			const path = resolveCoursePath(target);
			if (!path || !path.startsWith('assets/')) {
				ok = false;
				report(file, `path ${quote(target)} escapes the course's assets folder`, bodyStartLine + i);
			} else if (!assetExists(path)) {
				ok = false;
				report(file, `file ${quote(path)} is not in the course folder`, bodyStartLine + i);
			}
		}
	});
	if (body.length > MAX_BODY) {
		ok = false;
		report(file, 'the lesson text is over 200,000 characters: split it into several lessons');
	}
	return ok;
}

/** `NN-slug.md`: a text lesson. */
export function parseTextLesson(file: string, slug: string, source: string | undefined, report: Report, assetExists: AssetExists): ParsedLesson | undefined {
	if (source === undefined) return undefined;
	const split = splitFrontMatter(file, source, report, 'a lesson');
	if (!split) return undefined;
	const { yaml, body, bodyStartLine } = split;
	const c = commonFields(file, yaml, TEXT_LESSON_KEYS, report, assetExists);
	const completion = c.v.completion ?? 'manual';
	if (!COMPLETIONS.includes(completion as LessonCompletion)) {
		c.bad('completion', `completion must be on_view (complete when opened) or manual (the learner marks it), not ${quote(completion)}`);
	}
	const linksOk = checkLinks(file, body, bodyStartLine, report, assetExists);
	if (c.failed() || !linksOk || c.title === undefined) return undefined;
	const { title, minutes, required, video, attachments } = c;
	return { slug, kind: 'text', title, minutes, required, completion: completion as LessonCompletion, video, attachments, body, data: null };
}

/** `NN-slug.assignment.md`: front matter with the lesson's and the assignment's fields, the instructions below. */
export function parseAssignmentLesson(
	file: string,
	slug: string,
	source: string | undefined,
	report: Report,
	assetExists: AssetExists
): ParsedLesson | undefined {
	if (source === undefined) return undefined;
	const split = splitFrontMatter(file, source, report, 'an assignment');
	if (!split) return undefined;
	const { yaml, body, bodyStartLine } = split;
	const c = commonFields(file, yaml, ASSIGNMENT_LESSON_KEYS, report, assetExists);
	const settingsSource = Object.fromEntries(Object.entries(c.v).filter(([k]) => ASSIGNMENT_KEYS.includes(k)));
	const settings = parseAssignmentSource(settingsSource);
	if (!settings.ok) for (const issue of settings.issues) report(file, issue.message, yaml.lineAt(issue.path));
	const bodyOk = checkLinks(file, body, bodyStartLine, report, assetExists);
	if (c.failed() || !bodyOk || !settings.ok || c.title === undefined) return undefined;
	const { title, minutes, required, video, attachments } = c;
	return { slug, kind: 'assignment', title, minutes, required, completion: 'manual', video, attachments, body, data: settings.settings };
}

/**
 * `NN-slug.quiz.yaml`: a quiz (docs/quiz-format.md) whose title is the lesson's. Beside the
 * quiz's fields the file may have the lesson's `minutes` and `required`; those lines are
 * blanked (so every line keeps its number) before the quiz is read.
 */
export function parseQuizLesson(file: string, slug: string, source: string | undefined, report: Report): ParsedLesson | undefined {
	if (source === undefined) return undefined;
	const { text, values, lines } = takeLessonFields(source);
	const result = parseQuizYaml(text);
	if (!result.ok) {
		for (const issue of result.issues) {
			const message = issue.path.length === 1 && /^unknown field .*; known fields here: title,/.test(issue.message)
				? `${issue.message}, ${QUIZ_LESSON_KEYS.join(', ')}`
				: issue.message;
			report(file, message, issue.line);
		}
	}
	let failed = !result.ok;
	const bad: Bad = (key, message) => {
		failed = true;
		report(file, message, lines[key]);
	};
	const quiz = result.ok ? result.quiz : undefined;
	const minutes = checkMinutes(values.minutes, bad, quiz?.settings.timeLimitMinutes ?? DEFAULT_MINUTES);
	const required = checkRequired(values.required, bad);
	if (failed || !quiz) return undefined;
	return { slug, kind: 'quiz', title: quiz.settings.title, minutes, required, completion: 'manual', video: null, attachments: [], body: '', data: quiz };
}

/** The minutes a quiz lesson has when its file does not say. */
export const quizDefaultMinutes = (quiz: Quiz) => quiz.settings.timeLimitMinutes ?? DEFAULT_MINUTES;

function takeLessonFields(source: string) {
	const values: Record<string, unknown> = {};
	const lines: Record<string, number> = {};
	const counter = new LineCounter();
	const doc = parseDocument(source, { lineCounter: counter, uniqueKeys: true, prettyErrors: false });
	if (doc.errors.length || !isMap(doc.contents)) return { text: source, values, lines };
	let js: Record<string, unknown>;
	try {
		js = doc.toJS() as Record<string, unknown>;
	} catch {
		return { text: source, values, lines }; // the quiz parser reports it
	}
	let text = source;
	for (const pair of doc.contents.items) {
		if (!isScalar(pair.key) || !QUIZ_LESSON_KEYS.includes(String(pair.key.value))) continue;
		const key = String(pair.key.value);
		const start = pair.key.range?.[0];
		const end = (pair.value as { range?: [number, number, number] } | null)?.range?.[1] ?? pair.key.range?.[1];
		if (start === undefined || end === undefined) continue;
		values[key] = js[key];
		lines[key] = counter.linePos(start).line;
		// Offsets are UTF-16 positions and the replacement keeps the length, so later ones stay right.
		text = text.slice(0, start) + text.slice(start, end).replace(/[^\n]/g, ' ') + text.slice(end);
	}
	return { text, values, lines };
}
