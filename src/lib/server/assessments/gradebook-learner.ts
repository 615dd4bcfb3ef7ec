import type { Database } from '../db/connect';
import type { Cohort } from '../db/schema';
import { NotFoundError } from '../errors';
import { isUuid } from '../cohorts/admission-rules';
import { AT_RISK_DAYS, gradebookStructure, learnerRows, toRow, type GradebookItem } from './gradebook';
import { readGradeFacts, type Cell } from './gradebook-cells';

/**
 * One learner of a cohort as the facilitator sees them: every quiz, assignment and scored H5P
 * activity with the attempts, the submission or the activity's best result, and the overrides
 * (the audit log, newest first). A handful of statements, whatever the course.
 */

export interface AttemptLine {
	number: number;
	startedAt: Date;
	submittedAt: Date | null;
	deadlineAt: Date | null;
	percent: number | null;
	passed: boolean | null;
}

export interface SubmissionLine {
	id: string;
	submittedAt: Date;
	updatedAt: Date;
	timesSubmitted: number;
	late: boolean;
	files: number;
	score: number | null;
	maxScore: number | null;
	gradedAt: Date | null;
	gradedBy: string | null;
	feedback: string | null;
}

/** An H5P activity's result: the best scored attempt (as reported by the content), and how many. */
export interface H5pLine {
	raw: number;
	max: number;
	percent: number;
	success: boolean | null;
	attempts: number;
	/** statements the activity reported (every verb, parts included) */
	statements: number;
	firstAt: Date;
	/** the last scored attempt */
	updatedAt: Date;
}

export interface OverrideLine {
	id: string;
	percent: number | null;
	previousPercent: number | null;
	reason: string;
	actor: string | null;
	createdAt: Date;
}

export interface LearnerItem extends GradebookItem {
	moduleTitle: string;
	cell: Cell;
	attempts: AttemptLine[];
	submission: SubmissionLine | null;
	h5p: H5pLine | null;
	overrides: OverrideLine[];
}

const num = (v: number | string | null) => (v === null ? null : Number(v));

export async function learnerDetail(db: Database, cohort: Pick<Cohort, 'id' | 'courseId'>, userId: string, now: Date = new Date()) {
	if (!isUuid(userId)) throw new NotFoundError('error_gradebook_learner_not_found');
	const [row] = await learnerRows(db, cohort, { limit: 1, userId });
	if (!row) throw new NotFoundError('error_gradebook_learner_not_found');
	const structure = await gradebookStructure(db, cohort.courseId);
	const facts = await readGradeFacts(db, cohort.id, [userId]);
	const learner = toRow(structure, row, facts.get(userId), new Date(now.getTime() - AT_RISK_DAYS * 24 * 60 * 60 * 1000));

	const [attempts, submissions, h5pResults, overrides] = await Promise.all([
		db
			.selectFrom('quizAttempt')
			.select(['lessonId', 'number', 'startedAt', 'submittedAt', 'deadlineAt', 'percent', 'passed'])
			.where('cohortId', '=', cohort.id)
			.where('userId', '=', userId)
			.orderBy('lessonId')
			.orderBy('number')
			.execute(),
		db
			.selectFrom('assignmentSubmission as s')
			.leftJoin('appUser as g', 'g.id', 's.gradedBy')
			.select((eb) => [
				's.id',
				's.lessonId',
				's.submittedAt',
				's.updatedAt',
				's.timesSubmitted',
				's.late',
				's.score',
				's.maxScore',
				's.gradedAt',
				's.feedback',
				'g.name as gradedBy',
				eb
					.selectFrom('submissionFile as f')
					.select((f) => f.fn.countAll<number>().as('n'))
					.whereRef('f.submissionId', '=', 's.id')
					.as('files')
			])
			.where('s.cohortId', '=', cohort.id)
			.where('s.userId', '=', userId)
			.execute(),
		db
			.selectFrom('h5pResult as r')
			.select((eb) => [
				'r.lessonId',
				'r.raw',
				'r.max',
				'r.scaled',
				'r.success',
				'r.attempts',
				'r.firstAt',
				'r.updatedAt',
				eb
					.selectFrom('xapiStatement as x')
					.select((x) => x.fn.countAll<number>().as('n'))
					.whereRef('x.lessonId', '=', 'r.lessonId')
					.where('x.userId', '=', userId)
					.where('x.cohortId', '=', cohort.id)
					.as('statements')
			])
			.where('r.cohortId', '=', cohort.id)
			.where('r.userId', '=', userId)
			.execute(),
		db
			.selectFrom('gradeOverride as o')
			.leftJoin('appUser as a', 'a.id', 'o.actorId')
			.select(['o.id', 'o.lessonId', 'o.percent', 'o.previousPercent', 'o.reason', 'o.createdAt', 'a.name as actor'])
			.where('o.cohortId', '=', cohort.id)
			.where('o.userId', '=', userId)
			.orderBy('o.createdAt', 'desc')
			.orderBy('o.id', 'desc')
			.execute()
	]);

	const moduleTitle = new Map(structure.modules.map((m) => [m.id, m.title]));
	const items: LearnerItem[] = structure.items.map((item) => {
		const s = submissions.find((x) => x.lessonId === item.lessonId);
		const h = h5pResults.find((x) => x.lessonId === item.lessonId);
		return {
			...item,
			moduleTitle: moduleTitle.get(item.moduleId) ?? '',
			cell: learner.cells[item.lessonId]!,
			attempts: attempts
				.filter((a) => a.lessonId === item.lessonId)
				.map((a) => ({
					number: a.number,
					startedAt: a.startedAt,
					submittedAt: a.submittedAt,
					deadlineAt: a.deadlineAt,
					percent: num(a.percent),
					passed: a.passed
				})),
			submission: s
				? {
						id: s.id,
						submittedAt: s.submittedAt,
						updatedAt: s.updatedAt,
						timesSubmitted: Number(s.timesSubmitted),
						late: s.late,
						files: Number(s.files ?? 0),
						score: num(s.score),
						maxScore: num(s.maxScore),
						gradedAt: s.gradedAt,
						gradedBy: s.gradedBy,
						feedback: s.feedback
					}
				: null,
			h5p: h
				? {
						raw: Number(h.raw),
						max: Number(h.max),
						percent: Math.round(Number(h.scaled) * 10000) / 100,
						success: h.success,
						attempts: Number(h.attempts),
						statements: Number(h.statements ?? 0),
						firstAt: h.firstAt,
						updatedAt: h.updatedAt
					}
				: null,
			overrides: overrides
				.filter((o) => o.lessonId === item.lessonId)
				.map((o) => ({
					id: o.id,
					percent: num(o.percent),
					previousPercent: num(o.previousPercent),
					reason: o.reason,
					actor: o.actor,
					createdAt: o.createdAt
				}))
		};
	});
	return { learner, modules: structure.modules, lessonsTotal: structure.lessonsTotal, items };
}
export type LearnerDetail = Awaited<ReturnType<typeof learnerDetail>>;
