import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError, ValidationError } from '../../../src/lib/server/errors';
import {
	REPORT_RULE,
	dismissReport,
	findReportableProfile,
	hideProfile,
	listModerationQueue,
	reportProfile,
	unhideProfile
} from '../../../src/lib/server/directory/moderation';
import { ensureProfile } from '../../../src/lib/server/directory/profile-core';
import { profileVisibleTo } from '../../../src/lib/server/directory/visibility';
import { makePerson } from '../cohorts/enrolment-fixtures';
import { join, makeNetwork } from './network-fixtures';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const admin = { ...(await makePerson(db, { role: 'admin' })), role: 'admin' as const };

/** A network with a moderator and two members (the reporter and the reported). */
async function scene() {
	const mod = await makePerson(db);
	const network = await makeNetwork(db, admin.id, mod.email);
	const reporter = await makePerson(db);
	const reported = await makePerson(db);
	await join(db, admin, network.id, reporter.id);
	await join(db, admin, network.id, reported.id);
	return { network, mod: { id: mod.id, role: mod.role }, reporter, reported };
}

const visibleTo = async (viewerId: string | null, userId: string) =>
	Boolean(
		await db
			.selectFrom('directoryProfile as p')
			.select(sql`1`.as('one'))
			.where('p.userId', '=', userId)
			.where(profileVisibleTo(viewerId))
			.executeTakeFirst()
	);

describe('reporting a profile', () => {
	it('goes to the moderators of the person’s networks, without naming the reporter', async () => {
		const { network, mod, reporter, reported } = await scene();
		expect(await findReportableProfile(db, reporter.id, reported.id)).toMatchObject({ userId: reported.id });
		await reportProfile(db, reporter.id, reported.id, '  Advertises a paid course  ');
		await expect(reportProfile(db, reporter.id, reported.id, 'Again')).rejects.toMatchObject({ message: 'error_net_report_already' });
		const queue = await listModerationQueue(db, mod, network.id);
		expect(queue.reported).toHaveLength(1);
		expect(queue.reported[0]).toMatchObject({ userId: reported.id, hiddenAt: null });
		expect(queue.reported[0]!.reports).toEqual([{ id: expect.any(String), reason: 'Advertises a paid course', createdAt: expect.any(Date) }]);
		expect(JSON.stringify(queue)).not.toContain(reporter.id);
		expect(queue.hidden).toEqual([]);
	});

	it('refuses one’s own profile, a reason too short, and a profile the reporter may not see (as if it did not exist)', async () => {
		const { reporter, reported } = await scene();
		await expect(reportProfile(db, reporter.id, reporter.id, 'Myself')).rejects.toThrow(ConflictError);
		await expect(reportProfile(db, reporter.id, reported.id, 'no')).rejects.toThrow(ValidationError);
		const stranger = await makePerson(db);
		await expect(reportProfile(db, stranger.id, reported.id, 'Looks fake')).rejects.toMatchObject({ message: 'error_net_profile_not_found' });
		await expect(reportProfile(db, reporter.id, '00000000-0000-4000-8000-000000000000', 'Looks fake')).rejects.toThrow(NotFoundError);
		expect(await findReportableProfile(db, stranger.id, reported.id)).toBeUndefined();
		// A public profile can be reported by anyone signed in.
		await db.updateTable('directoryProfile').set({ visibility: 'public' }).where('userId', '=', reported.id).execute();
		await reportProfile(db, stranger.id, reported.id, 'Looks fake');
	});

	it('is limited to 10 a day per reporter', async () => {
		const reporter = await makePerson(db);
		const targets = await Promise.all(Array.from({ length: REPORT_RULE.limit + 1 }, () => makePerson(db)));
		for (const t of targets) {
			await ensureProfile(db, t.id);
			await db.updateTable('directoryProfile').set({ visibility: 'public' }).where('userId', '=', t.id).execute();
		}
		for (const t of targets.slice(0, REPORT_RULE.limit)) await reportProfile(db, reporter.id, t.id, 'Spam profile');
		await expect(reportProfile(db, reporter.id, targets.at(-1)!.id, 'Spam profile')).rejects.toThrow(RateLimitError);
	});
});

describe('hiding a profile', () => {
	it('resolves its open reports and takes it out of every list but its owner’s and its moderators’; showing it again brings it back', async () => {
		const { network, mod, reporter, reported } = await scene();
		await reportProfile(db, reporter.id, reported.id, 'Offensive bio');
		expect(await visibleTo(reporter.id, reported.id)).toBe(true);

		await expect(hideProfile(db, mod, reported.id, '')).rejects.toThrow(ValidationError);
		await hideProfile(db, mod, reported.id, 'Offensive bio');
		expect(await visibleTo(reporter.id, reported.id)).toBe(false);
		expect(await visibleTo(reported.id, reported.id)).toBe(true);
		expect(await visibleTo(mod.id, reported.id)).toBe(true);
		const report = await db.selectFrom('profileReport').select(['resolution', 'resolvedBy']).where('profileUserId', '=', reported.id).executeTakeFirstOrThrow();
		expect(report).toEqual({ resolution: 'hidden', resolvedBy: mod.id });
		const queue = await listModerationQueue(db, mod, network.id);
		expect(queue.reported).toEqual([]);
		expect(queue.hidden).toEqual([expect.objectContaining({ userId: reported.id, hiddenReason: 'Offensive bio' })]);
		// A hidden profile cannot be reported by those who no longer see it.
		await expect(reportProfile(db, reporter.id, reported.id, 'Still there?')).rejects.toThrow(NotFoundError);

		await unhideProfile(db, mod, reported.id);
		expect(await visibleTo(reporter.id, reported.id)).toBe(true);
		await expect(unhideProfile(db, mod, reported.id)).rejects.toThrow(NotFoundError);
	});

	it('dismissing a report leaves the profile as it is', async () => {
		const { network, mod, reporter, reported } = await scene();
		const { id } = await reportProfile(db, reporter.id, reported.id, 'I do not like it');
		await dismissReport(db, mod, id);
		await expect(dismissReport(db, mod, id)).rejects.toThrow(NotFoundError);
		expect((await listModerationQueue(db, mod, network.id)).reported).toEqual([]);
		expect(await visibleTo(reporter.id, reported.id)).toBe(true);
	});

	it('only moderators of the person’s networks and administrators may act', async () => {
		const { network, reporter, reported } = await scene();
		const { id } = await reportProfile(db, reporter.id, reported.id, 'Fake account');
		const elsewhere = await makePerson(db);
		await makeNetwork(db, admin.id, elsewhere.email);
		for (const actor of [
			{ id: reporter.id, role: reporter.role },
			{ id: elsewhere.id, role: elsewhere.role },
			{ id: reported.id, role: reported.role }
		]) {
			await expect(hideProfile(db, actor, reported.id, 'x')).rejects.toThrow(ForbiddenError);
			await expect(dismissReport(db, actor, id)).rejects.toThrow(ForbiddenError);
			await expect(listModerationQueue(db, actor, network.id)).rejects.toThrow(ForbiddenError);
		}
		await hideProfile(db, admin, reported.id, 'Fake account');
		await unhideProfile(db, admin, reported.id);
	});
});
