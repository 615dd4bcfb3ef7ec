import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { DomainError } from '../errors';
import type { Actor } from '../courses/access';
import type { ContentCache } from '../cache/content-cache';
import { readLesson } from '../cohorts/lesson-access';
import type { LearningContext } from '../progress/context';
import { progressContext } from '../progress/progress';
import { checkCompletion } from '../progress/completion';
import { readH5pItemData, type H5pItemData } from './activity-settings';
import { activityIri, actorMail } from './identity';
import { isResult, parseStatement, type ParsedStatement } from './xapi';

/**
 * What an H5P activity's statements become (docs/assessment.md, "H5P activities"):
 * every accepted statement is kept (xapi_statement, the audit trail); a top-level `answered`
 * or `completed` statement with a score is an attempt, and the activity's result per learner
 * and learning context (h5p_result) is the BEST of them by scaled score (ties keep the earlier
 * one), with the number of scored attempts. A better result may complete the course.
 */

export interface H5pResult {
	raw: number;
	max: number;
	scaled: number;
	/** scaled × 100, to 2 decimals */
	percent: number;
	success: boolean | null;
	attempts: number;
	firstAt: Date;
	updatedAt: Date;
}

export interface RecordOutcome {
	/** false: a statement with this id was stored before (nothing was written). */
	stored: boolean;
	/** The learner's result after this statement (null: no scored attempt yet). */
	result: H5pResult | null;
	/** This statement became the best result (the page should show the new standing). */
	changed: boolean;
}

/** The H5P lesson a statement is about: its id, its course, its settings. */
export interface H5pLessonRef {
	id: string;
	courseId: string;
	data: H5pItemData;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function toResult(r: {
	raw: number | string;
	max: number | string;
	scaled: number | string;
	success: boolean | null;
	attempts: number | string;
	firstAt: Date;
	updatedAt: Date;
}): H5pResult {
	const scaled = Number(r.scaled);
	return {
		raw: Number(r.raw),
		max: Number(r.max),
		scaled,
		percent: round2(scaled * 100),
		success: r.success,
		attempts: Number(r.attempts),
		firstAt: r.firstAt,
		updatedAt: r.updatedAt
	};
}

/** The learner's result on an activity in a context (null: none yet). */
export async function readH5pResult(db: Database, ctx: LearningContext, lessonId: string): Promise<H5pResult | null> {
	const row = await db
		.selectFrom('h5pResult')
		.select(['raw', 'max', 'scaled', 'success', 'attempts', 'firstAt', 'updatedAt'])
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lessonId)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirst();
	return row ? toResult(row) : null;
}

/**
 * Stores an accepted statement and, when it is a result, keeps the best one. Safe to call
 * concurrently: a repeated id is stored once (`on conflict do nothing` on the primary key),
 * and the result is one upsert that compares inside the row lock.
 * Throws DomainError('error_h5p_xapi_duplicate_id') when the id belongs to another
 * learner's or activity's statement.
 */
export async function recordStatement(
	trx: Transaction<DB>,
	ctx: LearningContext,
	lesson: H5pLessonRef,
	parsed: ParsedStatement,
	now: Date = new Date()
): Promise<RecordOutcome> {
	const inserted = await trx
		.insertInto('xapiStatement')
		.values({
			id: parsed.id,
			userId: ctx.userId,
			lessonId: lesson.id,
			contentId: lesson.data.contentId,
			cohortId: ctx.cohortId,
			verb: parsed.verb,
			topLevel: parsed.topLevel,
			statement: JSON.stringify(parsed.statement),
			storedAt: now
		})
		.onConflict((oc) => oc.column('id').doNothing())
		.returning('id')
		.executeTakeFirst();
	if (!inserted) {
		const existing = await trx.selectFrom('xapiStatement').select(['userId', 'lessonId']).where('id', '=', parsed.id).executeTakeFirst();
		if (existing && (existing.userId !== ctx.userId || existing.lessonId !== lesson.id)) {
			throw new DomainError('error_h5p_xapi_duplicate_id');
		}
		return { stored: false, result: await readH5pResult(trx, ctx, lesson.id), changed: false };
	}
	if (!isResult(parsed)) return { stored: true, result: await readH5pResult(trx, ctx, lesson.id), changed: false };

	const score = parsed.score!;
	const better = sql<boolean>`excluded.scaled > h5p_result.scaled`;
	const pick = <T>(column: string) => sql<T>`case when ${better} then excluded.${sql.ref(column)} else h5p_result.${sql.ref(column)} end`;
	const row = await trx
		.insertInto('h5pResult')
		.values({
			userId: ctx.userId,
			lessonId: lesson.id,
			cohortId: ctx.cohortId,
			raw: score.raw,
			max: score.max,
			scaled: score.scaled,
			success: score.success,
			statementId: parsed.id,
			attempts: 1,
			firstAt: now,
			updatedAt: now
		})
		.onConflict((oc) =>
			oc.constraint('h5p_result_unique').doUpdateSet({
				attempts: sql<number>`h5p_result.attempts + 1`,
				raw: pick<number>('raw'),
				max: pick<number>('max'),
				success: pick<boolean | null>('success'),
				statementId: pick<string>('statement_id'),
				// the last scored attempt
				updatedAt: sql<Date>`excluded.updated_at`,
				scaled: sql<number>`greatest(excluded.scaled, h5p_result.scaled)`
			})
		)
		.returning(['raw', 'max', 'scaled', 'success', 'attempts', 'firstAt', 'updatedAt', 'statementId'])
		.executeTakeFirstOrThrow();
	const changed = row.statementId === parsed.id;
	if (changed) await checkCompletion(trx, ctx, now);
	return { stored: true, result: toResult(row), changed };
}

/**
 * The H5P lesson (item 1 of kind 'h5p', with readable settings naming content of its course
 * whose libraries are all approved: playable content), or undefined. One query.
 */
export async function findH5pLessonById(db: Database, courseId: string, lessonId: string): Promise<H5pLessonRef | undefined> {
	const row = await db
		.selectFrom('lesson as l')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1).on('i.kind', '=', 'h5p'))
		// compared as text: a tampered id in the item's data is no error
		.innerJoin('h5pContent as c', (j) => j.onRef('c.courseId', '=', 'l.courseId').on(sql<string>`c.id::text`, '=', sql<string>`${sql.ref('i.data')} ->> 'contentId'`))
		.select(['l.id', 'l.courseId', 'i.data'])
		.where('l.id', '=', lessonId)
		.where('l.courseId', '=', courseId)
		.where(({ not, exists, selectFrom }) =>
			not(
				exists(
					selectFrom('h5pContentLibrary as cl')
						.innerJoin('h5pLibrary as lib', 'lib.id', 'cl.libraryId')
						.select('cl.libraryId')
						.whereRef('cl.contentId', '=', 'c.id')
						.where('lib.status', '=', 'pending')
				)
			)
		)
		.executeTakeFirst();
	const data = row ? readH5pItemData(row.data) : null;
	return row && data ? { id: row.id, courseId: row.courseId, data } : undefined;
}

export type ReceiveAnswer =
	| { status: 200; body: RecordOutcome }
	| { status: 401 | 400 | 403 | 404 | 409 | 413 | 422; body: { message: string } };

/**
 * The xAPI endpoint's work (`POST /courses/<course>/<lesson>/h5p/xapi`, JSON): the request
 * must come from our own pages (the Origin header), from a signed-in person who may read the
 * lesson now, about an H5P lesson; then the statement is checked (`parseStatement`) and
 * stored in one transaction. Staff reading a cohort's course keep no records: their
 * statements are checked and answered with `stored: false`.
 */
export async function receiveStatement(
	db: Database,
	actor: Actor | null | undefined,
	where: { courseSlug: string; lessonSlug: string },
	body: string,
	request: { origin: string; requestOrigin: string | null; now?: Date; cache?: ContentCache }
): Promise<ReceiveAnswer> {
	const now = request.now ?? new Date();
	const no = <S extends Exclude<ReceiveAnswer['status'], 200>>(status: S, message: string) => ({ status, body: { message } });
	if (request.requestOrigin !== request.origin) return no(403, 'error_h5p_xapi_origin');
	if (!actor) return no(401, 'error_h5p_xapi_signed_out');

	let page;
	try {
		page = await readLesson(db, where.courseSlug, where.lessonSlug, actor, now, request.cache);
	} catch (e) {
		if (e instanceof DomainError) return no(404, 'error_h5p_not_found');
		throw e;
	}
	if (!page.view) return no(404, 'error_h5p_not_found');
	const { course, lesson: l } = page.view;
	const lesson = await findH5pLessonById(db, course.id, l.id);
	if (!lesson) return no(404, 'error_h5p_not_found');

	const parsed = parseStatement(body, { mail: actorMail(actor.id), objectIri: activityIri(request.origin, lesson.id) });
	if (!parsed.ok) return no(parsed.status, parsed.key);

	try {
		return {
			status: 200,
			body: await db.transaction().execute(async (trx) => {
				const ctx = await progressContext(trx, actor, course);
				if (!ctx) return { stored: false, result: null, changed: false };
				return recordStatement(trx, ctx, lesson, parsed, now);
			})
		};
	} catch (e) {
		if (e instanceof DomainError && e.message === 'error_h5p_xapi_duplicate_id') return no(409, e.message);
		throw e;
	}
}
