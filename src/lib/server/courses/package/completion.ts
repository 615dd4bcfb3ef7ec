import { CompletionRulesSchema, LESSONS_RULES, rulesIssues, type CompletionRules, type LessonKind } from '../../progress/rules';
import { quote, type Report } from './fields';
import type { YamlSource } from './yaml-source';

/**
 * The `completion:` block of course.yaml: the course's completion rules and final-grade
 * weights (see docs/course-format.md). Its keys are single words, the same in the file
 * (snake_case) and in the database (camelCase).
 */

const FILE = 'course.yaml';
const KEYS = ['lessons', 'quizzes', 'activities', 'assignments', 'weights'];

/** What each rule's problem means, for someone editing course.yaml. */
const MESSAGES: Record<string, (at: string) => string> = {
	error_completion_rules_slug: (at) => `${at} must be a lesson slug (a-z, 0-9 and single hyphens), like capstone`,
	error_completion_rules_percent: (at) => `${at} must be a percent from 0 to 100`,
	error_completion_rules_weight: (at) => `${at} must be a number from 0 to 1000`,
	error_completion_rules_lessons: (at) => `${at} must be one of ${LESSONS_RULES.join(', ')}`,
	error_completion_rules_quizzes: (at) => `${at} must be a list of the slugs of quizzes that must be passed, like [check-your-understanding]`,
	error_completion_rules_activities: (at) => `${at} must be a list of the slugs of H5P activities that must be done, like [early-warning-self-check]`,
	error_completion_rules_assignments: (at) => `${at} must be a mapping of assignment slug to the lowest percent that counts, like { capstone: 60 }`,
	error_completion_rules_weights: (at) => `${at} must be a mapping of quiz, assignment or scored H5P activity slug to its weight, like { quiz-1: 30, capstone: 70 }`,
	error_completion_rules_too_many: (at) => `${at} has too many entries: at most 500`,
	error_completion_rules_duplicate: (at) => `${at} names the same lesson twice`,
	error_completion_rules_weights_zero: (at) => `${at}: at least one weight must be above 0`,
	error_completion_rules_invalid: (at) => `${at} must be a mapping of fields (${KEYS.join(', ')})`
};

/** Checks the block's shape; the slugs are checked against the lessons later (`checkCompletionSlugs`). */
export function parseCompletionBlock(value: unknown, yaml: YamlSource, report: Report): CompletionRules | null | undefined {
	if (value === undefined || value === null) return null;
	const parsed = CompletionRulesSchema.safeParse(value);
	if (!parsed.success) {
		for (const issue of parsed.error.issues) {
			const path = ['completion', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
			if (issue.code === 'unrecognized_keys') {
				for (const key of issue.keys) {
					report(FILE, `unknown field ${quote(key)} in completion; known fields: ${KEYS.join(', ')}`, yaml.lineAt([...path, key]));
				}
				continue;
			}
			const message = MESSAGES[issue.message]?.(path.join('.')) ?? `${path.join('.')}: ${issue.message}`;
			report(FILE, message, yaml.lineAt(path));
		}
		return undefined;
	}
	return Object.keys(parsed.data).length ? parsed.data : null;
}

const KIND_WORDS: Record<string, readonly [string, string]> = {
	error_completion_rules_unknown_quiz: ['quizzes', 'a quiz'],
	error_completion_rules_unknown_assignment: ['assignments', 'an assignment'],
	error_completion_rules_unknown_activity: ['activities', 'an H5P activity'],
	error_completion_rules_unknown_weight: ['weights', 'a quiz, an assignment or a scored H5P activity']
};
const KIND_NAMES: Record<LessonKind, string> = { text: 'a text lesson', quiz: 'a quiz', assignment: 'an assignment', h5p: 'an H5P activity' };

/** Every slug the rules name must be a lesson of the right kind in this course. */
export function checkCompletionSlugs(
	rules: CompletionRules,
	lessons: { slug: string; kind: LessonKind; scored?: boolean }[],
	yaml: YamlSource,
	report: Report
) {
	const kindOf = new Map(lessons.map((l) => [l.slug, l.kind]));
	for (const issue of rulesIssues(rules, lessons)) {
		const [field, what] = KIND_WORDS[issue.message] ?? ['', 'a lesson of the right kind'];
		const at = field === 'quizzes' ? rules.quizzes!.indexOf(issue.slug) : field === 'activities' ? rules.activities!.indexOf(issue.slug) : issue.slug;
		const kind = kindOf.get(issue.slug);
		const is =
			kind === undefined
				? 'no lesson of this course has that slug'
				: kind === 'h5p' && field === 'weights'
					? 'that H5P activity completes on view and has no score'
					: `that lesson is ${KIND_NAMES[kind]}`;
		report(FILE, `completion.${field}: ${quote(issue.slug)} is not ${what} of this course (${is})`, yaml.lineAt(['completion', field, at]));
	}
}
