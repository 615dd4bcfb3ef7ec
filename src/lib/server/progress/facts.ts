import { expressionBuilder, sql, type Expression } from 'kysely';
import type { DB, LessonCompletion } from '../db/schema';
import type { LessonFact, LessonKind } from './rules';
import { DEFAULT_H5P_PASS_PERCENT } from '../h5p/activity-settings';

/**
 * Where a learner stands on each lesson of a course in one learning context: the one query
 * behind progress, completion and "My learning" (nested there, per cohort). What counts as
 * "done" lives in `toLessonState`, once:
 * - a text lesson: marked complete (or, for 'on view' lessons, opened);
 * - a quiz: passed by a submitted attempt (any submitted attempt when its pass mark is 0);
 * - an assignment: graded at or above its pass mark;
 * - an H5P activity: its best result at or above its pass mark, or, for one that completes
 *   on view (item data `completion: 'view'`), opened.
 * A facilitator's latest grade override in the cohort replaces a quiz's, an assignment's or a
 * scored activity's percent (and so whether it is passed); an override whose percent is empty
 * clears it.
 */

/** Assignments pass at half marks unless their settings say otherwise (docs/assessment.md). */
export const DEFAULT_ASSIGNMENT_PASS_PERCENT = 50;

/**
 * The lessons of a course in order, each with this learner's records: a subquery, to nest
 * with `jsonArrayFrom` (built without an executor, so the outer query's plugins apply to it
 * once). `courseId` and `cohortId` may be references to an outer query's columns (as in
 * "My learning"); a cohort given as a reference is never null.
 */
export function lessonFactsQuery(
	courseId: string | Expression<string>,
	userId: string,
	cohortId: string | null | Expression<string>
) {
	// NULL-safe: "no cohort" is a context too (records with cohort_id null).
	const op = cohortId === null ? ('is' as const) : ('=' as const);
	return expressionBuilder<DB, never>()
		.selectFrom('lesson as l')
		.innerJoin('courseModule as m', 'm.id', 'l.moduleId')
		.leftJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.leftJoin('lessonProgress as p', (j) => j.onRef('p.lessonId', '=', 'l.id').on('p.userId', '=', userId).on('p.cohortId', op, cohortId))
		.leftJoin('assignmentSubmission as s', (j) =>
			j.onRef('s.lessonId', '=', 'l.id').on('s.userId', '=', userId).on('s.cohortId', op, cohortId).on('i.kind', '=', 'assignment')
		)
		.select((eb) => [
			'l.id as lessonId',
			'l.slug',
			'l.title',
			'l.required',
			'l.completion',
			'm.id as moduleId',
			'm.slug as moduleSlug',
			'm.title as moduleTitle',
			sql<LessonKind>`coalesce(${eb.ref('i.kind')}, 'text')`.as('kind'),
			// A quiz keeps its pass mark in its settings; an assignment's and an H5P activity's settings are the item data itself.
			sql<number | null>`coalesce(${eb.ref('i.data')} -> 'settings' ->> 'passPercent', ${eb.ref('i.data')} ->> 'passPercent')::numeric`.as('passPercent'),
			// H5P: 'score' or 'view'
			sql<string | null>`case when ${eb.ref('i.kind')} = 'h5p' then ${eb.ref('i.data')} ->> 'completion' end`.as('h5pCompletion'),
			'p.lastViewedAt as viewedAt',
			'p.completedAt',
			eb
				.selectFrom('quizAttempt as a')
				.select((a) => a.fn.max('a.percent').as('best'))
				.whereRef('a.lessonId', '=', 'l.id')
				.where('a.userId', '=', userId)
				.where('a.cohortId', op, cohortId)
				.where('a.submittedAt', 'is not', null)
				.as('quizBest'),
			eb
				.selectFrom('quizAttempt as a')
				.select(sql<boolean>`coalesce(bool_or(${sql.ref('a.passed')}), false)`.as('passed'))
				.whereRef('a.lessonId', '=', 'l.id')
				.where('a.userId', '=', userId)
				.where('a.cohortId', op, cohortId)
				.where('a.submittedAt', 'is not', null)
				.as('quizPassed'),
			eb
				.selectFrom('h5pResult as r')
				.select(sql<number>`${sql.ref('r.scaled')} * 100`.as('best'))
				.whereRef('r.lessonId', '=', 'l.id')
				.where('r.userId', '=', userId)
				.where('r.cohortId', op, cohortId)
				.as('h5pBest'),
			sql<number | null>`case when ${eb.ref('s.gradedAt')} is not null and ${eb.ref('s.maxScore')} > 0 then ${eb.ref('s.score')} * 100 / ${eb.ref('s.maxScore')} end`.as(
				'gradedPercent'
			),
			// Overrides exist in cohorts only; the latest one counts (grade_override is append-only).
			eb
				.selectFrom('gradeOverride as o')
				.select(sql<string>`coalesce(${sql.ref('o.percent')}::text, 'cleared')`.as('v'))
				.whereRef('o.lessonId', '=', 'l.id')
				.where('o.userId', '=', userId)
				.where('o.cohortId', op, cohortId)
				.orderBy('o.createdAt', 'desc')
				.orderBy('o.id', 'desc')
				.limit(1)
				.as('override')
		])
		.where('l.courseId', '=', courseId)
		// Redundant (a lesson's module is of its course), but it lets the planner fetch the
		// course's modules by index instead of hashing every module of every course.
		.where('m.courseId', '=', courseId)
		.orderBy('m.position')
		.orderBy('l.position');
}

/** A row of `lessonFactsQuery`, as read directly or from JSON (dates as text, numbers as numbers). */
export interface LessonFactRow {
	lessonId: string;
	slug: string;
	title: string;
	required: boolean;
	completion: LessonCompletion;
	moduleId: string;
	moduleSlug: string;
	moduleTitle: string;
	kind: LessonKind;
	passPercent: number | string | null;
	viewedAt: Date | string | null;
	completedAt: Date | string | null;
	quizBest: number | string | null;
	quizPassed: boolean | null;
	gradedPercent: number | string | null;
	/** H5P activities: 'score' or 'view' (null for other kinds). */
	h5pCompletion?: string | null;
	/** H5P activities: the best result's scaled score × 100. */
	h5pBest?: number | string | null;
	override: string | null;
}

export interface LessonState extends LessonFact {
	lessonId: string;
	title: string;
	completion: LessonCompletion;
	moduleId: string;
	moduleSlug: string;
	moduleTitle: string;
	viewedAt: Date | null;
	/** A text lesson's completion time (quizzes and assignments complete through their results). */
	completedAt: Date | null;
	/** A grade override applies to this lesson's percent. */
	overridden: boolean;
}

const num = (v: number | string | null | undefined) => (v === null || v === undefined || v === '' ? null : Number(v));
const date = (v: Date | string | null) => (v === null ? null : v instanceof Date ? v : new Date(v));
const round2 = (n: number) => Math.round(n * 100) / 100;

export function toLessonState(row: LessonFactRow): LessonState {
	const override = row.override === null || row.override === 'cleared' ? null : Number(row.override);
	const completedAt = date(row.completedAt);
	const base = {
		lessonId: row.lessonId,
		slug: row.slug,
		title: row.title,
		kind: row.kind,
		required: row.required,
		completion: row.completion,
		moduleId: row.moduleId,
		moduleSlug: row.moduleSlug,
		moduleTitle: row.moduleTitle,
		viewedAt: date(row.viewedAt),
		completedAt: row.kind === 'text' ? completedAt : null,
		overridden: override !== null
	};
	if (row.kind === 'text') return { ...base, completed: completedAt !== null, percent: null, passPercent: null };

	const pass =
		num(row.passPercent) ??
		(row.kind === 'assignment' ? DEFAULT_ASSIGNMENT_PASS_PERCENT : row.kind === 'h5p' ? DEFAULT_H5P_PASS_PERCENT : 0);
	if (row.kind === 'h5p') {
		const best = num(row.h5pBest);
		const percent = override ?? best;
		const rounded = percent === null ? null : round2(percent);
		if (row.h5pCompletion === 'view') {
			// Done once opened; a result, if the content reports one, is shown but has no pass mark.
			return { ...base, scored: false, completed: base.viewedAt !== null, percent: rounded, passPercent: null };
		}
		return { ...base, scored: true, completed: percent !== null && percent >= pass, percent: rounded, passPercent: pass };
	}
	if (row.kind === 'quiz') {
		const best = num(row.quizBest);
		const percent = override ?? best;
		const completed = override !== null ? override >= pass : Boolean(row.quizPassed) || (pass === 0 && best !== null);
		return { ...base, completed, percent: percent === null ? null : round2(percent), passPercent: pass };
	}
	const graded = num(row.gradedPercent);
	const percent = override ?? graded;
	return { ...base, completed: percent !== null && percent >= pass, percent: percent === null ? null : round2(percent), passPercent: pass };
}
