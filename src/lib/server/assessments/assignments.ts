import type { Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import type { CourseAccess, DB } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import type { ContentCache } from '../cache/content-cache';
import { canManageCohort } from '../cohorts/access';
import { readLesson } from '../cohorts/lesson-access';
import type { LessonView } from '../courses/reader';
import { learningContext, type LearningContext } from '../progress/context';
import { checkCompletion } from '../progress/completion';
import { assignmentSettings, maxScore, type AssignmentSettings, type RubricCriterion } from './assignment-settings';
import { checkUploads, isChosen, type Upload } from './submission-files';

export {
	AssignmentSettingsSchema,
	parseAssignmentSettings,
	parseAssignmentSource,
	assignmentToSource,
	assignmentSettings,
	maxScore,
	DEFAULT_FILE_TYPES,
	ASSIGNMENT_LIMITS,
	type AssignmentSettings,
	type AssignmentIssue,
	type AssignmentParseResult,
	type RubricCriterion,
	type RubricLevel
} from './assignment-settings';

/**
 * Rubric-graded assignments (docs/assessment.md, "Assignments"). An assignment is a lesson whose
 * one item has kind 'assignment': its body is the instructions, its data the settings.
 *
 * The rules, in one place:
 * - A learner has one submission per assignment and learning context (cohort, or none for an
 *   open course). They may resubmit until it is graded or until the cohort's due date.
 * - After the due date a first submission is still taken, flagged late; a resubmission is not.
 * - Files are added to those already handed in; a new file with the name of an earlier one
 *   replaces it, and the learner may remove earlier files. The count limit applies to the result.
 * - Graders are the facilitators of the submission's cohort and administrators (canManageCohort);
 *   a submission without a cohort (an open course studied alone) only administrators grade.
 */

export const MAX_TEXT = 50_000;
export const MAX_FEEDBACK = 10_000;

export interface AssignmentLesson {
	id: string;
	slug: string;
	title: string;
	courseId: string;
	courseAccess: CourseAccess;
	settings: AssignmentSettings;
}

/** The assignment lesson of a course by slug; undefined when there is none or it is another kind. */
export async function findAssignmentLesson(db: Database, courseId: string, lessonSlug: string): Promise<AssignmentLesson | undefined> {
	const row = await db
		.selectFrom('lesson')
		.innerJoin('course', 'course.id', 'lesson.courseId')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lesson.courseId', 'course.access', 'lessonItem.data'])
		.where('lesson.courseId', '=', courseId)
		.where('lesson.slug', '=', lessonSlug)
		.where('lessonItem.kind', '=', 'assignment')
		.executeTakeFirst();
	if (!row) return undefined;
	return { id: row.id, slug: row.slug, title: row.title, courseId: row.courseId, courseAccess: row.access, settings: assignmentSettings(row.data) };
}

/**
 * The assignment of a lesson for this reader, with the lesson access rules applied (drafts,
 * cohort membership, module release): what both the submission page and its action start from.
 */
export async function openAssignment(db: Database, actor: Actor | null | undefined, courseSlug: string, lessonSlug: string, now: Date, cache?: ContentCache) {
	const page = await readLesson(db, courseSlug, lessonSlug, actor, now, cache);
	if (!page.view) throw new ForbiddenError('error_assignment_closed_to_you');
	const lesson = await findAssignmentLesson(db, page.view.course.id, lessonSlug);
	if (!lesson) throw new NotFoundError('error_assignment_not_found');
	return { view: page.view, lesson };
}

/** open: may submit; graded / closed (past due, already submitted): may not; staff: reads the lesson without a cohort of it; sign_in: a visitor. */
export type AssignmentState = 'open' | 'graded' | 'closed' | 'staff' | 'sign_in';

export interface SubmissionFileView {
	id: string;
	name: string;
	size: number;
	contentType: string;
	url: string;
}

export interface SubmissionGrade {
	score: number;
	maxScore: number;
	percent: number;
	passed: boolean;
	/** criterion id → level id */
	levels: Record<string, string>;
	feedback: string;
	gradedAt: Date;
}

export interface SubmissionView {
	id: string;
	body: string;
	submittedAt: Date;
	updatedAt: Date;
	timesSubmitted: number;
	late: boolean;
	files: SubmissionFileView[];
	grade: SubmissionGrade | null;
}

export interface AssignmentPanelData {
	lessonSlug: string;
	courseSlug: string;
	settings: AssignmentSettings;
	maxScore: number;
	dueAt: Date | null;
	/** the cohort's zone, where the due date is shown; null without a cohort */
	timeZone: string | null;
	state: AssignmentState;
	/** a submission made now would be flagged late */
	lateNow: boolean;
	submission: SubmissionView | null;
}

export function submissionFileUrl(file: { id: string; name: string }): string {
	return `/submission-files/${file.id}/${encodeURIComponent(file.name)}`;
}

const percentOf = (score: number, max: number) => (max > 0 ? Math.round((score / max) * 10000) / 100 : 0);

/** The cohort's due date for a lesson and the cohort's zone (nothing without a cohort). */
async function dueDate(db: Database, cohortId: string | null, lessonId: string) {
	if (cohortId === null) return { dueAt: null, timeZone: null };
	const row = await db
		.selectFrom('cohort')
		.leftJoin('cohortLessonDate as d', (j) => j.onRef('d.cohortId', '=', 'cohort.id').on('d.lessonId', '=', lessonId))
		.select(['cohort.timeZone', 'd.dueAt'])
		.where('cohort.id', '=', cohortId)
		.executeTakeFirst();
	return { dueAt: row?.dueAt ?? null, timeZone: row?.timeZone ?? null };
}

/** The learner's own submission in a context, with its files: never anyone else's. */
export async function findOwnSubmission(db: Database, ctx: LearningContext, lessonId: string, settings: AssignmentSettings): Promise<SubmissionView | null> {
	const row = await db
		.selectFrom('assignmentSubmission as s')
		.select((eb) => [
			's.id',
			's.body',
			's.submittedAt',
			's.updatedAt',
			's.timesSubmitted',
			's.late',
			's.rubric',
			's.score',
			's.maxScore',
			's.feedback',
			's.gradedAt',
			jsonArrayFrom(
				eb.selectFrom('submissionFile as f').select(['f.id', 'f.name', 'f.size', 'f.contentType']).whereRef('f.submissionId', '=', 's.id').orderBy('f.name')
			).as('files')
		])
		.where('s.userId', '=', ctx.userId)
		.where('s.lessonId', '=', lessonId)
		.where('s.cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirst();
	if (!row) return null;
	return {
		id: row.id,
		body: row.body,
		submittedAt: row.submittedAt,
		updatedAt: row.updatedAt,
		timesSubmitted: row.timesSubmitted,
		late: row.late,
		files: row.files.map((f) => ({ ...f, url: submissionFileUrl(f) })),
		grade: gradeOf(row, settings)
	};
}

function gradeOf(
	row: { score: number | null; maxScore: number | null; rubric: Record<string, string> | null; feedback: string | null; gradedAt: Date | null },
	settings: AssignmentSettings
): SubmissionGrade | null {
	if (row.gradedAt === null || row.score === null) return null;
	const max = row.maxScore ?? maxScore(settings);
	const percent = percentOf(row.score, max);
	return { score: row.score, maxScore: max, percent, passed: percent >= settings.passPercent, levels: row.rubric ?? {}, feedback: row.feedback ?? '', gradedAt: row.gradedAt };
}

/** What the assignment panel shows this reader (ctx null: a visitor who is not signed in). */
export async function assignmentLessonData(
	db: Database,
	ctx: LearningContext | null,
	lesson: AssignmentLesson & { courseSlug: string },
	now: Date
): Promise<AssignmentPanelData> {
	const base = { lessonSlug: lesson.slug, courseSlug: lesson.courseSlug, settings: lesson.settings, maxScore: maxScore(lesson.settings) };
	if (!ctx) return { ...base, dueAt: null, timeZone: null, state: 'sign_in', lateNow: false, submission: null };
	const [{ dueAt, timeZone }, submission] = await Promise.all([dueDate(db, ctx.cohortId, lesson.id), findOwnSubmission(db, ctx, lesson.id, lesson.settings)]);
	const pastDue = dueAt !== null && now > dueAt;
	let state: AssignmentState = 'open';
	if (lesson.courseAccess === 'cohort' && ctx.cohortId === null) state = 'staff';
	else if (submission?.grade) state = 'graded';
	else if (submission && pastDue) state = 'closed';
	return { ...base, dueAt, timeZone, state, lateNow: state === 'open' && !submission && pastDue, submission };
}

/**
 * For the lesson page: the panel when the lesson is an assignment, else null. Takes the lesson
 * view the reader may read (readLesson has applied the access rules).
 */
export async function assignmentPanel(db: Database, actor: Actor | null | undefined, view: LessonView, now: Date): Promise<AssignmentPanelData | null> {
	if (!view.items.some((item) => item.kind === 'assignment')) return null;
	const lesson = await findAssignmentLesson(db, view.course.id, view.lesson.slug);
	if (!lesson) return null;
	const ctx = actor ? await learningContext(db, actor.id, view.course.id) : null;
	return assignmentLessonData(db, ctx, { ...lesson, courseSlug: view.course.slug }, now);
}

export interface SubmitInput {
	text: string;
	files: Upload[];
	/** ids of files handed in earlier that the learner takes back */
	removeFiles?: string[];
}

/**
 * Hands in (or again) the learner's work. Everything is checked before anything is written;
 * the caller's transaction makes the submission and its files one change.
 */
export async function submit(trx: Transaction<DB>, ctx: LearningContext, lesson: AssignmentLesson, input: SubmitInput, now: Date) {
	if (lesson.courseAccess === 'cohort' && ctx.cohortId === null) throw new ForbiddenError('error_assignment_members_only');
	const s = lesson.settings;
	const text = input.text.replace(/\r\n?/g, '\n');
	const body = text.trim() === '' ? '' : text;
	if (body && !s.textEntry) throw new ValidationError('text', 'error_assignment_text_not_accepted');
	if (body.length > MAX_TEXT) throw new ValidationError('text', 'error_assignment_text_too_long', { max: MAX_TEXT });
	const uploads = input.files.filter(isChosen);
	if (uploads.length && s.maxFiles === 0) throw new ValidationError('files', 'error_assignment_files_not_accepted');
	if (uploads.length > s.maxFiles) throw new ValidationError('files', 'error_assignment_too_many_files', { max: s.maxFiles });
	const checked = await checkUploads(uploads, s);
	const { dueAt } = await dueDate(trx, ctx.cohortId, lesson.id);
	const pastDue = dueAt !== null && now > dueAt;

	const existingSubmission = () =>
		trx
			.selectFrom('assignmentSubmission')
			.select(['id', 'gradedAt'])
			.where('userId', '=', ctx.userId)
			.where('lessonId', '=', lesson.id)
			.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
			.forUpdate()
			.executeTakeFirst();
	const checkContent = (keptFiles: number) => {
		if (keptFiles + checked.length > s.maxFiles) throw new ValidationError('files', 'error_assignment_too_many_files', { max: s.maxFiles });
		if (!body && keptFiles + checked.length === 0) throw new ValidationError('text', s.textEntry ? 'error_assignment_empty' : 'error_assignment_no_files');
	};
	const storeFiles = async (submissionId: string) => {
		if (!checked.length) return;
		await trx
			.insertInto('submissionFile')
			.values(checked.map((f) => ({ submissionId, name: f.name, contentType: f.contentType, size: f.size, sha256: f.sha256, data: f.data })))
			.execute();
	};
	const RETURNED = ['id', 'late', 'timesSubmitted', 'submittedAt', 'updatedAt'] as const;

	let existing = await existingSubmission();
	if (!existing) {
		checkContent(0);
		const inserted = await trx
			.insertInto('assignmentSubmission')
			.values({ userId: ctx.userId, lessonId: lesson.id, cohortId: ctx.cohortId, body, submittedAt: now, updatedAt: now, timesSubmitted: 1, late: pastDue })
			.onConflict((oc) => oc.constraint('assignment_submission_unique').doNothing())
			.returning(RETURNED)
			.executeTakeFirst();
		if (inserted) {
			await storeFiles(inserted.id);
			return inserted;
		}
		// Two first submissions at once (two tabs): this one waited for the other and is a resubmission.
		existing = await existingSubmission();
		if (!existing) throw new Error('the submission that conflicted is gone');
	}
	if (existing.gradedAt) throw new ConflictError('error_assignment_already_graded');
	if (pastDue) throw new ConflictError('error_assignment_past_due');

	const current = await trx.selectFrom('submissionFile').select(['id', 'name']).where('submissionId', '=', existing.id).execute();
	const removed = new Set(input.removeFiles ?? []);
	const names = new Set(checked.map((f) => f.name.toLowerCase()));
	const dropped = current.filter((f) => removed.has(f.id) || names.has(f.name.toLowerCase()));
	checkContent(current.length - dropped.length);

	const updated = await trx
		.updateTable('assignmentSubmission')
		.set((eb) => ({ body, updatedAt: now, timesSubmitted: eb('timesSubmitted', '+', 1) }))
		.where('id', '=', existing.id)
		.returning(RETURNED)
		.executeTakeFirstOrThrow();
	if (dropped.length) await trx.deleteFrom('submissionFile').where('id', 'in', dropped.map((f) => f.id)).execute();
	await storeFiles(existing.id);
	return updated;
}

export interface GradeInput {
	/** criterion id → level id, for an assignment with a rubric */
	levels?: Record<string, string>;
	/** the score, for an assignment without one */
	score?: number | null;
	feedback: string;
}

/** The score a rubric's chosen levels give, or the reason they give none (by field). */
export function rubricScore(rubric: RubricCriterion[], levels: Record<string, string>): number {
	const known = new Set(rubric.map((c) => c.id));
	const stray = Object.keys(levels).find((id) => !known.has(id));
	if (stray !== undefined) throw new ValidationError('form', 'error_assignment_criterion_unknown', { criterion: stray });
	let score = 0;
	for (const c of rubric) {
		const chosen = levels[c.id];
		if (!chosen) throw new ValidationError(`criterion-${c.id}`, 'error_assignment_level_required', { criterion: c.title });
		const level = c.levels.find((l) => l.id === chosen);
		if (!level) {
			const range = c.levels.map((l) => l.points);
			throw new ValidationError(`criterion-${c.id}`, 'error_assignment_level_unknown', {
				criterion: c.title,
				min: Math.min(...range),
				max: Math.max(...range)
			});
		}
		score += level.points;
	}
	return score;
}

/**
 * Grades a submission (again, if it was graded): with the rubric's levels, or a score from 0
 * to the assignment's points without a rubric. Then checks the learner's course completion.
 */
export async function grade(trx: Transaction<DB>, grader: Actor, submissionId: string, input: GradeInput, now: Date) {
	const row = await trx
		.selectFrom('assignmentSubmission')
		.select(['id', 'userId', 'lessonId', 'cohortId'])
		.where('id', '=', submissionId)
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_submission_not_found');
	const allowed = row.cohortId === null ? grader.role === 'admin' : await canManageCohort(trx, grader, row.cohortId);
	if (!allowed) throw new ForbiddenError('error_assignment_grade_forbidden');
	const item = await trx
		.selectFrom('lesson')
		.innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id')
		.select(['lesson.courseId', 'lessonItem.data', 'lessonItem.kind'])
		.where('lesson.id', '=', row.lessonId)
		.where('lessonItem.position', '=', 1)
		.executeTakeFirst();
	if (!item || item.kind !== 'assignment') throw new NotFoundError('error_assignment_not_found');
	const settings = assignmentSettings(item.data);
	const max = maxScore(settings);

	let score: number;
	if (settings.rubric.length) {
		score = rubricScore(settings.rubric, input.levels ?? {});
	} else {
		const given = input.score;
		if (given === null || given === undefined) throw new ValidationError('score', 'error_assignment_score_required', { max });
		if (!Number.isFinite(given) || given < 0 || given > max) throw new ValidationError('score', 'error_assignment_score_range', { max });
		score = given;
	}
	const feedback = input.feedback.replace(/\r\n?/g, '\n').trim();
	if (feedback.length > MAX_FEEDBACK) throw new ValidationError('feedback', 'error_assignment_feedback_too_long', { max: MAX_FEEDBACK });

	await trx
		.updateTable('assignmentSubmission')
		.set({
			rubric: settings.rubric.length ? JSON.stringify(input.levels) : null,
			score,
			maxScore: max,
			feedback: feedback || null,
			gradedBy: grader.id,
			gradedAt: now
		})
		.where('id', '=', row.id)
		.execute();
	await checkCompletion(trx, { userId: row.userId, courseId: item.courseId, cohortId: row.cohortId }, now);
	return { score, maxScore: max, percent: percentOf(score, max), passed: percentOf(score, max) >= settings.passPercent };
}

/**
 * A submitted file for a reader who may see it: the learner who handed it in, a facilitator of
 * the submission's cohort, an administrator. Anyone else gets NotFound, as if there were none.
 */
export async function getSubmissionFileForReader(db: Database, actor: Actor | null | undefined, fileId: string) {
	if (!actor) throw new NotFoundError('error_file_not_found');
	const file = await db
		.selectFrom('submissionFile as f')
		.innerJoin('assignmentSubmission as s', 's.id', 'f.submissionId')
		.select(['f.id', 'f.name', 'f.contentType', 'f.size', 'f.sha256', 'f.data', 's.userId', 's.cohortId'])
		.where('f.id', '=', fileId)
		.executeTakeFirst();
	if (!file) throw new NotFoundError('error_file_not_found');
	const allowed =
		file.userId === actor.id || actor.role === 'admin' || (file.cohortId !== null && (await canManageCohort(db, actor, file.cohortId)));
	if (!allowed) throw new NotFoundError('error_file_not_found');
	return file;
}
