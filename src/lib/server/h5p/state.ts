import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { DomainError } from '../errors';
import type { Actor } from '../courses/access';
import type { ContentCache } from '../cache/content-cache';
import { readLesson } from '../cohorts/lesson-access';
import type { LearningContext } from '../progress/context';
import { progressContext } from '../progress/progress';
import { findH5pLesson } from './activity';

/**
 * Saved state for resume (docs/h5p.md, "Resume"): what an H5P content's getCurrentState()
 * returned, as JSON text, per learner, activity and learning context. The player sends it
 * through the lesson page (H5pActivity.svelte) on each xAPI event, every 10 seconds when it
 * changed, and when the page is hidden; the lesson page gives it back when the player starts.
 * State kept for an earlier package of the lesson is not given to a new one.
 */

/** Characters of state kept at most (the column's check says the same). */
export const MAX_STATE_CHARS = 65_536;
/** Bytes of a request body: the state as a JSON string inside `{"state": …}`, escapes included. */
export const MAX_STATE_BODY_BYTES = 256 * 1024;

export type StateParse = { ok: true; state: string | null } | { ok: false; status: 400 | 413; key: string };

/** `{"state": "<JSON text>"}` (or `{"state": null}` to forget it), checked. */
export function parseStateBody(body: string): StateParse {
	let value: unknown;
	try {
		value = JSON.parse(body);
	} catch {
		return { ok: false, status: 400, key: 'error_h5p_state_malformed' };
	}
	if (!value || typeof value !== 'object' || Array.isArray(value) || !('state' in value)) {
		return { ok: false, status: 400, key: 'error_h5p_state_malformed' };
	}
	const state = (value as { state: unknown }).state;
	if (state === null) return { ok: true, state: null };
	if (typeof state !== 'string') return { ok: false, status: 400, key: 'error_h5p_state_malformed' };
	if (state.length > MAX_STATE_CHARS) return { ok: false, status: 413, key: 'error_h5p_state_too_large' };
	try {
		JSON.parse(state);
	} catch {
		return { ok: false, status: 400, key: 'error_h5p_state_not_json' };
	}
	return { ok: true, state };
}

/** The learner's saved state for this content of the activity (null: none, or saved for other content). */
export async function findH5pState(db: Database, ctx: LearningContext, lessonId: string, contentId: string): Promise<string | null> {
	const row = await db
		.selectFrom('h5pUserState')
		.select('state')
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lessonId)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.where('contentId', '=', contentId)
		.executeTakeFirst();
	return row?.state ?? null;
}

/** Keeps (or, with null, forgets) the learner's state; one row per learner, activity and context. */
export async function saveH5pState(
	trx: Transaction<DB>,
	ctx: LearningContext,
	lesson: { id: string; contentId: string },
	state: string | null,
	now: Date
): Promise<void> {
	if (state === null) {
		await trx
			.deleteFrom('h5pUserState')
			.where('userId', '=', ctx.userId)
			.where('lessonId', '=', lesson.id)
			.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
			.execute();
		return;
	}
	await trx
		.insertInto('h5pUserState')
		.values({ userId: ctx.userId, lessonId: lesson.id, cohortId: ctx.cohortId, contentId: lesson.contentId, state, updatedAt: now })
		.onConflict((oc) =>
			oc.constraint('h5p_user_state_unique').doUpdateSet((eb) => ({
				contentId: eb.ref('excluded.contentId'),
				state: eb.ref('excluded.state'),
				updatedAt: eb.ref('excluded.updatedAt')
			}))
		)
		.execute();
}

export type StateAnswer = { status: 200; body: { saved: boolean } } | { status: 400 | 401 | 403 | 404 | 413; body: { message: string } };

/**
 * The state endpoint's work (`POST /courses/<course>/<lesson>/h5p/state`, JSON): from our own
 * pages only (Origin), a signed-in reader who may read the lesson now, an H5P lesson with
 * playable content. Staff reading a cohort's course keep no records: `saved: false`.
 */
export async function receiveState(
	db: Database,
	actor: Actor | null | undefined,
	where: { courseSlug: string; lessonSlug: string },
	body: string,
	request: { origin: string; requestOrigin: string | null; now?: Date; cache?: ContentCache }
): Promise<StateAnswer> {
	const now = request.now ?? new Date();
	const no = (status: 400 | 401 | 403 | 404 | 413, message: string) => ({ status, body: { message } });
	if (request.requestOrigin !== request.origin) return no(403, 'error_h5p_state_origin');
	if (!actor) return no(401, 'error_h5p_state_signed_out');
	let page;
	try {
		page = await readLesson(db, where.courseSlug, where.lessonSlug, actor, now, request.cache);
	} catch (e) {
		if (e instanceof DomainError) return no(404, 'error_h5p_not_found');
		throw e;
	}
	if (!page.view) return no(404, 'error_h5p_not_found');
	const course = page.view.course;
	const lesson = await findH5pLesson(db, course.id, where.lessonSlug);
	if (!lesson?.settings) return no(404, 'error_h5p_not_found');
	const parsed = parseStateBody(body);
	if (!parsed.ok) return no(parsed.status, parsed.key);
	const contentId = lesson.settings.contentId;
	const saved = await db.transaction().execute(async (trx) => {
		const ctx = await progressContext(trx, actor, course);
		if (!ctx) return false;
		await saveH5pState(trx, ctx, { id: lesson.id, contentId }, parsed.state, now);
		return true;
	});
	return { status: 200, body: { saved } };
}
