import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN } from '../../courses/taxonomy';
import { ValidationError } from '../errors';

/**
 * A course's completion rules (course.completion_rules, camelCase jsonb; `completion:` in
 * course.yaml, snake_case) and the pure evaluation of them against one learner's facts.
 * See docs/assessment.md, "Progress and completion".
 *
 * Every field is optional and its absence means "the default", which depends on the course's
 * lessons, so defaults are applied by `evaluateCompletion`, not by the schema:
 * - lessons: 'required' (every required text lesson completed), 'all' (every text lesson),
 *   'none';
 * - quizzes: lesson slugs of quizzes that must be passed (default: every required quiz);
 * - assignments: { slug: minPercent } graded at or above (default: every required assignment
 *   at its own pass mark);
 * - activities: lesson slugs of H5P activities that must be done (default: every required
 *   scored activity, passed at its own pass mark). An activity that completes on view counts
 *   as a lesson too (under `lessons`), and is done once opened;
 * - weights: { slug: weight } of the final grade, a weighted average of those items' percents
 *   (default: equal weights over every quiz, assignment and scored H5P activity; no grade if
 *   the course has none).
 *
 * An empty list or mapping is not the default: `quizzes: []` means "no quiz must be passed".
 */

export const LESSONS_RULES = ['required', 'all', 'none'] as const;
export type LessonsRule = (typeof LESSONS_RULES)[number];

/** A course has far fewer lessons than this; the limit keeps a tampered document small. */
const MAX_ENTRIES = 500;

const RuleSlug = z
	.string({ error: 'error_completion_rules_slug' })
	.max(MAX_SLUG, { error: 'error_completion_rules_slug' })
	.regex(SLUG_PATTERN, { error: 'error_completion_rules_slug' });

const Percent = z
	.number({ error: 'error_completion_rules_percent' })
	.min(0, { error: 'error_completion_rules_percent' })
	.max(100, { error: 'error_completion_rules_percent' });

const Weight = z
	.number({ error: 'error_completion_rules_weight' })
	.min(0, { error: 'error_completion_rules_weight' })
	.max(1000, { error: 'error_completion_rules_weight' });

export const CompletionRulesSchema = z.strictObject(
	{
		lessons: z.enum(LESSONS_RULES, { error: 'error_completion_rules_lessons' }).optional(),
		quizzes: z
			.array(RuleSlug, { error: 'error_completion_rules_quizzes' })
			.max(MAX_ENTRIES, { error: 'error_completion_rules_too_many' })
			.refine((list) => new Set(list).size === list.length, { error: 'error_completion_rules_duplicate' })
			.optional(),
		activities: z
			.array(RuleSlug, { error: 'error_completion_rules_activities' })
			.max(MAX_ENTRIES, { error: 'error_completion_rules_too_many' })
			.refine((list) => new Set(list).size === list.length, { error: 'error_completion_rules_duplicate' })
			.optional(),
		assignments: z
			.record(RuleSlug, Percent, { error: 'error_completion_rules_assignments' })
			.refine((m) => Object.keys(m).length <= MAX_ENTRIES, { error: 'error_completion_rules_too_many' })
			.optional(),
		weights: z
			.record(RuleSlug, Weight, { error: 'error_completion_rules_weights' })
			.refine((m) => Object.keys(m).length <= MAX_ENTRIES, { error: 'error_completion_rules_too_many' })
			// all-zero weights would divide by nothing
			.refine((m) => Object.keys(m).length === 0 || Object.values(m).some((w) => w > 0), {
				error: 'error_completion_rules_weights_zero'
			})
			.optional()
	},
	{ error: 'error_completion_rules_invalid' }
);

export type CompletionRules = z.infer<typeof CompletionRulesSchema>;

/** Every default (what a course without rules gets). */
export const DEFAULT_COMPLETION_RULES: CompletionRules = Object.freeze({});

/**
 * The rules as stored (null or undefined: the defaults). Stored rules were validated when they
 * were written, so a document that does not parse is a bug or a hand edit: it is reported
 * rather than silently read as "no rules" (which could complete courses that should not be).
 */
export function parseCompletionRules(value: unknown): CompletionRules {
	if (value === null || value === undefined) return DEFAULT_COMPLETION_RULES;
	const parsed = CompletionRulesSchema.safeParse(typeof value === 'string' ? safeJson(value) : value);
	if (!parsed.success) {
		const issue = parsed.error.issues[0];
		throw new ValidationError(issue?.path.join('.') || 'completion', issue?.message ?? 'error_completion_rules_invalid');
	}
	return parsed.data;
}

function safeJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

export type LessonKind = 'text' | 'quiz' | 'assignment' | 'h5p';

/** What the rules need to know about one lesson of the course for one learner in one context. */
export interface LessonFact {
	slug: string;
	kind: LessonKind;
	required: boolean;
	/**
	 * Done by the lesson's own rule: a text lesson marked complete (or viewed, for 'on view'
	 * lessons); a quiz passed; an assignment graded at or above its pass mark.
	 */
	completed: boolean;
	/** Quizzes and assignments: the percent that counts (best attempt / graded / override); null if none yet. */
	percent: number | null;
	/** Quizzes and assignments: the lesson's own pass mark (0 to 100); null for text lessons. */
	passPercent: number | null;
	/**
	 * H5P activities: completed by their score (true, the default) or on view (false: then it
	 * is a lesson to the rules and has no grade).
	 */
	scored?: boolean;
}

/** A lesson that has a percent in the final grade: a quiz, an assignment, a scored H5P activity. */
export const isGraded = (l: Pick<LessonFact, 'kind' | 'scored'>) => l.kind === 'quiz' || l.kind === 'assignment' || (l.kind === 'h5p' && l.scored !== false);

export type MissingReason = 'lesson' | 'quiz' | 'assignment' | 'activity';

export interface MissingItem {
	slug: string;
	reason: MissingReason;
	/** For quizzes, assignments and scored H5P activities: the percent needed. */
	minPercent?: number;
}

export interface CompletionResult {
	complete: boolean;
	/** What is still to do, in lesson order. */
	missing: MissingItem[];
	/** Weighted average of the graded items' percents, rounded to 2 decimals; null when nothing is graded. */
	finalGrade: number | null;
}

/**
 * Whether a learner has met the rules, and their final grade. `lessons` are in course order.
 * Slugs in the rules that name no lesson of the right kind are ignored here (a lesson removed
 * after the rules were written must not make the course impossible to finish); authors are
 * told about them when the rules are saved (`rulesIssues`).
 */
export function evaluateCompletion(rules: CompletionRules, lessons: readonly LessonFact[]): CompletionResult {
	const lessonsRule = rules.lessons ?? 'required';
	const quizzes = rules.quizzes ? new Set(rules.quizzes) : null;
	const assignments = rules.assignments ?? null;
	const activities = rules.activities ? new Set(rules.activities) : null;
	const missing: MissingItem[] = [];
	const asLesson = (l: LessonFact) => lessonsRule === 'all' || (lessonsRule === 'required' && l.required);

	for (const l of lessons) {
		if (l.kind === 'text') {
			if (asLesson(l) && !l.completed) missing.push({ slug: l.slug, reason: 'lesson' });
		} else if (l.kind === 'h5p') {
			const scored = l.scored !== false;
			const listed = activities?.has(l.slug) ?? false;
			// Scored: by the activities list (default: required ones). On view: a lesson, and listed ones too.
			const needed = scored ? (activities ? listed : l.required) : asLesson(l) || listed;
			if (needed && !l.completed) {
				missing.push(scored ? { slug: l.slug, reason: 'activity', minPercent: l.passPercent ?? 0 } : { slug: l.slug, reason: 'activity' });
			}
		} else if (l.kind === 'quiz') {
			const needed = quizzes ? quizzes.has(l.slug) : l.required;
			if (needed && !l.completed) missing.push({ slug: l.slug, reason: 'quiz', minPercent: l.passPercent ?? 0 });
		} else {
			const min = assignments ? assignments[l.slug] : l.required ? (l.passPercent ?? 0) : undefined;
			if (min === undefined) continue;
			const met = assignments ? l.percent !== null && l.percent >= min : l.completed;
			if (!met) missing.push({ slug: l.slug, reason: 'assignment', minPercent: min });
		}
	}
	return { complete: missing.length === 0, missing, finalGrade: finalGrade(rules, lessons) };
}

/**
 * Items without a percent yet (never attempted, not graded) count as 0: the grade is what was
 * earned. A weight naming a text lesson or an unknown slug is ignored.
 */
export function finalGrade(rules: CompletionRules, lessons: readonly LessonFact[]): number | null {
	const graded = lessons.filter(isGraded);
	const weights = rules.weights;
	const weighted = graded.flatMap((l) => {
		const w = weights ? weights[l.slug] : 1;
		return w === undefined ? [] : [{ l, w }];
	});
	const total = weighted.reduce((sum, { w }) => sum + w, 0);
	if (weighted.length === 0 || total <= 0) return null;
	const sum = weighted.reduce((acc, { l, w }) => acc + w * (l.percent ?? 0), 0);
	return Math.round((sum / total) * 100) / 100;
}

export interface RulesIssue {
	/** Message key; params.slug names the entry. */
	message:
		| 'error_completion_rules_unknown_quiz'
		| 'error_completion_rules_unknown_assignment'
		| 'error_completion_rules_unknown_activity'
		| 'error_completion_rules_unknown_weight';
	slug: string;
}

/**
 * Entries that name no lesson of the right kind in the course, for authors (import and the
 * editor): a quiz slug that is not a quiz lesson, an activity that is not an H5P lesson, a
 * weight on a text lesson or an H5P activity that completes on view, and so on. Empty when
 * all is well.
 */
export function rulesIssues(rules: CompletionRules, lessons: readonly { slug: string; kind: LessonKind; scored?: boolean }[]): RulesIssue[] {
	const kindOf = new Map(lessons.map((l) => [l.slug, l.kind]));
	const graded = new Set(lessons.filter(isGraded).map((l) => l.slug));
	const issues: RulesIssue[] = [];
	for (const slug of rules.quizzes ?? []) {
		if (kindOf.get(slug) !== 'quiz') issues.push({ message: 'error_completion_rules_unknown_quiz', slug });
	}
	for (const slug of Object.keys(rules.assignments ?? {})) {
		if (kindOf.get(slug) !== 'assignment') issues.push({ message: 'error_completion_rules_unknown_assignment', slug });
	}
	for (const slug of rules.activities ?? []) {
		if (kindOf.get(slug) !== 'h5p') issues.push({ message: 'error_completion_rules_unknown_activity', slug });
	}
	for (const slug of Object.keys(rules.weights ?? {})) {
		if (!graded.has(slug)) issues.push({ message: 'error_completion_rules_unknown_weight', slug });
	}
	return issues;
}
