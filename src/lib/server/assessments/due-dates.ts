import type { Transaction } from 'kysely';
import { zonedLocalToUtc } from '../../datetime';
import type { Database } from '../db/connect';
import type { DB, LessonItemKind } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { lockManagedCohort } from '../cohorts/cohorts';

/**
 * Per cohort, when each quiz closes and each assignment is due (cohort_lesson_date). Typed as
 * wall-clock time in the cohort's zone, like module release dates (cohorts/schedule.ts).
 */

export const DUE_PREFIX = 'due-';

export interface LessonDueDate {
	id: string;
	title: string;
	kind: Extract<LessonItemKind, 'quiz' | 'assignment'>;
	moduleTitle: string;
	dueAt: Date | null;
}

/** The course's quiz and assignment lessons in course order, each with its date for this cohort. */
export async function listLessonDueDates(db: Database, cohortId: string, courseId: string): Promise<LessonDueDate[]> {
	const rows = await db
		.selectFrom('lesson')
		.innerJoin('courseModule as m', 'm.id', 'lesson.moduleId')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'lesson.id').on('i.position', '=', 1))
		.leftJoin('cohortLessonDate as d', (j) => j.onRef('d.lessonId', '=', 'lesson.id').on('d.cohortId', '=', cohortId))
		.select(['lesson.id', 'lesson.title', 'i.kind', 'm.title as moduleTitle', 'd.dueAt'])
		.where('lesson.courseId', '=', courseId)
		.where('i.kind', 'in', ['quiz', 'assignment'])
		.orderBy('m.position')
		.orderBy('lesson.position')
		.execute();
	return rows as LessonDueDate[];
}

/**
 * Sets every quiz's and assignment's date at once: `dates` maps a lesson id to a datetime-local
 * value in the cohort's zone, or '' for none. Lessons not named lose their date. A lesson of
 * another course, or a text lesson, is refused.
 */
export async function setLessonDueDates(trx: Transaction<DB>, actor: Actor | null | undefined, slug: string, dates: Record<string, string>) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const lessons = new Set((await listLessonDueDates(trx, cohort.id, cohort.courseId)).map((l) => l.id));
	const rows: { cohortId: string; lessonId: string; dueAt: Date }[] = [];
	for (const [lessonId, raw] of Object.entries(dates)) {
		if (!lessons.has(lessonId)) throw new NotFoundError('error_lesson_not_found');
		const local = raw.trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):\d{2}(\.\d+)?$/, '$1');
		if (!local) continue;
		const dueAt = zonedLocalToUtc(local, cohort.timeZone);
		if (!dueAt) throw new ValidationError(`${DUE_PREFIX}${lessonId}`, 'error_datetime_invalid');
		rows.push({ cohortId: cohort.id, lessonId, dueAt });
	}
	await trx.deleteFrom('cohortLessonDate').where('cohortId', '=', cohort.id).execute();
	if (rows.length) await trx.insertInto('cohortLessonDate').values(rows).execute();
}
