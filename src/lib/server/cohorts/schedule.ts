import type { Transaction } from 'kysely';
import { zonedLocalToUtc } from '../../datetime';
import { sessionProblems, MAX_NAME, MAX_PLACE, MAX_URL, type SessionInput } from '../../schemas/cohort-admin';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { lockManagedCohort } from './cohorts';

/**
 * A cohort's calendar: when each module of its course opens (drip release) and its live
 * sessions. Times are typed as wall-clock time in the cohort's zone and stored as instants.
 */

type Who = Actor | null | undefined;

/** The course's modules in order, each with its release instant for this cohort (or null). */
export async function listModuleReleases(db: Database, cohortId: string, courseId: string) {
	return db
		.selectFrom('courseModule')
		.leftJoin('cohortModuleRelease', (join) =>
			join.onRef('cohortModuleRelease.moduleId', '=', 'courseModule.id').on('cohortModuleRelease.cohortId', '=', cohortId)
		)
		.select(['courseModule.id', 'courseModule.title', 'courseModule.position', 'cohortModuleRelease.opensAt'])
		.where('courseModule.courseId', '=', courseId)
		.orderBy('courseModule.position')
		.execute();
}

/**
 * Sets every module's release date at once: `releases` maps a module id to a datetime-local
 * value in the cohort's zone, or to '' for "no date" (open from the start). Modules not
 * named keep no date. A module of another course is refused.
 */
export async function setModuleReleases(trx: Transaction<DB>, actor: Who, slug: string, releases: Record<string, string>) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const modules = new Set(
		(await trx.selectFrom('courseModule').select('id').where('courseId', '=', cohort.courseId).execute()).map((m) => m.id)
	);
	const rows: { cohortId: string; moduleId: string; opensAt: Date }[] = [];
	for (const [moduleId, raw] of Object.entries(releases)) {
		if (!modules.has(moduleId)) throw new NotFoundError('error_module_not_found');
		const local = raw.trim().replace(/^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}):\d{2}(\.\d+)?$/, '$1');
		if (!local) continue;
		const opensAt = zonedLocalToUtc(local, cohort.timeZone);
		if (!opensAt) throw new ValidationError(`release-${moduleId}`, 'error_datetime_invalid');
		rows.push({ cohortId: cohort.id, moduleId, opensAt });
	}
	await trx.deleteFrom('cohortModuleRelease').where('cohortId', '=', cohort.id).execute();
	if (rows.length) await trx.insertInto('cohortModuleRelease').values(rows).execute();
}

export async function listSessions(db: Database, cohortId: string) {
	return db
		.selectFrom('cohortSession')
		.select(['id', 'title', 'description', 'kind', 'url', 'place', 'startsAt', 'endsAt'])
		.where('cohortId', '=', cohortId)
		.orderBy('startsAt')
		.orderBy('title')
		.execute();
}

/** The session's columns from a form's values, with the rules between them checked. */
function sessionValues(input: SessionInput, timeZone: string) {
	const title = input.title.trim();
	if (!title) throw new ValidationError('title', 'error_required');
	if (title.length > MAX_NAME) throw new ValidationError('title', 'error_too_long');
	if (input.url.length > MAX_URL) throw new ValidationError('url', 'error_too_long');
	if (input.place.length > MAX_PLACE) throw new ValidationError('place', 'error_too_long');
	if (input.kind !== 'online' && input.kind !== 'in_person') throw new ValidationError('kind', 'error_session_kind_unknown');
	const problem = sessionProblems(input)[0];
	if (problem) throw new ValidationError(problem.field, problem.key);
	const startsAt = zonedLocalToUtc(input.startsAt, timeZone);
	if (!startsAt) throw new ValidationError('startsAt', 'error_datetime_invalid');
	const endsAt = zonedLocalToUtc(input.endsAt, timeZone);
	if (!endsAt) throw new ValidationError('endsAt', 'error_datetime_invalid');
	// Across a daylight-saving change wall-clock order and real order can differ.
	if (endsAt <= startsAt) throw new ValidationError('endsAt', 'error_session_ends_before_start');
	return {
		title,
		description: input.description,
		kind: input.kind,
		url: input.kind === 'online' ? input.url : null,
		place: input.kind === 'in_person' ? input.place.trim() : null,
		startsAt,
		endsAt
	};
}

export async function createSession(trx: Transaction<DB>, actor: Who, slug: string, input: SessionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	return trx
		.insertInto('cohortSession')
		.values({ cohortId: cohort.id, ...sessionValues(input, cohort.timeZone) })
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function updateSession(trx: Transaction<DB>, actor: Who, slug: string, sessionId: string, input: SessionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx
		.updateTable('cohortSession')
		.set(sessionValues(input, cohort.timeZone))
		.where('id', '=', sessionId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!result.numUpdatedRows) throw new NotFoundError('error_session_not_found');
}

export async function deleteSession(trx: Transaction<DB>, actor: Who, slug: string, sessionId: string) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx.deleteFrom('cohortSession').where('id', '=', sessionId).where('cohortId', '=', cohort.id).executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_session_not_found');
}
