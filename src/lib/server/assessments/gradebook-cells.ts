import { sql } from 'kysely';
import type { Database } from '../db/connect';

/**
 * The grade of one learner on one quiz, assignment or scored H5P activity of a cohort: read
 * from attempts, submissions, H5P results and views, and overrides (one statement for
 * any number of learners), then the status and the percent that counts. See
 * docs/assessment.md, "Gradebook".
 */

export const GRADE_STATUSES = ['not_started', 'in_progress', 'submitted', 'graded', 'passed', 'failed', 'overridden'] as const;
export type GradeStatus = (typeof GRADE_STATUSES)[number];
export type ItemKind = 'quiz' | 'assignment' | 'h5p';

export interface Cell {
	status: GradeStatus;
	/** The percent that counts: the override's when there is one. */
	percent: number | null;
	/** What the learner earned (best submitted attempt, graded submission), whatever the override. */
	earned: number | null;
	overridden: boolean;
	/** Done by the lesson's own rule: a quiz passed, an assignment graded at or above its pass mark (override included). */
	completed: boolean;
	/** Quizzes: submitted attempts; assignments: times submitted; H5P: scored attempts. */
	count: number;
	late: boolean;
}

/** What one (learner, lesson) has, as read from attempts, submissions and overrides. */
export interface GradeFacts {
	kind: ItemKind;
	passPercent: number;
	/** Quizzes: submitted attempts, best percent, any passed, one open. */
	attempts?: { submitted: number; best: number | null; passed: boolean; open: boolean };
	/** Assignments: the submission. */
	submission?: { times: number; graded: boolean; percent: number | null; late: boolean };
	/** H5P activities: the best result (percent = scaled × 100) and the scored attempts. */
	h5p?: { attempts: number; best: number | null };
	/** H5P activities: the learner has opened it (a scored result, if any, decides the status). */
	started?: boolean;
	/** The latest override (percent null: the override was removed). */
	override?: { percent: number | null };
}

/** The status and the percent that counts for one learner and item (pure; the rules of docs/assessment.md). */
export function gradeCell(facts: GradeFacts): Cell {
	let status: GradeStatus = 'not_started';
	let earned: number | null = null;
	let count = 0;
	let late = false;
	if (facts.kind === 'quiz' && facts.attempts) {
		const a = facts.attempts;
		count = a.submitted;
		if (a.submitted > 0) {
			earned = a.best;
			status = a.passed ? 'passed' : 'failed';
		} else if (a.open) {
			status = 'in_progress';
		}
	} else if (facts.kind === 'h5p') {
		if (facts.h5p) {
			count = facts.h5p.attempts;
			earned = facts.h5p.best;
			status = earned !== null && earned >= facts.passPercent ? 'passed' : 'failed';
		} else if (facts.started) {
			status = 'in_progress';
		}
	} else if (facts.kind === 'assignment' && facts.submission) {
		const s = facts.submission;
		count = s.times;
		late = s.late;
		if (s.graded) {
			earned = s.percent;
			status = 'graded';
		} else {
			status = 'submitted';
		}
	}
	const override = facts.override?.percent ?? null;
	const percent = override ?? earned;
	// The same rule as completion (progress/facts.ts): an override decides by the pass mark.
	const completed =
		override !== null || facts.kind !== 'quiz' ? percent !== null && percent >= facts.passPercent : status === 'passed';
	if (override !== null) return { status: 'overridden', percent, earned, overridden: true, completed, count, late };
	return { status, percent, earned, overridden: false, completed, count, late };
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

/** The grade facts of these learners in the cohort: one statement. */
export async function readGradeFacts(db: Database, cohortId: string, userIds: string[]) {
	const facts = new Map<string, Map<string, Omit<GradeFacts, 'kind' | 'passPercent'>>>();
	if (userIds.length === 0) return facts;
	const quizzes = db
		.selectFrom('quizAttempt')
		.select([
			'userId',
			'lessonId',
			sql<string>`'quiz'`.as('source'),
			sql<number | null>`max(percent) filter (where submitted_at is not null)`.as('percent'),
			sql<number>`count(*) filter (where submitted_at is not null)`.as('count'),
			sql<boolean>`bool_or(submitted_at is null)`.as('open'),
			sql<boolean>`coalesce(bool_or(passed) filter (where submitted_at is not null), false)`.as('flag'),
			sql<boolean>`false`.as('late')
		])
		.where('cohortId', '=', cohortId)
		.where('userId', 'in', userIds)
		.groupBy(['userId', 'lessonId']);
	const submissions = db
		.selectFrom('assignmentSubmission')
		.select([
			'userId',
			'lessonId',
			sql<string>`'assignment'`.as('source'),
			sql<number | null>`case when graded_at is not null and max_score > 0 then score * 100 / max_score end`.as('percent'),
			sql<number>`times_submitted::bigint`.as('count'),
			sql<boolean>`false`.as('open'),
			sql<boolean>`graded_at is not null`.as('flag'),
			'late'
		])
		.where('cohortId', '=', cohortId)
		.where('userId', 'in', userIds);
	const h5pResults = db
		.selectFrom('h5pResult')
		.select([
			'userId',
			'lessonId',
			sql<string>`'h5p'`.as('source'),
			sql<number | null>`scaled * 100`.as('percent'),
			sql<number>`attempts::bigint`.as('count'),
			sql<boolean>`false`.as('open'),
			sql<boolean>`true`.as('flag'),
			sql<boolean>`false`.as('late')
		])
		.where('cohortId', '=', cohortId)
		.where('userId', 'in', userIds);
	// An activity opened counts as started (lesson_progress, which moves the page cache's
	// data version on; saved player state does not, so it is not read here).
	const h5pViews = db
		.selectFrom('lessonProgress as p')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'p.lessonId').on('i.position', '=', 1).on('i.kind', '=', 'h5p'))
		.select([
			'p.userId',
			'p.lessonId',
			sql<string>`'h5p_viewed'`.as('source'),
			sql<number | null>`null::numeric`.as('percent'),
			sql<number>`0::bigint`.as('count'),
			sql<boolean>`true`.as('open'),
			sql<boolean>`false`.as('flag'),
			sql<boolean>`false`.as('late')
		])
		.where('p.cohortId', '=', cohortId)
		.where('p.userId', 'in', userIds);
	const overrides = db
		.selectFrom((eb) =>
			eb
				.selectFrom('gradeOverride')
				.distinctOn(['userId', 'lessonId'])
				.select(['userId', 'lessonId', 'percent'])
				.where('cohortId', '=', cohortId)
				.where('userId', 'in', userIds)
				.orderBy('userId')
				.orderBy('lessonId')
				.orderBy('createdAt', 'desc')
				.orderBy('id', 'desc')
				.as('o')
		)
		.select([
			'o.userId',
			'o.lessonId',
			sql<string>`'override'`.as('source'),
			'o.percent',
			sql<number>`0::bigint`.as('count'),
			sql<boolean>`false`.as('open'),
			sql<boolean>`false`.as('flag'),
			sql<boolean>`false`.as('late')
		]);
	const rows = await quizzes.unionAll(submissions).unionAll(h5pResults).unionAll(h5pViews).unionAll(overrides).execute();
	for (const r of rows) {
		let byLesson = facts.get(r.userId);
		if (!byLesson) facts.set(r.userId, (byLesson = new Map()));
		const f = byLesson.get(r.lessonId) ?? {};
		const percent = r.percent === null ? null : round2(Number(r.percent));
		if (r.source === 'quiz') f.attempts = { submitted: Number(r.count), best: percent, passed: r.flag, open: r.open };
		else if (r.source === 'assignment') f.submission = { times: Number(r.count), graded: r.flag, percent, late: r.late };
		else if (r.source === 'h5p') f.h5p = { attempts: Number(r.count), best: percent };
		else if (r.source === 'h5p_viewed') f.started = true;
		else f.override = { percent };
		byLesson.set(r.lessonId, f);
	}
	return facts;
}

