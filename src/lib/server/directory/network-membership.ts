import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { queueMail } from '../mail/outbox';
import { networkApprovedMail, networkInvitationMail } from './network-mail';
import { assertManagesNetwork, getNetwork, type NetworkActor } from './networks';
import { ensureProfile } from './profile-core';

/**
 * Joining and leaving a network (docs/directory.md). A person becomes a member
 * - automatically, on completing a course or cohort linked to the network (unless they left it);
 * - by request (with a short message), approved by a moderator;
 * - by invitation from a moderator, which they accept.
 * They can leave at any time ('left': completion does not add them back; they may ask again).
 * Becoming a member opens their directory profile (private by default).
 */

/**
 * The course-completed event's listener, in the completion's transaction: the learner becomes
 * a member of every network linked to the course or to the cohort, unless they left it.
 * A pending request or invitation turns into membership. Returns the networks joined now.
 */
export async function joinNetworksOnCompletion(
	trx: Transaction<DB>,
	event: { userId: string; courseId: string; cohortId: string | null }
): Promise<string[]> {
	const joined = await trx
		.insertInto('networkMember')
		.columns(['networkId', 'userId', 'status', 'source', 'joinedAt'])
		.expression((eb) =>
			eb
				.selectFrom('networkLink as l')
				.select(['l.networkId', sql<string>`${event.userId}::uuid`.as('userId'), sql<string>`'member'`.as('status'), sql<string>`'completion'`.as('source'), sql<Date>`now()`.as('joinedAt')])
				.where((w) => {
					const onCourse = w('l.courseId', '=', event.courseId);
					return event.cohortId ? w.or([onCourse, w('l.cohortId', '=', event.cohortId)]) : onCourse;
				})
				.distinct()
		)
		.onConflict((oc) =>
			oc
				.columns(['networkId', 'userId'])
				.doUpdateSet({ status: 'member', source: 'completion', joinedAt: sql`now()`, updatedAt: sql`now()` })
				.where('networkMember.status', 'in', ['requested', 'invited'])
		)
		.returning('networkId')
		.execute();
	if (joined.length > 0) await ensureProfile(trx, event.userId);
	return joined.map((j) => j.networkId);
}

async function findMembership(db: Database, networkId: string, userId: string) {
	return db.selectFrom('networkMember').select(['status', 'source']).where('networkId', '=', networkId).where('userId', '=', userId).executeTakeFirst();
}

/**
 * Asks to join, with an optional message for the moderators. An open invitation is accepted
 * instead; someone who left may ask again.
 */
export async function requestMembership(trx: Transaction<DB>, userId: string, networkId: string, message: string) {
	await getNetwork(trx, networkId);
	const current = await findMembership(trx, networkId, userId);
	if (current?.status === 'member') throw new ConflictError('error_net_already_member');
	if (current?.status === 'requested') throw new ConflictError('error_net_already_requested');
	if (current?.status === 'invited') {
		await acceptInvitation(trx, userId, networkId);
		return 'member' as const;
	}
	if (message.length > 500) throw new ValidationError('message', 'error_too_long');
	await trx
		.insertInto('networkMember')
		.values({ networkId, userId, status: 'requested', source: 'request', message: message || null })
		.onConflict((oc) =>
			// Only over a 'left' row: a concurrent change (approval, invitation) is never undone.
			oc
				.columns(['networkId', 'userId'])
				.doUpdateSet({ status: 'requested', source: 'request', message: message || null, joinedAt: null, updatedAt: sql`now()` })
				.where('networkMember.status', '=', 'left')
		)
		.execute();
	return 'requested' as const;
}

/** Changes the person's own row from one status to another; NotFoundError when it is not in `from`. */
async function moveOwn(db: Database, userId: string, networkId: string, from: 'requested' | 'invited' | 'member', error: string, set: 'delete' | 'left' | 'member') {
	if (set === 'delete') {
		const r = await db.deleteFrom('networkMember').where('networkId', '=', networkId).where('userId', '=', userId).where('status', '=', from).executeTakeFirst();
		if (!r.numDeletedRows) throw new NotFoundError(error);
		return;
	}
	const r = await db
		.updateTable('networkMember')
		.set(set === 'member' ? { status: 'member', joinedAt: sql`now()`, updatedAt: sql`now()` } : { status: 'left', updatedAt: sql`now()` })
		.where('networkId', '=', networkId)
		.where('userId', '=', userId)
		.where('status', '=', from)
		.executeTakeFirst();
	if (!r.numUpdatedRows) throw new NotFoundError(error);
}

export const withdrawRequest = (db: Database, userId: string, networkId: string) =>
	moveOwn(db, userId, networkId, 'requested', 'error_net_request_not_found', 'delete');

export const leaveNetwork = (db: Database, userId: string, networkId: string) =>
	moveOwn(db, userId, networkId, 'member', 'error_net_not_member', 'left');

export async function acceptInvitation(trx: Transaction<DB>, userId: string, networkId: string) {
	await moveOwn(trx, userId, networkId, 'invited', 'error_net_invitation_not_found', 'member');
	await ensureProfile(trx, userId);
}

export const declineInvitation = (db: Database, userId: string, networkId: string) =>
	moveOwn(db, userId, networkId, 'invited', 'error_net_invitation_not_found', 'delete');

// ---- Moderators --------------------------------------------------------------------------

async function recipient(db: Database, userId: string) {
	return db.selectFrom('appUser').select(['email', 'name', 'locale']).where('id', '=', userId).executeTakeFirstOrThrow();
}

/** Approves a request: the person becomes a member, and is told by mail. */
export async function approveRequest(trx: Transaction<DB>, actor: NetworkActor, networkId: string, userId: string, origin: string) {
	await assertManagesNetwork(trx, actor, networkId);
	const network = await getNetwork(trx, networkId);
	await moveOwn(trx, userId, networkId, 'requested', 'error_net_request_not_found', 'member');
	await ensureProfile(trx, userId);
	const to = await recipient(trx, userId);
	await queueMail(trx, {
		...networkApprovedMail({ name: to.name, locale: to.locale, network, origin }),
		to: { address: to.email, name: to.name, locale: to.locale }
	});
}

/** Declines a request; the person may ask again. */
export async function declineRequest(db: Database, actor: NetworkActor, networkId: string, userId: string) {
	await assertManagesNetwork(db, actor, networkId);
	await moveOwn(db, userId, networkId, 'requested', 'error_net_request_not_found', 'delete');
}

/**
 * Invites an existing account by email; the person accepts or declines on the network's page.
 * Someone who asked already is approved instead.
 */
export async function inviteToNetwork(trx: Transaction<DB>, actor: NetworkActor, networkId: string, email: string, origin: string) {
	await assertManagesNetwork(trx, actor, networkId);
	const network = await getNetwork(trx, networkId);
	const address = email.trim().toLowerCase();
	const user = await trx.selectFrom('appUser').select(['id', 'name', 'email', 'locale', 'deactivatedAt']).where('email', '=', address).executeTakeFirst();
	if (!user) throw new ValidationError('email', 'error_net_no_account', { email: address });
	if (user.deactivatedAt) throw new ValidationError('email', 'error_net_account_deactivated', { name: user.name });
	const current = await findMembership(trx, networkId, user.id);
	if (current?.status === 'member') throw new ValidationError('email', 'error_net_invite_member', { name: user.name });
	if (current?.status === 'invited') throw new ValidationError('email', 'error_net_invite_already', { name: user.name });
	if (current?.status === 'requested') {
		await approveRequest(trx, actor, networkId, user.id, origin);
		return { status: 'member' as const, name: user.name };
	}
	await trx
		.insertInto('networkMember')
		.values({ networkId, userId: user.id, status: 'invited', source: 'invitation', invitedBy: actor.id })
		.onConflict((oc) =>
			oc
				.columns(['networkId', 'userId'])
				.doUpdateSet({ status: 'invited', source: 'invitation', invitedBy: actor.id, message: null, joinedAt: null, updatedAt: sql`now()` })
				.where('networkMember.status', '=', 'left')
		)
		.execute();
	const inviter = await recipient(trx, actor.id);
	await queueMail(trx, {
		...networkInvitationMail({ name: user.name, locale: user.locale, network, origin, inviter: inviter.name }),
		to: { address: user.email, name: user.name, locale: user.locale }
	});
	return { status: 'invited' as const, name: user.name };
}

/** Withdraws an invitation not yet answered. */
export async function cancelInvitation(db: Database, actor: NetworkActor, networkId: string, userId: string) {
	await assertManagesNetwork(db, actor, networkId);
	await moveOwn(db, userId, networkId, 'invited', 'error_net_invitation_not_found', 'delete');
}

/** Removes a member (they may ask again or be invited again). */
export async function removeMember(db: Database, actor: NetworkActor, networkId: string, userId: string) {
	await assertManagesNetwork(db, actor, networkId);
	await moveOwn(db, userId, networkId, 'member', 'error_net_not_member', 'delete');
}

/**
 * What a moderator manages: requests, open invitations and members, by their accounts' names
 * (not their email addresses: a moderator's role gives no extra sight of contacts).
 */
export async function listMemberships(db: Database, actor: NetworkActor, networkId: string) {
	await assertManagesNetwork(db, actor, networkId);
	const rows = await db
		.selectFrom('networkMember as nm')
		.innerJoin('appUser as u', 'u.id', 'nm.userId')
		.select(['nm.userId', 'u.name', 'nm.status', 'nm.source', 'nm.message', 'nm.joinedAt', 'nm.createdAt', 'nm.updatedAt'])
		.where('nm.networkId', '=', networkId)
		.where('nm.status', '!=', 'left')
		.orderBy('u.name')
		.execute();
	return {
		requests: rows.filter((r) => r.status === 'requested').sort((a, b) => a.updatedAt.getTime() - b.updatedAt.getTime()),
		invitations: rows.filter((r) => r.status === 'invited'),
		members: rows.filter((r) => r.status === 'member')
	};
}
