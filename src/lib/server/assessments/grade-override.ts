import { sql, type Transaction } from 'kysely';
import type { DB, Cohort } from '../db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { canManageCohort } from '../cohorts/access';
import { isUuid } from '../cohorts/admission-rules';
import { checkCompletion, type CompletionCheck } from '../progress/completion';
import { gradeCell, readGradeFacts } from './gradebook-cells';

/**
 * A facilitator's override of one learner's grade on a quiz, an assignment or a scored H5P
 * activity, with the reason.
 * grade_override is append-only: the latest row counts, and every row (who, when, from what
 * percent, to what, why) is the audit log. An override without a percent removes the override,
 * so the earned grade counts again; that is logged too.
 */

export const OVERRIDE_REASON_MIN = 3;
export const OVERRIDE_REASON_MAX = 1000;

export interface OverrideResult {
	percent: number | null;
	previousPercent: number | null;
	completion: CompletionCheck;
}

export async function overrideGrade(
	trx: Transaction<DB>,
	actor: Actor | null | undefined,
	cohort: Pick<Cohort, 'id' | 'courseId'>,
	userId: string,
	lessonId: string,
	percent: number | null,
	reason: string,
	now: Date
): Promise<OverrideResult> {
	if (!(await canManageCohort(trx, actor, cohort.id))) throw new ForbiddenError('error_cohort_not_yours');
	const why = reason.replace(/\r\n?/g, '\n').trim();
	if ([...why].length < OVERRIDE_REASON_MIN || [...why].length > OVERRIDE_REASON_MAX) {
		throw new ValidationError('reason', 'error_gradebook_reason_length');
	}
	if (percent !== null && !(Number.isFinite(percent) && percent >= 0 && percent <= 100)) {
		throw new ValidationError('percent', 'error_gradebook_percent_range');
	}
	const value = percent === null ? null : Math.round(percent * 100) / 100;
	if (!isUuid(userId)) throw new NotFoundError('error_gradebook_learner_not_found');
	if (!isUuid(lessonId)) throw new NotFoundError('error_gradebook_item_not_found');

	// The learner's enrolment, locked: overrides of one learner are made one after another, so
	// each row's previous percent is the one the facilitator saw replaced.
	const enrolled = await trx
		.selectFrom('enrolment')
		.select('id')
		.where('cohortId', '=', cohort.id)
		.where('userId', '=', userId)
		.where('status', '=', 'enrolled')
		.forUpdate()
		.executeTakeFirst();
	if (!enrolled) throw new NotFoundError('error_gradebook_learner_not_found');
	const item = await trx
		.selectFrom('lesson as l')
		.innerJoin('lessonItem as i', (join) => join.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.select(['i.kind', sql<string | null>`i.data ->> 'completion'`.as('completion')])
		.where('l.id', '=', lessonId)
		.where('l.courseId', '=', cohort.courseId)
		.where('i.kind', 'in', ['quiz', 'assignment', 'h5p'])
		.executeTakeFirst();
	// An H5P activity that completes on view has no grade to override.
	if (!item || (item.kind !== 'quiz' && item.kind !== 'assignment' && item.kind !== 'h5p') || (item.kind === 'h5p' && item.completion === 'view')) {
		throw new NotFoundError('error_gradebook_item_not_found');
	}

	const facts = (await readGradeFacts(trx, cohort.id, [userId])).get(userId)?.get(lessonId);
	// The pass mark plays no part in the percent that is replaced.
	const current = gradeCell({ kind: item.kind, passPercent: 0, ...facts });
	if (value === null && !current.overridden) throw new ValidationError('percent', 'error_gradebook_nothing_to_clear');

	await trx
		.insertInto('gradeOverride')
		.values({
			cohortId: cohort.id,
			userId,
			lessonId,
			percent: value,
			previousPercent: current.percent,
			reason: why,
			actorId: actor!.id,
			createdAt: now
		})
		.execute();
	const completion = await checkCompletion(trx, { userId, courseId: cohort.courseId, cohortId: cohort.id }, now);
	return { percent: value, previousPercent: current.percent, completion };
}
