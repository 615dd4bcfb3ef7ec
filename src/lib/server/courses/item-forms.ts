import { stringify } from 'yaml';
import type { AssignmentLessonInput, QuizLessonInput } from '$lib/schemas/items';
import { assignmentToSource, parseAssignmentSource, type AssignmentSettings } from '../assessments/assignment-settings';
import type { Quiz } from '../quizzes/model';
import { parseQuizSource, quizToSource } from '../quizzes/schema';
import { starterQuiz } from './item-editor';
import { YamlSource } from './package/yaml-source';

/**
 * The quiz and assignment editors' forms to the stored item and back. Settings come from
 * labelled fields; the questions and the rubric are YAML in a textarea, in the same syntax as
 * the course files (docs/quiz-format.md, docs/course-format.md), so problems are reported with
 * the line of the textarea they are on.
 */

export interface LineIssue {
	/** 1-based line in the textarea; null for a problem of the settings fields */
	line: number | null;
	message: string;
}
type Result<T> = { ok: true; value: T } | { ok: false; issues: LineIssue[] };

const YAML_OPTIONS = { lineWidth: 100, minContentWidth: 40 } as const;

/** A textarea's YAML list (empty: `[]`), or its problems with their lines. */
function readList(text: string, what: string, example: string): Result<{ list: unknown[]; yaml: YamlSource }> {
	const yaml = new YamlSource(text);
	if (yaml.errors.length) return { ok: false, issues: yaml.errors };
	if (yaml.doc.contents === null) return { ok: true, value: { list: [], yaml } };
	let value: unknown;
	try {
		value = yaml.doc.toJS();
	} catch (e) {
		return { ok: false, issues: [{ line: 1, message: `invalid YAML: ${(e as Error).message.split('\n')[0]}` }] };
	}
	if (!Array.isArray(value)) {
		return { ok: false, issues: [{ line: 1, message: `${what} are a list: each starts with a line "- id: ...", like ${example}` }] };
	}
	return { ok: true, value: { list: value, yaml } };
}

/**
 * A stored quiz, checked again (the database holds checked quizzes; a hand-edited one that no
 * longer reads opens as a new quiz, so the author can write it again rather than see an error).
 */
export function storedQuiz(data: unknown, title: string, language: string): Quiz {
	try {
		const result = parseQuizSource(quizToSource(data as Quiz));
		if (result.ok) return result.quiz;
	} catch {
		// falls through to a new quiz
	}
	return starterQuiz(title, language);
}

/** The quiz editor's form as a quiz, or every problem found. */
export function quizFromForm(input: QuizLessonInput): Result<Quiz> {
	const read = readList(input.questions, 'the questions', '"- id: rain-source"');
	if (!read.ok) return read;
	const { list, yaml } = read.value;
	const source = {
		title: input.title,
		...(input.description.trim() ? { description: input.description } : {}),
		time_limit_minutes: input.timeLimitMinutes,
		attempts_allowed: input.attemptsAllowed,
		pass_percent: input.passPercent,
		shuffle_questions: input.shuffleQuestions,
		shuffle_options: input.shuffleOptions,
		review: input.review,
		draw: input.draw,
		questions: list
	};
	const result = parseQuizSource(source);
	if (result.ok) return { ok: true, value: result.quiz };
	return {
		ok: false,
		issues: result.issues
			.map((issue) => ({ line: issue.path[0] === 'questions' ? yaml.lineAt(issue.path.slice(1)) : null, message: issue.message }))
			.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
	};
}

/** The questions as the editor's textarea shows them: the file's `questions:` list. */
export function questionsYaml(quiz: Quiz): string {
	return stringify(quizToSource(quiz).questions, YAML_OPTIONS);
}

/** What the quiz editor's fields hold for a stored quiz. */
export function quizFormValues(quiz: Quiz): Record<string, string> {
	const s = quiz.settings;
	const draw = s.draw === null ? '' : typeof s.draw === 'number' ? String(s.draw) : Object.entries(s.draw).map(([pool, n]) => `${pool}: ${n}`).join(', ');
	return {
		description: s.description,
		timeLimitMinutes: s.timeLimitMinutes === null ? '' : String(s.timeLimitMinutes),
		attemptsAllowed: s.attemptsAllowed === null ? '' : String(s.attemptsAllowed),
		passPercent: String(s.passPercent),
		shuffleQuestions: s.shuffleQuestions ? 'yes' : '',
		shuffleOptions: s.shuffleOptions ? 'yes' : '',
		review: s.review,
		draw,
		questions: questionsYaml(quiz)
	};
}

/** The assignment editor's form as settings, or every problem found. */
export function assignmentFromForm(input: AssignmentLessonInput): Result<AssignmentSettings> {
	const read = readList(input.rubric, 'the rubric criteria', '"- id: analysis"');
	if (!read.ok) return read;
	const { list, yaml } = read.value;
	const result = parseAssignmentSource({
		points: input.points,
		pass_percent: input.passPercent,
		file_types: input.fileTypes,
		max_file_mb: input.maxFileMb,
		max_files: input.maxFiles,
		text_entry: input.textEntry,
		rubric: list
	});
	if (result.ok) return { ok: true, value: result.settings };
	return {
		ok: false,
		issues: result.issues
			.map((issue) => ({ line: issue.path[0] === 'rubric' ? yaml.lineAt(issue.path.slice(1)) : null, message: issue.message }))
			.sort((a, b) => (a.line ?? 0) - (b.line ?? 0))
	};
}

/** The rubric as the editor's textarea shows it ('' for none). */
export function rubricYaml(settings: AssignmentSettings): string {
	const rubric = assignmentToSource(settings).rubric;
	return rubric ? stringify(rubric, YAML_OPTIONS) : '';
}

/** What the assignment editor's fields hold for stored settings. */
export function assignmentFormValues(settings: AssignmentSettings): Record<string, string> {
	return {
		points: String(settings.points),
		passPercent: String(settings.passPercent),
		fileTypes: settings.fileTypes.join(', '),
		maxFileMb: String(settings.maxFileMb),
		maxFiles: String(settings.maxFiles),
		textEntry: settings.textEntry ? 'yes' : '',
		rubric: rubricYaml(settings)
	};
}
