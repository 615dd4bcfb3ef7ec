import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import { consume, type Rule } from '../auth/rate-limit';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../errors';
import { MAX_HIDE_REASON, MAX_REPORT_REASON, MIN_REPORT_REASON } from '../../schemas/networks';
import { assertManagesNetwork, type NetworkActor } from './networks';
import { canSeeProfile, relationTo } from './visibility';

/**
 * Reports and hiding (docs/directory.md). Anyone signed in may report a profile they can see;
 * the moderators of the networks the person belongs to (and administrators) see open reports
 * and may hide the profile, which then disappears from search and from its page for everyone
 * but its owner and those moderators (visibility.ts), or dismiss the report.
 */

export const REPORT_RULE: Rule = { name: 'directory:report', limit: 10, windowSeconds: 24 * 60 * 60 };

/** The same answer for a profile that does not exist and one the reporter may not see. */
const notFound = () => new NotFoundError('error_net_profile_not_found');

/** The profile's name for the report form, if the person may see (and so report) it. */
export async function findReportableProfile(db: Database, reporterId: string, profileUserId: string) {
	if (reporterId === profileUserId) return undefined;
	const profile = await db
		.selectFrom('directoryProfile')
		.select(['userId', 'displayName', 'visibility', 'hiddenAt', 'ownerActive'])
		.where('userId', '=', profileUserId)
		.executeTakeFirst();
	if (!profile || !canSeeProfile(profile, await relationTo(db, reporterId, profileUserId))) return undefined;
	return { userId: profile.userId, displayName: profile.displayName };
}

export async function reportProfile(db: Database, reporterId: string, profileUserId: string, reason: string) {
	const text = reason.trim();
	if (text.length < MIN_REPORT_REASON) throw new ValidationError('reason', 'error_net_report_reason_short');
	if (text.length > MAX_REPORT_REASON) throw new ValidationError('reason', 'error_too_long');
	if (reporterId === profileUserId) throw new ConflictError('error_net_report_self');
	const profile = await db.selectFrom('directoryProfile').select(['visibility', 'hiddenAt', 'ownerActive']).where('userId', '=', profileUserId).executeTakeFirst();
	if (!profile || !canSeeProfile(profile, await relationTo(db, reporterId, profileUserId))) throw notFound();
	const open = await db
		.selectFrom('profileReport')
		.select('id')
		.where('profileUserId', '=', profileUserId)
		.where('reporterId', '=', reporterId)
		.where('resolvedAt', 'is', null)
		.executeTakeFirst();
	if (open) throw new ConflictError('error_net_report_already');
	await consume(db, REPORT_RULE, reporterId);
	return db
		.insertInto('profileReport')
		.values({ profileUserId, reporterId, reason: text })
		.returning('id')
		.executeTakeFirstOrThrow();
}

/** Administrators, and moderators of a network the person is a member of. */
async function assertModerates(db: Database, actor: NetworkActor, profileUserId: string) {
	if (actor.role === 'admin') return;
	if (actor.id === profileUserId) throw new ForbiddenError('error_net_not_moderator');
	if (!(await relationTo(db, actor.id, profileUserId)).moderator) throw new ForbiddenError('error_net_not_moderator');
}

export async function hideProfile(db: Database, actor: NetworkActor, profileUserId: string, reason: string) {
	await assertModerates(db, actor, profileUserId);
	const text = reason.trim();
	if (!text) throw new ValidationError('reason', 'error_required');
	if (text.length > MAX_HIDE_REASON) throw new ValidationError('reason', 'error_too_long');
	const hidden = await db
		.updateTable('directoryProfile')
		.set({ hiddenAt: sql`now()`, hiddenBy: actor.id, hiddenReason: text, updatedAt: sql`now()` })
		.where('userId', '=', profileUserId)
		.executeTakeFirst();
	if (!hidden.numUpdatedRows) throw notFound();
	await db
		.updateTable('profileReport')
		.set({ resolvedAt: sql`now()`, resolvedBy: actor.id, resolution: 'hidden' })
		.where('profileUserId', '=', profileUserId)
		.where('resolvedAt', 'is', null)
		.execute();
}

export async function unhideProfile(db: Database, actor: NetworkActor, profileUserId: string) {
	await assertModerates(db, actor, profileUserId);
	const shown = await db
		.updateTable('directoryProfile')
		.set({ hiddenAt: null, hiddenBy: null, hiddenReason: null, updatedAt: sql`now()` })
		.where('userId', '=', profileUserId)
		.where('hiddenAt', 'is not', null)
		.executeTakeFirst();
	if (!shown.numUpdatedRows) throw notFound();
}

export async function dismissReport(db: Database, actor: NetworkActor, reportId: string) {
	const report = await db.selectFrom('profileReport').select(['profileUserId']).where('id', '=', reportId).where('resolvedAt', 'is', null).executeTakeFirst();
	if (!report) throw new NotFoundError('error_net_report_not_found');
	await assertModerates(db, actor, report.profileUserId);
	await db
		.updateTable('profileReport')
		.set({ resolvedAt: sql`now()`, resolvedBy: actor.id, resolution: 'dismissed' })
		.where('id', '=', reportId)
		.execute();
}

/**
 * For a network's moderators: its members' profiles with open reports (oldest first), and its
 * members' hidden profiles. Reporters are not named, so reporting is safe.
 */
export async function listModerationQueue(db: Database, actor: NetworkActor, networkId: string) {
	await assertManagesNetwork(db, actor, networkId);
	const rows = await db
		.selectFrom('directoryProfile as p')
		.innerJoin('networkMember as nm', 'nm.userId', 'p.userId')
		.select((eb) => [
			'p.userId',
			'p.displayName',
			'p.hiddenAt',
			'p.hiddenReason',
			jsonArrayFrom(
				eb
					.selectFrom('profileReport as r')
					.select(['r.id', 'r.reason', 'r.createdAt'])
					.whereRef('r.profileUserId', '=', 'p.userId')
					.where('r.resolvedAt', 'is', null)
					.orderBy('r.createdAt')
			).as('reports')
		])
		.where('nm.networkId', '=', networkId)
		.where('nm.status', '=', 'member')
		.where((eb) =>
			eb.or([
				eb('p.hiddenAt', 'is not', null),
				eb.exists(eb.selectFrom('profileReport as r').select('r.id').whereRef('r.profileUserId', '=', 'p.userId').where('r.resolvedAt', 'is', null))
			])
		)
		.orderBy('p.displayName')
		.execute();
	const withDates = rows.map((r) => ({ ...r, reports: r.reports.map((x) => ({ ...x, createdAt: new Date(x.createdAt) })) }));
	return {
		reported: withDates.filter((r) => r.reports.length > 0),
		hidden: withDates.filter((r) => r.hiddenAt !== null)
	};
}
