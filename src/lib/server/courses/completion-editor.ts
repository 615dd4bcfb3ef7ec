import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ValidationError } from '../errors';
import { CompletionRulesSchema, LESSONS_RULES, parseCompletionRules, rulesIssues, type CompletionRules, type LessonsRule } from '../progress/rules';
import type { Actor } from './access';
import { lockEditableCourse, touchCourse } from './authoring';

/**
 * The course's completion rules on its settings page (docs/course-format.md, `completion:`):
 * which lessons, quizzes, assignments and H5P activities complete the course, and the final
 * grade's weights. The form always writes every rule explicitly (`activities` only when the
 * course has scored H5P activities); "Use the defaults" stores none (null). H5P activities
 * that complete on view are lessons here (`lessons`), with no pass mark and no weight.
 */

type Editor = Actor | null | undefined;

export interface GradedItem {
	slug: string;
	title: string;
	kind: 'quiz' | 'assignment' | 'h5p';
	required: boolean;
	/** the quiz's, the assignment's or the H5P activity's own pass mark */
	passPercent: number;
}

/** The course's quizzes, assignments and scored H5P activities in course order, with what the form needs of each. */
export async function listGradedItems(db: Database, courseId: string): Promise<GradedItem[]> {
	const rows = await db
		.selectFrom('lesson')
		.innerJoin('courseModule', 'courseModule.id', 'lesson.moduleId')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.slug', 'lesson.title', 'lesson.required', 'lessonItem.kind', 'lessonItem.data'])
		.where('lesson.courseId', '=', courseId)
		.where('lessonItem.kind', 'in', ['quiz', 'assignment', 'h5p'])
		.orderBy('courseModule.position')
		.orderBy('lesson.position')
		.execute();
	return rows.flatMap((r) => {
		const data = (r.data ?? {}) as { passPercent?: unknown; completion?: unknown; settings?: { passPercent?: unknown } };
		if (r.kind === 'h5p' && data.completion === 'view') return [];
		const pass = r.kind === 'quiz' ? data.settings?.passPercent : data.passPercent;
		return [
			{
				slug: r.slug,
				title: r.title,
				kind: r.kind as GradedItem['kind'],
				required: r.required,
				passPercent: typeof pass === 'number' ? pass : r.kind === 'quiz' ? 0 : 50
			}
		];
	});
}

/** What the form shows: the rules in force, the defaults spelt out where none are stored. */
export function completionFormValues(stored: unknown, items: GradedItem[]): { custom: boolean; values: Record<string, string> } {
	const rules = parseCompletionRules(stored);
	const values: Record<string, string> = { lessons: rules.lessons ?? 'required' };
	for (const item of items) {
		if (item.kind === 'quiz') {
			const must = rules.quizzes ? rules.quizzes.includes(item.slug) : item.required;
			values[`quiz.${item.slug}`] = must ? 'yes' : '';
		} else if (item.kind === 'h5p') {
			const must = rules.activities ? rules.activities.includes(item.slug) : item.required;
			values[`activity.${item.slug}`] = must ? 'yes' : '';
		} else {
			const min = rules.assignments ? rules.assignments[item.slug] : item.required ? item.passPercent : undefined;
			values[`min.${item.slug}`] = min === undefined ? '' : String(min);
		}
		const weight = rules.weights ? rules.weights[item.slug] : 1;
		values[`weight.${item.slug}`] = weight === undefined ? '' : String(weight);
	}
	return { custom: stored !== null && stored !== undefined, values };
}

const number = (text: string | undefined): number | null | undefined => {
	const s = (text ?? '').trim().replace(',', '.');
	if (s === '') return null;
	const n = Number(s);
	return Number.isFinite(n) ? n : undefined;
};

/**
 * The form to rules: `lessons`, a checkbox `quiz.<slug>` per quiz and `activity.<slug>` per
 * scored H5P activity, `min.<slug>` per assignment (empty: not needed) and `weight.<slug>` per
 * item (empty: not in the grade). Errors are message keys by field name.
 */
export function completionFromForm(form: Record<string, string>, items: GradedItem[]): { ok: true; rules: CompletionRules } | { ok: false; errors: Record<string, string> } {
	const errors: Record<string, string> = {};
	const lessons = form.lessons ?? 'required';
	if (!LESSONS_RULES.includes(lessons as LessonsRule)) errors.lessons = 'error_invalid';
	const quizzes: string[] = [];
	const activities: string[] = [];
	const assignments: Record<string, number> = {};
	const weights: Record<string, number> = {};
	for (const item of items) {
		if (item.kind === 'quiz' && form[`quiz.${item.slug}`] === 'yes') quizzes.push(item.slug);
		if (item.kind === 'h5p' && form[`activity.${item.slug}`] === 'yes') activities.push(item.slug);
		if (item.kind === 'assignment') {
			const min = number(form[`min.${item.slug}`]);
			if (min === undefined || (min !== null && (min < 0 || min > 100))) errors[`min.${item.slug}`] = 'error_percent_invalid';
			else if (min !== null) assignments[item.slug] = min;
		}
		const weight = number(form[`weight.${item.slug}`]);
		if (weight === undefined || (weight !== null && (weight < 0 || weight > 1000))) errors[`weight.${item.slug}`] = 'error_completion_rules_weight';
		else if (weight !== null && weight > 0) weights[item.slug] = weight;
	}
	if (Object.keys(errors).length) return { ok: false, errors };
	const rules: CompletionRules = { lessons: lessons as LessonsRule, quizzes, assignments, weights };
	if (items.some((i) => i.kind === 'h5p')) rules.activities = activities;
	return { ok: true, rules };
}

/** Saves the rules (null: the defaults), checked against the course's own quizzes, assignments and activities. */
export async function saveCompletionRules(trx: Transaction<DB>, actor: Editor, courseSlug: string, rules: CompletionRules | null) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	if (rules) {
		const parsed = CompletionRulesSchema.safeParse(rules);
		if (!parsed.success) throw new ValidationError('completion', parsed.error.issues[0]?.message ?? 'error_completion_rules_invalid');
		const rows = await trx
			.selectFrom('lesson')
			.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
			.select(['lesson.slug', 'lessonItem.kind', 'lessonItem.data'])
			.where('lesson.courseId', '=', course.id)
			.execute();
		const lessons = rows.map((r) => ({
			slug: r.slug,
			kind: r.kind,
			scored: r.kind !== 'h5p' || (r.data as { completion?: unknown } | null)?.completion !== 'view'
		}));
		const issue = rulesIssues(parsed.data, lessons)[0];
		if (issue) throw new ValidationError('completion', issue.message, { slug: issue.slug });
	}
	await trx
		.updateTable('course')
		.set({ completionRules: rules ? JSON.stringify(rules) : null })
		.where('id', '=', course.id)
		.execute();
	await touchCourse(trx, course.id);
}
