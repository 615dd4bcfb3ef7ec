import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import { NotFoundError } from '../errors';
import { assignmentSettings, maxScore, type AssignmentSettings } from './assignment-settings';
import { submissionFileUrl } from './assignments';

/**
 * The facilitator's side of assignments: a cohort's submissions, assignment by assignment, and
 * one submission to grade. Callers have checked that the actor manages the cohort
 * (requireCohortManager); grading itself checks again (assignments.grade).
 */

export type SubmissionStatus = 'missing' | 'submitted' | 'graded';

export interface SubmissionRow {
	userId: string;
	name: string;
	email: string;
	submissionId: string | null;
	submittedAt: Date | null;
	updatedAt: Date | null;
	timesSubmitted: number;
	late: boolean;
	status: SubmissionStatus;
	score: number | null;
	maxScore: number;
}

export interface CohortAssignment {
	lessonId: string;
	slug: string;
	title: string;
	moduleTitle: string;
	dueAt: Date | null;
	maxScore: number;
	submitted: number;
	graded: number;
	rows: SubmissionRow[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (s: string) => UUID.test(s);

/**
 * Every assignment of the cohort's course with a row per enrolled learner (those who have not
 * submitted too) and per other submitter (e.g. a learner who left after handing in). Three
 * queries whatever the cohort's size. `ungraded`: only submissions waiting for a grade.
 */
export async function listCohortSubmissions(db: Database, cohort: { id: string; courseId: string }, options: { ungraded?: boolean } = {}) {
	const [assignments, learners, submissions] = await Promise.all([
		db
			.selectFrom('lesson')
			.innerJoin('courseModule as m', 'm.id', 'lesson.moduleId')
			.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'lesson.id').on('i.position', '=', 1))
			.leftJoin('cohortLessonDate as d', (j) => j.onRef('d.lessonId', '=', 'lesson.id').on('d.cohortId', '=', cohort.id))
			.select(['lesson.id', 'lesson.slug', 'lesson.title', 'm.title as moduleTitle', 'i.data', 'd.dueAt'])
			.where('lesson.courseId', '=', cohort.courseId)
			.where('i.kind', '=', 'assignment')
			.orderBy('m.position')
			.orderBy('lesson.position')
			.execute(),
		db
			.selectFrom('enrolment as e')
			.innerJoin('appUser as u', 'u.id', 'e.userId')
			.select(['u.id', 'u.name', 'u.email'])
			.where('e.cohortId', '=', cohort.id)
			.where('e.status', '=', 'enrolled')
			.execute(),
		db
			.selectFrom('assignmentSubmission as s')
			.innerJoin('appUser as u', 'u.id', 's.userId')
			.select(['s.id', 's.lessonId', 's.userId', 'u.name', 'u.email', 's.submittedAt', 's.updatedAt', 's.timesSubmitted', 's.late', 's.score', 's.maxScore', 's.gradedAt'])
			.where('s.cohortId', '=', cohort.id)
			.execute()
	]);
	const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
	return assignments.map((a): CohortAssignment => {
		const max = maxScore(assignmentSettings(a.data));
		const mine = submissions.filter((s) => s.lessonId === a.id);
		const handedIn = new Map(mine.map((s) => [s.userId, s]));
		const rows: SubmissionRow[] = mine.map((s) => ({
			userId: s.userId,
			name: s.name,
			email: s.email,
			submissionId: s.id,
			submittedAt: s.submittedAt,
			updatedAt: s.updatedAt,
			timesSubmitted: s.timesSubmitted,
			late: s.late,
			status: s.gradedAt ? 'graded' : 'submitted',
			score: s.gradedAt ? s.score : null,
			maxScore: s.maxScore ?? max
		}));
		for (const l of learners) {
			if (handedIn.has(l.id)) continue;
			rows.push({ userId: l.id, name: l.name, email: l.email, submissionId: null, submittedAt: null, updatedAt: null, timesSubmitted: 0, late: false, status: 'missing', score: null, maxScore: max });
		}
		rows.sort(byName);
		return {
			lessonId: a.id,
			slug: a.slug,
			title: a.title,
			moduleTitle: a.moduleTitle,
			dueAt: a.dueAt,
			maxScore: max,
			submitted: mine.length,
			graded: mine.filter((s) => s.gradedAt).length,
			rows: options.ungraded ? rows.filter((r) => r.status === 'submitted') : rows
		};
	});
}

export interface SubmissionForGrading {
	id: string;
	learner: { id: string; name: string; email: string };
	lesson: { id: string; slug: string; title: string };
	courseSlug: string;
	settings: AssignmentSettings;
	maxScore: number;
	dueAt: Date | null;
	body: string;
	submittedAt: Date;
	updatedAt: Date;
	timesSubmitted: number;
	late: boolean;
	levels: Record<string, string>;
	score: number | null;
	feedback: string;
	gradedAt: Date | null;
	gradedBy: string | null;
	files: { id: string; name: string; size: number; contentType: string; url: string }[];
}

/** One submission of the cohort with what grading it needs; NotFound for a submission of another cohort. */
export async function getSubmissionForGrading(db: Database, cohortId: string, submissionId: string): Promise<SubmissionForGrading> {
	if (!isUuid(submissionId)) throw new NotFoundError('error_submission_not_found');
	const row = await db
		.selectFrom('assignmentSubmission as s')
		.innerJoin('appUser as u', 'u.id', 's.userId')
		.innerJoin('lesson as l', 'l.id', 's.lessonId')
		.innerJoin('course as c', 'c.id', 'l.courseId')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.leftJoin('cohortLessonDate as d', (j) => j.onRef('d.lessonId', '=', 'l.id').onRef('d.cohortId', '=', 's.cohortId'))
		.leftJoin('appUser as g', 'g.id', 's.gradedBy')
		.select((eb) => [
			's.id',
			's.userId',
			'u.name',
			'u.email',
			'l.id as lessonId',
			'l.slug as lessonSlug',
			'l.title as lessonTitle',
			'c.slug as courseSlug',
			'i.data',
			'i.kind',
			'd.dueAt',
			's.body',
			's.submittedAt',
			's.updatedAt',
			's.timesSubmitted',
			's.late',
			's.rubric',
			's.score',
			's.feedback',
			's.gradedAt',
			'g.name as gradedBy',
			jsonArrayFrom(
				eb.selectFrom('submissionFile as f').select(['f.id', 'f.name', 'f.size', 'f.contentType']).whereRef('f.submissionId', '=', 's.id').orderBy('f.name')
			).as('files')
		])
		.where('s.id', '=', submissionId)
		.where('s.cohortId', '=', cohortId)
		.executeTakeFirst();
	if (!row || row.kind !== 'assignment') throw new NotFoundError('error_submission_not_found');
	const settings = assignmentSettings(row.data);
	return {
		id: row.id,
		learner: { id: row.userId, name: row.name, email: row.email },
		lesson: { id: row.lessonId, slug: row.lessonSlug, title: row.lessonTitle },
		courseSlug: row.courseSlug,
		settings,
		maxScore: maxScore(settings),
		dueAt: row.dueAt,
		body: row.body,
		submittedAt: row.submittedAt,
		updatedAt: row.updatedAt,
		timesSubmitted: row.timesSubmitted,
		late: row.late,
		levels: row.rubric ?? {},
		score: row.score,
		feedback: row.feedback ?? '',
		gradedAt: row.gradedAt,
		gradedBy: row.gradedBy,
		files: row.files.map((f) => ({ ...f, url: submissionFileUrl(f) }))
	};
}
