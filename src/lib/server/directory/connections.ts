import { sql, type Transaction } from 'kysely';
import * as m from '../../paraglide/messages.js';
import type { Database } from '../db/connect';
import type { DB, Locale } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation } from '../errors';
import { consume, type Rule } from '../auth/rate-limit';
import { queueMail } from '../mail/outbox';
import { canSeeProfile, profileVisibleTo, relationTo } from './visibility';
import { ensureProfile } from './profile-core';
import { isBlockedEitherWay } from './blocks';

/**
 * Consent-based connections (docs/directory.md): one row per pair. A person asks with a short
 * message; only the addressee accepts or declines; the requester withdraws while it waits;
 * either removes an accepted one. Blocks (blocks.ts) remove every row between the two.
 *
 * Whom you may ask: someone whose profile you may see (visibility.ts decides), never yourself,
 * never across a block; a block, a hidden profile and a person who does not exist all answer
 * the same neutral 'error_conn_not_found', so a request reveals nothing.
 */

export const CONNECTION_REQUESTS: Rule = { name: 'connect:request', limit: 20, windowSeconds: 24 * 60 * 60 };
/** After a decline the requester may ask again once this has passed. */
export const ASK_AGAIN_DAYS = 30;
export const MESSAGE_MAX = 500;

export type ConnectionState = 'self' | 'none' | 'pending_sent' | 'pending_received' | 'connected' | 'blocked';

interface Person {
	id: string;
	email: string;
	locale: Locale;
	name: string;
}

/** The account and the name others know them by in the directory (their profile's, else the account's). */
function person(db: Database, userId: string) {
	return db
		.selectFrom('appUser as u')
		.leftJoin('directoryProfile as p', 'p.userId', 'u.id')
		.select(['u.id', 'u.email', 'u.locale', sql<string>`coalesce(p.display_name, u.name)`.as('name')])
		.where('u.id', '=', userId)
		.where('u.deactivatedAt', 'is', null)
		.executeTakeFirst() as Promise<Person | undefined>;
}

const pairOf = (a: string, b: string) =>
	sql<boolean>`least(requester_id, addressee_id) = least(${a}::uuid, ${b}::uuid) and greatest(requester_id, addressee_id) = greatest(${a}::uuid, ${b}::uuid)`;

export interface RequestInput {
	fromId: string;
	toId: string;
	message: string;
	/** the site's address, for the link in the mail */
	origin: string;
	now?: Date;
}

/**
 * Asks `toId` to connect. If they had already asked the sender, that request is accepted
 * instead (both have said yes). Returns the connection and its status.
 */
export async function requestConnection(trx: Transaction<DB>, input: RequestInput): Promise<{ id: string; status: 'pending' | 'accepted' }> {
	const { fromId, toId, origin } = input;
	const now = input.now ?? new Date();
	const message = input.message.trim();
	if (message.length > MESSAGE_MAX) throw new ValidationError('message', 'error_conn_message_too_long');
	if (fromId === toId) throw new ConflictError('error_conn_self');

	const [to, profile, relation] = await Promise.all([
		person(trx, toId),
		trx.selectFrom('directoryProfile').select(['visibility', 'hiddenAt', 'ownerActive']).where('userId', '=', toId).executeTakeFirst(),
		relationTo(trx, fromId, toId)
	]);
	if (!to || !profile || relation.blocked || !canSeeProfile(profile, relation)) throw new NotFoundError('error_conn_not_found');

	const existing = await trx
		.selectFrom('connection')
		.select(['id', 'requesterId', 'status', 'respondedAt'])
		.where(pairOf(fromId, toId))
		.forUpdate()
		.executeTakeFirst();
	if (existing?.status === 'accepted') throw new ConflictError('error_conn_already_connected');
	if (existing?.status === 'pending' && existing.requesterId === fromId) throw new ConflictError('error_conn_already_requested');
	if (existing?.status === 'pending') {
		await acceptConnection(trx, { userId: fromId, connectionId: existing.id, origin, now });
		return { id: existing.id, status: 'accepted' };
	}
	if (existing?.status === 'declined' && existing.requesterId === fromId) {
		const again = new Date((existing.respondedAt ?? now).getTime() + ASK_AGAIN_DAYS * 86_400_000);
		if (again > now) throw new ConflictError('error_conn_declined_recently', { date: again.toISOString().slice(0, 10) });
	}
	// Only requests that go out count towards the day's limit (a refused one rolls back with the transaction).
	await consume(trx, CONNECTION_REQUESTS, fromId);
	if (existing) await trx.deleteFrom('connection').where('id', '=', existing.id).execute();

	await ensureProfile(trx, fromId);
	let row: { id: string };
	try {
		row = await trx
			.insertInto('connection')
			.values({ requesterId: fromId, addresseeId: toId, status: 'pending', message, createdAt: now })
			.returning('id')
			.executeTakeFirstOrThrow();
	} catch (e) {
		if (isUniqueViolation(e)) throw new ConflictError('error_conn_already_requested');
		throw e;
	}
	const from = await person(trx, fromId);
	await queueMail(trx, requestMail(to, from?.name ?? '', origin));
	return { id: row.id, status: 'pending' };
}

/** A pending request to `userId`, locked; NotFoundError for anything else (someone else's, answered, withdrawn). */
async function pendingTo(trx: Transaction<DB>, userId: string, connectionId: string, side: 'addresseeId' | 'requesterId') {
	const row = await trx
		.selectFrom('connection')
		.select(['id', 'requesterId', 'addresseeId'])
		.where('id', '=', connectionId)
		.where(side, '=', userId)
		.where('status', '=', 'pending')
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_conn_request_not_found');
	return row;
}

export async function acceptConnection(trx: Transaction<DB>, input: { userId: string; connectionId: string; origin: string; now?: Date }) {
	const row = await pendingTo(trx, input.userId, input.connectionId, 'addresseeId');
	await trx
		.updateTable('connection')
		.set({ status: 'accepted', respondedAt: input.now ?? new Date() })
		.where('id', '=', row.id)
		.execute();
	const [requester, addressee] = await Promise.all([person(trx, row.requesterId), person(trx, row.addresseeId)]);
	if (requester && addressee) await queueMail(trx, acceptedMail(requester, addressee, input.origin));
}

/** The requester is not told; they may ask again after ASK_AGAIN_DAYS. */
export async function declineConnection(trx: Transaction<DB>, input: { userId: string; connectionId: string; now?: Date }) {
	const row = await pendingTo(trx, input.userId, input.connectionId, 'addresseeId');
	await trx
		.updateTable('connection')
		.set({ status: 'declined', respondedAt: input.now ?? new Date() })
		.where('id', '=', row.id)
		.execute();
}

export async function withdrawConnection(trx: Transaction<DB>, input: { userId: string; connectionId: string }) {
	const row = await pendingTo(trx, input.userId, input.connectionId, 'requesterId');
	await trx.deleteFrom('connection').where('id', '=', row.id).execute();
}

/** Either person ends an accepted connection; the other is not told. */
export async function removeConnection(db: Database, input: { userId: string; connectionId: string }) {
	const result = await db
		.deleteFrom('connection')
		.where('id', '=', input.connectionId)
		.where('status', '=', 'accepted')
		.where((w) => w.or([w('requesterId', '=', input.userId), w('addresseeId', '=', input.userId)]))
		.executeTakeFirst();
	if (result.numDeletedRows === 0n) throw new NotFoundError('error_conn_request_not_found');
}

/** How the viewer stands with another person, for the Connect button on a profile page. */
export async function findConnectionState(db: Database, viewerId: string, otherId: string): Promise<{ state: ConnectionState; connectionId: string | null }> {
	if (viewerId === otherId) return { state: 'self', connectionId: null };
	const [row, block] = await Promise.all([
		db.selectFrom('connection').select(['id', 'requesterId', 'status']).where(pairOf(viewerId, otherId)).executeTakeFirst(),
		isBlockedEitherWay(db, viewerId, otherId)
	]);
	if (block) return { state: 'blocked', connectionId: null };
	if (row?.status === 'accepted') return { state: 'connected', connectionId: row.id };
	if (row?.status === 'pending') return { state: row.requesterId === viewerId ? 'pending_sent' : 'pending_received', connectionId: row.id };
	// A declined request shows as 'none': asking again gives the clear "after <date>" answer.
	return { state: 'none', connectionId: null };
}

/**
 * The Connections page in four lists, each one query. Names are the other person's display
 * name; `profileVisible` says whether a link to their profile would open (visibility.ts).
 */
export async function listConnections(db: Database, userId: string) {
	const other = sql<string>`case when c.requester_id = ${userId}::uuid then c.addressee_id else c.requester_id end`;
	const rows = await db
		.selectFrom('connection as c')
		.innerJoin('directoryProfile as p', (j) => j.on(sql<boolean>`p.user_id = ${other}`))
		.select([
			'c.id',
			'c.status',
			'c.message',
			'c.createdAt',
			'c.respondedAt',
			'c.requesterId',
			other.as('userId'),
			'p.displayName',
			'p.headline',
			'p.organisation',
			'p.country',
			profileVisibleTo(userId).as('profileVisible')
		])
		.where((w) => w.or([w('c.requesterId', '=', userId), w('c.addresseeId', '=', userId)]))
		// A declined request is out of sight of both: the decline is not announced to its sender.
		.where('c.status', '!=', 'declined')
		.orderBy('c.createdAt', 'desc')
		.execute();
	const blocked = await db
		.selectFrom('userBlock as b')
		.innerJoin('appUser as u', 'u.id', 'b.blockedId')
		.leftJoin('directoryProfile as p', 'p.userId', 'b.blockedId')
		.select(['b.blockedId as userId', sql<string>`coalesce(p.display_name, u.name)`.as('displayName'), 'b.createdAt'])
		.where('b.blockerId', '=', userId)
		.orderBy('b.createdAt', 'desc')
		.execute();
	// Their name always (they asked, or you did); the rest of their profile only if it is yours to see.
	const view = rows.map((r) => {
		const profileVisible = Boolean(r.profileVisible);
		return { ...r, profileVisible, headline: profileVisible ? r.headline : '', organisation: profileVisible ? r.organisation : '', country: profileVisible ? r.country : '' };
	});
	return {
		incoming: view.filter((r) => r.status === 'pending' && r.requesterId !== userId),
		sent: view.filter((r) => r.status === 'pending' && r.requesterId === userId),
		connections: view.filter((r) => r.status === 'accepted'),
		blocked
	};
}

// ---- Mail: in the recipient's language; no contact details and not the message itself
// (it may carry some), only a link to the page where they read it after signing in. ----

function compose(locale: Locale, name: string, paragraphs: string[]) {
	return [m.mail_greeting({ name }, { locale }), '', ...paragraphs.flatMap((p) => [p, '']), m.mail_signature({}, { locale })].join('\n');
}

export function requestMail(to: Person, fromName: string, origin: string) {
	const { locale } = to;
	return {
		kind: 'connection_request',
		to: { address: to.email, name: to.name, locale },
		subject: m.conn_mail_request_subject({ name: fromName }, { locale }),
		bodyText: compose(locale, to.name, [
			m.conn_mail_request_body({ name: fromName }, { locale }),
			`${origin}/directory/connections`,
			m.conn_mail_request_note({}, { locale })
		])
	};
}

export function acceptedMail(to: Person, by: Person, origin: string) {
	const { locale } = to;
	return {
		kind: 'connection_accepted',
		to: { address: to.email, name: to.name, locale },
		subject: m.conn_mail_accepted_subject({ name: by.name }, { locale }),
		bodyText: compose(locale, to.name, [m.conn_mail_accepted_body({ name: by.name }, { locale }), `${origin}/directory/people/${by.id}`])
	};
}
