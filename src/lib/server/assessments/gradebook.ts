import { sql, type QueryCreator } from 'kysely';
import type { Database } from '../db/connect';
import type { Cohort, DB } from '../db/schema';
import { finalGrade, parseCompletionRules, type CompletionRules, type LessonFact } from '../progress/rules';
import { gradeCell, readGradeFacts, type Cell, type GradeFacts, type ItemKind } from './gradebook-cells';

export type { Cell, GradeStatus, ItemKind } from './gradebook-cells';

/**
 * A cohort's gradebook: its enrolled learners × the course's quizzes, assignments and scored
 * H5P activities, with each learner's progress, last activity, completion and grade. See
 * docs/assessment.md, "Gradebook". (An H5P activity that completes on view has no grade: it
 * counts as a lesson, done once opened.)
 *
 * It is read in three statements whatever the cohort's size (the course's items; one page of
 * learners with their progress and activity aggregated in SQL; the grades of that page), so a
 * 200-learner cohort costs what a 5-learner one does, less the rows. (A page past the end
 * costs one more, to read the first page instead.)
 */

export const AT_RISK_DAYS = 7;
/** As in progress/facts.ts: assignments pass at half marks unless their settings say otherwise. */
const DEFAULT_ASSIGNMENT_PASS_PERCENT = 50;
const DEFAULT_H5P_PASS_PERCENT = 50;
export const MAX_AT_RISK_DAYS = 365;
export const GRADEBOOK_PAGE_SIZE = 50;
const DAY = 24 * 60 * 60 * 1000;

export interface GradebookOptions {
	/** A module's slug: only its items (and its progress column). */
	module?: string | null;
	/** Only learners with no activity for `atRiskDays` days. */
	atRisk?: boolean;
	atRiskDays?: number;
	page?: number;
	/** Learners per page; null: all of them (the CSV). */
	pageSize?: number | null;
	now: Date;
}

export interface GradebookModule {
	id: string;
	slug: string;
	title: string;
	position: number;
	/** Lessons in the module (every kind). */
	lessons: number;
}

export interface GradebookItem {
	lessonId: string;
	slug: string;
	title: string;
	kind: ItemKind;
	moduleId: string;
	/** The pass mark (0 to 100): the quiz's setting; the assignment's or the H5P activity's, 50 by default. */
	passPercent: number;
}


export interface GradebookRow {
	userId: string;
	name: string;
	email: string;
	lessonsCompleted: number;
	/** Lessons completed per module id. */
	modules: Record<string, number>;
	lastActivityAt: Date | null;
	atRisk: boolean;
	completedAt: Date | null;
	/** The grade recorded when the course was completed. */
	finalGrade: number | null;
	/** The grade as it stands now, by the course's weights (unattempted items count as 0). */
	currentGrade: number | null;
	cells: Record<string, Cell>;
}

export interface Gradebook {
	modules: GradebookModule[];
	/** The module filter applied (a known slug), or null. */
	module: string | null;
	items: GradebookItem[];
	/** Every quiz, assignment and scored H5P activity of the course, whatever the filter. */
	allItems: GradebookItem[];
	lessonsTotal: number;
	rows: GradebookRow[];
	total: number;
	page: number;
	pages: number;
	atRisk: boolean;
	atRiskDays: number;
	/** When the page stops being true by the clock alone (a learner becomes at risk); null: never. */
	validUntil: Date | null;
}

/** The course's modules and its quiz, assignment and scored H5P lessons, in course order, and its rules. */
export async function gradebookStructure(db: Database, courseId: string) {
	const lessons = await db
		.selectFrom('lesson as l')
		.innerJoin('courseModule as m', 'm.id', 'l.moduleId')
		.innerJoin('course as c', 'c.id', 'l.courseId')
		.leftJoin('lessonItem as i', (join) => join.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.select([
			'l.id',
			'l.slug',
			'l.title',
			'l.required',
			'l.moduleId',
			'm.slug as moduleSlug',
			'm.title as moduleTitle',
			'm.position as modulePosition',
			'i.kind',
			// Quizzes keep their settings under `settings` (the quiz model); assignments at the top.
			sql<number | null>`coalesce(i.data -> 'settings' ->> 'passPercent', i.data ->> 'passPercent')::numeric`.as('passPercent'),
			sql<string | null>`i.data ->> 'completion'`.as('completion'),
			'c.completionRules'
		])
		.where('l.courseId', '=', courseId)
		.orderBy('m.position')
		.orderBy('l.position')
		.execute();
	const modules: GradebookModule[] = [];
	const items: GradebookItem[] = [];
	for (const l of lessons) {
		let mod = modules.at(-1);
		if (mod?.id !== l.moduleId) {
			mod = { id: l.moduleId, slug: l.moduleSlug, title: l.moduleTitle, position: l.modulePosition, lessons: 0 };
			modules.push(mod);
		}
		mod.lessons++;
		if (l.kind === 'quiz' || l.kind === 'assignment' || (l.kind === 'h5p' && l.completion !== 'view')) {
			const fallback = l.kind === 'assignment' ? DEFAULT_ASSIGNMENT_PASS_PERCENT : l.kind === 'h5p' ? DEFAULT_H5P_PASS_PERCENT : 0;
			const passPercent = l.passPercent === null ? fallback : Number(l.passPercent);
			items.push({ lessonId: l.id, slug: l.slug, title: l.title, kind: l.kind, moduleId: l.moduleId, passPercent });
		}
	}
	let rules: CompletionRules | null = null;
	try {
		rules = parseCompletionRules(lessons[0]?.completionRules ?? null);
	} catch {
		// Rules that no longer parse were hand-edited: the gradebook still shows, without a current grade.
	}
	return { modules, items, lessonsTotal: lessons.length, rules };
}

/** The grade of everything graded so far, by the course's weights (null without rules or items). */
export function currentGrade(rules: CompletionRules | null, items: GradebookItem[], cells: Record<string, Cell>): number | null {
	if (!rules) return null;
	const facts: LessonFact[] = items.map((i) => ({
		slug: i.slug,
		kind: i.kind,
		required: false,
		completed: false,
		percent: cells[i.lessonId]?.percent ?? null,
		passPercent: null
	}));
	return finalGrade(rules, facts);
}

type Structure = Awaited<ReturnType<typeof gradebookStructure>>;
type LearnerRow = Awaited<ReturnType<typeof learnerRows>>[number];

/** One learner's line: every item's cell, lessons completed (text lessons and items), grades. */
export function toRow(
	structure: Structure,
	r: LearnerRow,
	facts: Map<string, Omit<GradeFacts, 'kind' | 'passPercent'>> | undefined,
	cutoff: Date
): GradebookRow {
	const cells: Record<string, Cell> = {};
	const modules: Record<string, number> = { ...r.modules };
	let lessonsCompleted = Number(r.lessonsCompleted ?? 0);
	for (const item of structure.items) {
		const cell = gradeCell({ kind: item.kind, passPercent: item.passPercent, ...facts?.get(item.lessonId) });
		cells[item.lessonId] = cell;
		if (cell.completed) {
			lessonsCompleted++;
			modules[item.moduleId] = (modules[item.moduleId] ?? 0) + 1;
		}
	}
	return {
		userId: r.userId,
		name: r.name,
		email: r.email,
		lessonsCompleted,
		modules,
		lastActivityAt: r.lastActivityAt ? new Date(r.lastActivityAt) : null,
		atRisk: new Date(r.since).getTime() < cutoff.getTime(),
		completedAt: r.completedAt,
		finalGrade: r.finalGrade === null ? null : Number(r.finalGrade),
		currentGrade: currentGrade(structure.rules, structure.items, cells),
		cells
	};
}

/**
 * The gradebook of a cohort, one page of learners (by name). `now` decides who is at risk:
 * a learner with no activity (a lesson viewed, an attempt, a submission) in the last
 * `atRiskDays` days, counting from their enrolment when they have none.
 */
export async function gradebook(
	db: Database,
	cohort: Pick<Cohort, 'id' | 'courseId'>,
	options: GradebookOptions
): Promise<Gradebook> {
	const days = Math.min(MAX_AT_RISK_DAYS, Math.max(1, Math.trunc(options.atRiskDays ?? AT_RISK_DAYS)));
	const atRisk = options.atRisk ?? false;
	const pageSize = options.pageSize === undefined ? GRADEBOOK_PAGE_SIZE : options.pageSize;
	let page = Math.max(1, Math.trunc(options.page ?? 1));
	const cutoff = new Date(options.now.getTime() - days * DAY);

	const structure = await gradebookStructure(db, cohort.courseId);
	const module = structure.modules.find((m) => m.slug === options.module) ?? null;
	const items = module ? structure.items.filter((i) => i.moduleId === module.id) : structure.items;

	const atRiskBefore = atRisk ? cutoff : null;
	let rows = await learnerRows(db, cohort, { atRiskBefore, limit: pageSize, offset: pageSize ? (page - 1) * pageSize : 0 });
	// A page past the end (the list got shorter, or a typed address) shows the first.
	if (rows.length === 0 && page > 1) {
		page = 1;
		rows = await learnerRows(db, cohort, { atRiskBefore, limit: pageSize, offset: 0 });
	}
	const total = rows[0] ? Number(rows[0].total) : 0;
	const facts = await readGradeFacts(
		db,
		cohort.id,
		rows.map((r) => r.userId)
	);
	const result = rows.map((r) => toRow(structure, r, facts.get(r.userId), cutoff));
	// The page changes by the clock alone when the next of its learners becomes at risk.
	let validUntil: number | null = null;
	for (const r of rows) {
		const riskAt = new Date(r.since).getTime() + days * DAY;
		if (riskAt > options.now.getTime() && (validUntil === null || riskAt < validUntil)) validUntil = riskAt;
	}

	return {
		modules: structure.modules,
		module: module?.slug ?? null,
		items,
		allItems: structure.items,
		lessonsTotal: structure.lessonsTotal,
		rows: result,
		total,
		page,
		pages: pageSize ? Math.max(1, Math.ceil(total / pageSize)) : 1,
		atRisk,
		atRiskDays: days,
		validUntil: validUntil === null ? null : new Date(validUntil)
	};
}

/**
 * Enrolled learners by name with their progress, last activity and completion, aggregated in
 * SQL (one statement): every learner's activity is read from the cohort's rows once, not per learner.
 */
export function learnerRows(
	db: Database,
	cohort: Pick<Cohort, 'id' | 'courseId'>,
	options: { atRiskBefore?: Date | null; limit: number | null; offset?: number; userId?: string }
) {
	const activity = (eb: QueryCreator<DB>) =>
		eb
			.selectFrom((sub) =>
				sub
					.selectFrom('lessonProgress')
					.select(['userId', 'lastViewedAt as at'])
					.where('cohortId', '=', cohort.id)
					.unionAll(
						sub
							.selectFrom('quizAttempt')
							.select(['userId', sql<Date>`greatest(started_at, answers_saved_at, submitted_at)`.as('at')])
							.where('cohortId', '=', cohort.id)
					)
					.unionAll(
						sub
							.selectFrom('assignmentSubmission')
							.select(['userId', sql<Date>`greatest(submitted_at, updated_at)`.as('at')])
							.where('cohortId', '=', cohort.id)
					)
					// H5P: a scored attempt (saved player state does not move the page cache's data version: not read)
					.unionAll(sub.selectFrom('h5pResult').select(['userId', 'updatedAt as at']).where('cohortId', '=', cohort.id))
					.as('a')
			)
			.select(['a.userId', (e) => e.fn.max('a.at').as('lastAt')])
			.groupBy('a.userId');
	// Text lessons completed (and H5P activities that complete on view, opened), per module, then
	// per learner (with the per-module counts as an object); quizzes, assignments and scored
	// activities are completed by their grades, counted with them.
	const viewMode = sql<boolean>`i.kind = 'h5p' and coalesce(i.data ->> 'completion', 'score') = 'view'`;
	const done = (eb: QueryCreator<DB>) =>
		eb
			.selectFrom((sub) =>
				sub
					.selectFrom('lessonProgress as p')
					.innerJoin('lesson as l', 'l.id', 'p.lessonId')
					.select(['p.userId', 'l.moduleId', (e) => e.fn.countAll<number>().as('n')])
					.where('p.cohortId', '=', cohort.id)
					.where('l.courseId', '=', cohort.courseId)
					.where((w) =>
						w.or([
							w('p.completedAt', 'is not', null),
							w.exists(w.selectFrom('lessonItem as i').select('i.id').whereRef('i.lessonId', '=', 'l.id').where('i.position', '=', 1).where(viewMode))
						])
					)
					.where(({ not, exists, selectFrom }) =>
						not(
							exists(
								selectFrom('lessonItem as i')
									.select('i.id')
									.whereRef('i.lessonId', '=', 'l.id')
									.where('i.position', '=', 1)
									.where((w) => w.or([w('i.kind', 'in', ['quiz', 'assignment']), w.and([w('i.kind', '=', 'h5p'), w.not(viewMode)])]))
							)
						)
					)
					.groupBy(['p.userId', 'l.moduleId'])
					.as('d')
			)
			.select([
				'd.userId',
				sql<number>`sum(d.n)`.as('completed'),
				sql<Record<string, number>>`jsonb_object_agg(d.module_id, d.n)`.as('modules')
			])
			.groupBy('d.userId');
	const since = sql<Date>`coalesce(a.last_at, e.enrolled_at, e.created_at)`;
	let query = db
		.with('activity', activity)
		.with('done', done)
		.selectFrom('enrolment as e')
		.innerJoin('appUser as u', 'u.id', 'e.userId')
		.leftJoin('activity as a', 'a.userId', 'e.userId')
		.leftJoin('done as d', 'd.userId', 'e.userId')
		.leftJoin('courseCompletion as cc', (join) =>
			join.onRef('cc.userId', '=', 'e.userId').on('cc.cohortId', '=', cohort.id).on('cc.courseId', '=', cohort.courseId)
		)
		.select([
			'e.userId',
			'u.name',
			'u.email',
			'a.lastAt as lastActivityAt',
			since.as('since'),
			'd.completed as lessonsCompleted',
			'd.modules',
			'cc.completedAt',
			'cc.finalGrade',
			sql<number>`count(*) over ()`.as('total')
		])
		.where('e.cohortId', '=', cohort.id)
		.where('e.status', '=', 'enrolled')
		.orderBy('u.name')
		.orderBy('u.id');
	if (options.atRiskBefore) query = query.where(since, '<', options.atRiskBefore);
	if (options.userId) query = query.where('e.userId', '=', options.userId);
	if (options.limit !== null) query = query.limit(options.limit).offset(options.offset ?? 0);
	return query.execute();
}
