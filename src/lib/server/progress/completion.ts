import { sql, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { runPrepared, type Database } from '../db/connect';
import type { DB } from '../db/schema';
import { issueOnCompletion } from '../certificates/certificates';
import { joinNetworksOnCompletion } from '../directory/network-membership';
import { DomainError } from '../errors';
import { log } from '../log';
import type { LearningContext } from './context';
import { lessonFactsQuery, toLessonState, type LessonFactRow, type LessonState } from './facts';
import { evaluateCompletion, parseCompletionRules, type CompletionResult } from './rules';

/**
 * The course-completed event: recorded once per learner and learning context, ever, when the
 * course's completion rules are met (course_completion; certificates listen to it). Call
 * `checkCompletion` after every change that can complete a course: a lesson completed or
 * viewed, a quiz submitted, an assignment graded, a grade overridden.
 *
 * Once recorded, a completion stays (with the final grade of that moment), even if a lesson
 * is later marked not complete or a grade is overridden down: a certificate may already rest
 * on it.
 */

export type { LessonState } from './facts';

/** Every lesson of the course in order, with where this learner stands on it (one query). */
export async function courseFacts(db: Database, ctx: LearningContext): Promise<LessonState[]> {
	const row = await db
		.selectNoFrom(() => [jsonArrayFrom(lessonFactsQuery(ctx.courseId, ctx.userId, ctx.cohortId)).as('lessons')])
		.executeTakeFirstOrThrow();
	return (row.lessons as LessonFactRow[]).map(toLessonState);
}

export interface CompletionCheck extends CompletionResult {
	/** When the course was completed in this context (now, or earlier); null if it is not. */
	completedAt: Date | null;
	/** This call recorded the completion (false when it was already recorded, or is not met). */
	recorded: boolean;
}

export async function findCompletion(db: Database, ctx: LearningContext) {
	return db
		.selectFrom('courseCompletion')
		.select(['id', 'completedAt', 'finalGrade'])
		.where('userId', '=', ctx.userId)
		.where('courseId', '=', ctx.courseId)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirst();
}

/**
 * Evaluates the course's rules for this learner and records the completion when they are met.
 * Safe to call concurrently: the unique constraint and `on conflict do nothing` keep one row.
 */
export async function checkCompletion(trx: Transaction<DB>, ctx: LearningContext, now: Date = new Date()): Promise<CompletionCheck> {
	// One statement, run as a prepared statement on PostgreSQL: the course's rules, the
	// completion if recorded, and (only when it is not: CASE evaluates the subquery lazily)
	// every lesson's facts. It runs after every graded submission, so its round trips and
	// its planning (the facts query costs more to plan than to run) are paid on every one.
	const [course] = await runPrepared(
		trx,
		trx
			.selectFrom('course as c')
			.leftJoin('courseCompletion as cc', (j) =>
				j
					.onRef('cc.courseId', '=', 'c.id')
					.on('cc.userId', '=', ctx.userId)
					.on('cc.cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
			)
			.select((eb) => [
				'c.completionRules',
				'cc.completedAt',
				'cc.finalGrade',
				sql<LessonFactRow[] | null>`case when ${eb.ref('cc.completedAt')} is null then ${jsonArrayFrom(lessonFactsQuery(ctx.courseId, ctx.userId, ctx.cohortId))} end`.as(
					'lessons'
				)
			])
			.where('c.id', '=', ctx.courseId)
	);
	if (!course) return { complete: false, missing: [], finalGrade: null, completedAt: null, recorded: false };
	if (course.completedAt) {
		return { complete: true, missing: [], finalGrade: course.finalGrade === null ? null : Number(course.finalGrade), completedAt: course.completedAt, recorded: false };
	}

	let rules;
	try {
		rules = parseCompletionRules(course.completionRules);
	} catch (e) {
		// Rules are validated when saved; a broken document must not fail the grading or the
		// lesson that called this, nor complete courses by falling back to the defaults.
		if (!(e instanceof DomainError)) throw e;
		log.warn('completion rules do not parse', { courseId: ctx.courseId, error: e.message });
		return { complete: false, missing: [], finalGrade: null, completedAt: null, recorded: false };
	}

	const result = evaluateCompletion(rules, (course.lessons ?? []).map(toLessonState));
	if (!result.complete) return { ...result, completedAt: null, recorded: false };

	const inserted = await trx
		.insertInto('courseCompletion')
		.values({ userId: ctx.userId, courseId: ctx.courseId, cohortId: ctx.cohortId, completedAt: now, finalGrade: result.finalGrade })
		.onConflict((oc) => oc.constraint('course_completion_unique').doNothing())
		.returning(['id', 'completedAt'])
		.executeTakeFirst();
	if (inserted) {
		// The event's listeners, in the same transaction (all or nothing): the certificate, and
		// membership of the alumni networks linked to the course or the cohort.
		const event = { userId: ctx.userId, courseId: ctx.courseId, cohortId: ctx.cohortId };
		await issueOnCompletion(trx, event, now);
		await joinNetworksOnCompletion(trx, event);
		return { ...result, completedAt: inserted.completedAt, recorded: true };
	}
	// Another request recorded it first: report theirs.
	const existing = await findCompletion(trx, ctx);
	return {
		...result,
		finalGrade: existing?.finalGrade === null || existing === undefined ? result.finalGrade : Number(existing.finalGrade),
		completedAt: existing?.completedAt ?? now,
		recorded: false
	};
}
