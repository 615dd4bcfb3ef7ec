import { describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import {
	addLink,
	addModerator,
	createNetwork,
	deleteNetwork,
	getNetworkPage,
	listLinks,
	listModerators,
	listNetworks,
	listNetworksFor,
	removeLink,
	removeModerator,
	updateNetwork
} from '../../../src/lib/server/directory/networks';
import {
	acceptInvitation,
	approveRequest,
	cancelInvitation,
	declineInvitation,
	declineRequest,
	inviteToNetwork,
	joinNetworksOnCompletion,
	leaveNetwork,
	listMemberships,
	removeMember,
	requestMembership,
	withdrawRequest
} from '../../../src/lib/server/directory/network-membership';
import { importTestCourse, mailsTo, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { join, makeNetwork } from './network-fixtures';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const admin = { ...(await makePerson(db, { role: 'admin' })), role: 'admin' as const };
const ORIGIN = 'https://bilim.test';

const statusOf = async (networkId: string, userId: string) =>
	(await db.selectFrom('networkMember').select(['status', 'source']).where('networkId', '=', networkId).where('userId', '=', userId).executeTakeFirst()) ?? null;
const hasProfile = async (userId: string) =>
	Boolean(await db.selectFrom('directoryProfile').select('userId').where('userId', '=', userId).executeTakeFirst());

describe('administering networks', () => {
	it('creates, lists, edits and deletes a network; the address is unique', async () => {
		const created = await createNetwork(db, admin.id, { name: 'Regional CSO climate network', slug: 'cso-climate', description: '**CSOs**' });
		await expect(createNetwork(db, admin.id, { name: 'Other', slug: 'cso-climate', description: '' })).rejects.toThrow(ValidationError);
		await updateNetwork(db, created.id, { name: 'CSO climate network', slug: 'cso-climate-network', description: '' });
		const listed = (await listNetworks(db)).find((n) => n.id === created.id);
		expect(listed).toMatchObject({ name: 'CSO climate network', slug: 'cso-climate-network', memberCount: 0, requestCount: 0, moderatorCount: 0 });
		await deleteNetwork(db, created.id);
		await expect(deleteNetwork(db, created.id)).rejects.toThrow(NotFoundError);
		await expect(updateNetwork(db, created.id, { name: 'x', slug: 'x', description: '' })).rejects.toThrow(NotFoundError);
	});

	it('names moderators by their account email, once each', async () => {
		const mod = await makePerson(db);
		const network = await makeNetwork(db, admin.id);
		await addModerator(db, network.id, ` ${mod.email.toUpperCase()} `);
		await expect(addModerator(db, network.id, mod.email)).rejects.toMatchObject({ field: 'email', message: 'error_net_moderator_already' });
		await expect(addModerator(db, network.id, 'nobody@example.org')).rejects.toMatchObject({ message: 'error_net_no_account' });
		expect((await listModerators(db, network.id)).map((m) => m.id)).toEqual([mod.id]);
		await removeModerator(db, network.id, mod.id);
		await expect(removeModerator(db, network.id, mod.id)).rejects.toThrow(NotFoundError);
	});

	it('links courses and cohorts, each once', async () => {
		const course = await importTestCourse(db, 'net-links-course', 'cohort');
		const cohort = await makeCohort(db, course.id, { name: 'Spring 2026' });
		const network = await makeNetwork(db, admin.id);
		await addLink(db, network.id, { courseId: course.id, cohortId: null });
		const link = await addLink(db, network.id, { courseId: null, cohortId: cohort.id });
		await expect(addLink(db, network.id, { courseId: course.id, cohortId: null })).rejects.toMatchObject({ message: 'error_net_link_exists' });
		await expect(addLink(db, network.id, { courseId: null, cohortId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({
			message: 'error_net_link_target_unknown'
		});
		const links = await listLinks(db, network.id);
		expect(links).toHaveLength(2);
		expect(links.find((l) => l.cohortId)).toMatchObject({ cohortName: 'Spring 2026', cohortCourseTitle: expect.any(String) });
		await removeLink(db, network.id, link.id);
		expect(await listLinks(db, network.id)).toHaveLength(1);
	});
});

describe('membership on completion', () => {
	it('adds the learner to every network linked to the course or the cohort, opens a private profile, and respects leaving', async () => {
		const course = await importTestCourse(db, 'net-completion-course', 'cohort');
		const cohort = await makeCohort(db, course.id);
		const other = await makeCohort(db, course.id);
		const byCourse = await makeNetwork(db, admin.id);
		const byCohort = await makeNetwork(db, admin.id);
		const byBoth = await makeNetwork(db, admin.id);
		const byOtherCohort = await makeNetwork(db, admin.id);
		await addLink(db, byCourse.id, { courseId: course.id, cohortId: null });
		await addLink(db, byCohort.id, { courseId: null, cohortId: cohort.id });
		await addLink(db, byBoth.id, { courseId: course.id, cohortId: null });
		await addLink(db, byBoth.id, { courseId: null, cohortId: cohort.id });
		await addLink(db, byOtherCohort.id, { courseId: null, cohortId: other.id });

		const learner = await makePerson(db);
		const joined = await db.transaction().execute((trx) => joinNetworksOnCompletion(trx, { userId: learner.id, courseId: course.id, cohortId: cohort.id }));
		expect(joined.sort()).toEqual([byCourse.id, byCohort.id, byBoth.id].sort());
		expect(await statusOf(byCourse.id, learner.id)).toEqual({ status: 'member', source: 'completion' });
		expect(await statusOf(byOtherCohort.id, learner.id)).toBeNull();
		const profile = await db.selectFrom('directoryProfile').selectAll().where('userId', '=', learner.id).executeTakeFirstOrThrow();
		expect(profile).toMatchObject({ visibility: 'networks', telegramVisibility: 'self', contactEmailVisibility: 'self' });

		// Someone who left is not added back; a pending request becomes membership.
		await leaveNetwork(db, learner.id, byCourse.id);
		const again = await db.transaction().execute((trx) => joinNetworksOnCompletion(trx, { userId: learner.id, courseId: course.id, cohortId: null }));
		expect(again).toEqual([]);
		expect((await statusOf(byCourse.id, learner.id))?.status).toBe('left');

		const asker = await makePerson(db);
		await db.transaction().execute((trx) => requestMembership(trx, asker.id, byCourse.id, 'Hello'));
		await db.transaction().execute((trx) => joinNetworksOnCompletion(trx, { userId: asker.id, courseId: course.id, cohortId: null }));
		expect(await statusOf(byCourse.id, asker.id)).toEqual({ status: 'member', source: 'completion' });
	});

	it('does nothing (and opens no profile) when nothing is linked', async () => {
		const course = await importTestCourse(db, 'net-unlinked-course', 'open');
		const learner = await makePerson(db);
		expect(await db.transaction().execute((trx) => joinNetworksOnCompletion(trx, { userId: learner.id, courseId: course.id, cohortId: null }))).toEqual([]);
		expect(await hasProfile(learner.id)).toBe(false);
	});
});

describe('membership by request', () => {
	it('asks with a message; a moderator approves (mail in the person’s language) or declines; the person may withdraw', async () => {
		const mod = await makePerson(db);
		const network = await makeNetwork(db, admin.id, mod.email);
		const modActor = { id: mod.id, role: mod.role };
		const asker = await makePerson(db, { locale: 'ru' });

		expect(await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, 'I studied IWRM in Khujand'))).toBe('requested');
		await expect(db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''))).rejects.toThrow(ConflictError);
		const queue = await listMemberships(db, modActor, network.id);
		expect(queue.requests).toEqual([expect.objectContaining({ userId: asker.id, message: 'I studied IWRM in Khujand' })]);
		expect(queue.requests[0]).not.toHaveProperty('email');

		await withdrawRequest(db, asker.id, network.id);
		expect(await statusOf(network.id, asker.id)).toBeNull();
		await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''));
		await declineRequest(db, modActor, network.id, asker.id);
		expect(await statusOf(network.id, asker.id)).toBeNull();

		await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''));
		expect(await hasProfile(asker.id)).toBe(false);
		await db.transaction().execute((trx) => approveRequest(trx, modActor, network.id, asker.id, ORIGIN));
		expect(await statusOf(network.id, asker.id)).toEqual({ status: 'member', source: 'request' });
		expect(await hasProfile(asker.id)).toBe(true);
		const mail = (await mailsTo(db, asker.email)).at(-1)!;
		expect(mail).toMatchObject({ kind: 'network_approved', locale: 'ru' });
		expect(mail.bodyText).toContain(`${ORIGIN}/networks/`);

		await expect(db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''))).rejects.toMatchObject({
			message: 'error_net_already_member'
		});
		await leaveNetwork(db, asker.id, network.id);
		expect(await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, 'Back'))).toBe('requested');
	});

	it('lets only the network’s moderators and administrators decide', async () => {
		const mod = await makePerson(db);
		const network = await makeNetwork(db, admin.id, mod.email);
		const otherMod = await makePerson(db);
		await makeNetwork(db, admin.id, otherMod.email);
		const member = await makePerson(db);
		await join(db, admin, network.id, member.id);
		const asker = await makePerson(db);
		await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''));

		for (const actor of [{ id: member.id, role: member.role }, { id: otherMod.id, role: otherMod.role }, { id: asker.id, role: asker.role }]) {
			await expect(db.transaction().execute((trx) => approveRequest(trx, actor, network.id, asker.id, ORIGIN))).rejects.toThrow(ForbiddenError);
			await expect(declineRequest(db, actor, network.id, asker.id)).rejects.toThrow(ForbiddenError);
			await expect(listMemberships(db, actor, network.id)).rejects.toThrow(ForbiddenError);
			await expect(removeMember(db, actor, network.id, member.id)).rejects.toThrow(ForbiddenError);
			await expect(db.transaction().execute((trx) => inviteToNetwork(trx, actor, network.id, asker.email, ORIGIN))).rejects.toThrow(ForbiddenError);
		}
		expect((await statusOf(network.id, asker.id))?.status).toBe('requested');
		await removeMember(db, admin, network.id, member.id);
		expect(await statusOf(network.id, member.id)).toBeNull();
	});
});

describe('membership by invitation', () => {
	it('invites an existing account by email (mail through the outbox); the person accepts or declines', async () => {
		const mod = await makePerson(db);
		const network = await makeNetwork(db, admin.id, mod.email);
		const modActor = { id: mod.id, role: mod.role };
		const guest = await makePerson(db);

		expect(await db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, guest.email.toUpperCase(), ORIGIN))).toMatchObject({ status: 'invited' });
		await expect(db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, guest.email, ORIGIN))).rejects.toMatchObject({
			field: 'email',
			message: 'error_net_invite_already'
		});
		await expect(db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, 'ghost@example.org', ORIGIN))).rejects.toMatchObject({
			field: 'email',
			message: 'error_net_no_account'
		});
		const mail = (await mailsTo(db, guest.email)).at(-1)!;
		expect(mail.kind).toBe('network_invitation');
		expect(mail.bodyText).toContain(mod.name);

		await declineInvitation(db, guest.id, network.id);
		expect(await statusOf(network.id, guest.id)).toBeNull();
		await expect(declineInvitation(db, guest.id, network.id)).rejects.toThrow(NotFoundError);

		await db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, guest.email, ORIGIN));
		await db.transaction().execute((trx) => acceptInvitation(trx, guest.id, network.id));
		expect(await statusOf(network.id, guest.id)).toEqual({ status: 'member', source: 'invitation' });
		expect(await hasProfile(guest.id)).toBe(true);
		await expect(db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, guest.email, ORIGIN))).rejects.toMatchObject({
			message: 'error_net_invite_member'
		});

		// A moderator can withdraw an unanswered invitation; asking while invited accepts it.
		const second = await makePerson(db);
		await db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, second.email, ORIGIN));
		await cancelInvitation(db, modActor, network.id, second.id);
		await expect(db.transaction().execute((trx) => acceptInvitation(trx, second.id, network.id))).rejects.toThrow(NotFoundError);
		await db.transaction().execute((trx) => inviteToNetwork(trx, modActor, network.id, second.email, ORIGIN));
		expect(await db.transaction().execute((trx) => requestMembership(trx, second.id, network.id, ''))).toBe('member');
	});

	it('inviting someone who asked approves them', async () => {
		const network = await makeNetwork(db, admin.id);
		const asker = await makePerson(db);
		await db.transaction().execute((trx) => requestMembership(trx, asker.id, network.id, ''));
		expect(await db.transaction().execute((trx) => inviteToNetwork(trx, admin, network.id, asker.email, ORIGIN))).toMatchObject({ status: 'member' });
		expect((await statusOf(network.id, asker.id))?.status).toBe('member');
	});
});

describe('what a person sees of a network', () => {
	it('shows members only to members and moderators, through the profile visibility rule', async () => {
		const mod = await makePerson(db);
		const network = await makeNetwork(db, admin.id, mod.email);
		const [a, b, outsider] = [await makePerson(db), await makePerson(db), await makePerson(db)];
		await join(db, admin, network.id, a.id);
		await join(db, admin, network.id, b.id);
		await db.updateTable('directoryProfile').set({ hiddenAt: new Date(), hiddenReason: 'spam' }).where('userId', '=', b.id).execute();
		const slug = (await db.selectFrom('network').select('slug').where('id', '=', network.id).executeTakeFirstOrThrow()).slug;

		const asOutsider = await getNetworkPage(db, { id: outsider.id, role: 'learner' }, slug);
		expect(asOutsider).toMatchObject({ seesMembers: false, members: [], memberCount: 2, manages: false, membership: null });
		const asMember = await getNetworkPage(db, { id: a.id, role: 'learner' }, slug);
		expect(asMember.members.map((p) => p.userId)).toEqual([a.id]); // b is hidden
		const asModerator = await getNetworkPage(db, { id: mod.id, role: mod.role }, slug);
		expect(asModerator.manages).toBe(true);
		expect(asModerator.members.map((p) => p.userId).sort()).toEqual([a.id, b.id].sort()); // moderators see hidden profiles

		const mine = (await listNetworksFor(db, a.id)).find((n) => n.id === network.id);
		expect(mine).toMatchObject({ status: 'member', moderator: false, memberCount: 2 });
		await expect(getNetworkPage(db, { id: a.id, role: 'learner' }, 'no-such-network')).rejects.toThrow(NotFoundError);
	});
});
