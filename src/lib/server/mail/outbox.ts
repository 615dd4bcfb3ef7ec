import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Locale } from '../db/schema';
import { NotFoundError } from '../errors';

/**
 * Every message is written to the outbox first, in the caller's transaction, so a message
 * is sent if and only if the change that caused it is committed, and nothing is lost while
 * SMTP is down. A worker in each app instance sends what is due; claiming a message moves
 * its next attempt forward (a lease), so two instances never send the same message at once.
 */

export interface OutgoingMail {
	kind: string;
	to: { address: string; name: string; locale: Locale };
	subject: string;
	bodyText: string;
}

export const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 300;

export async function queueMail(db: Database, mail: OutgoingMail) {
	return db
		.insertInto('mailOutbox')
		.values({
			kind: mail.kind,
			toAddress: mail.to.address,
			toName: mail.to.name,
			locale: mail.to.locale,
			subject: mail.subject,
			bodyText: mail.bodyText
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

/** Takes up to `limit` due messages for this worker. */
export async function claimDue(db: Database, limit = 10) {
	return db
		.updateTable('mailOutbox')
		.set({
			nextAttemptAt: sql`now() + make_interval(secs => ${LEASE_SECONDS})`,
			attempts: sql`attempts + 1`
		})
		.where('id', 'in', (eb) =>
			eb
				.selectFrom('mailOutbox')
				.select('id')
				.where('status', '=', 'queued')
				.where('nextAttemptAt', '<=', sql<Date>`now()`)
				.orderBy('nextAttemptAt')
				.limit(limit)
				.forUpdate()
				.skipLocked()
		)
		.returningAll()
		.execute();
}

export async function markSent(db: Database, id: string) {
	await db
		.updateTable('mailOutbox')
		.set({ status: 'sent', sentAt: sql`now()`, lastError: null })
		.where('id', '=', id)
		.execute();
}

/** Backs off 1, 2, 4 ... minutes; after MAX_ATTEMPTS the message is failed and shown to admins. */
export async function markAttemptFailed(db: Database, id: string, attempts: number, error: string) {
	const giveUp = attempts >= MAX_ATTEMPTS;
	await db
		.updateTable('mailOutbox')
		.set({
			status: giveUp ? 'failed' : 'queued',
			lastError: error.slice(0, 1000),
			nextAttemptAt: sql`now() + make_interval(mins => ${2 ** Math.max(0, attempts - 1)})`
		})
		.where('id', '=', id)
		.execute();
}

export interface MailTransport {
	send(message: { to: string; toName: string; subject: string; text: string }): Promise<void>;
}

/** Sends what is due through the transport; returns how many were sent and failed. */
export async function deliverDue(db: Database, transport: MailTransport, limit = 10) {
	const due = await claimDue(db, limit);
	let sent = 0;
	let failed = 0;
	for (const message of due) {
		try {
			await transport.send({
				to: message.toAddress,
				toName: message.toName,
				subject: message.subject,
				text: message.bodyText
			});
			await markSent(db, message.id);
			sent++;
		} catch (e) {
			await markAttemptFailed(db, message.id, message.attempts, e instanceof Error ? e.message : String(e));
			failed++;
		}
	}
	return { sent, failed };
}

export const MAIL_PAGE_SIZE = 30;

export async function listMail(db: Database, options: { page?: number; status?: string }) {
	const page = Math.max(1, options.page ?? 1);
	let query = db.selectFrom('mailOutbox');
	if (options.status === 'queued' || options.status === 'sent' || options.status === 'failed') {
		query = query.where('status', '=', options.status);
	}
	const [messages, total] = await Promise.all([
		query
			.select(['id', 'kind', 'toAddress', 'toName', 'subject', 'status', 'attempts', 'lastError', 'createdAt', 'sentAt'])
			.orderBy('createdAt', 'desc')
			.orderBy('id')
			.limit(MAIL_PAGE_SIZE)
			.offset((page - 1) * MAIL_PAGE_SIZE)
			.execute(),
		query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { messages, total: total.n, page, pages: Math.max(1, Math.ceil(total.n / MAIL_PAGE_SIZE)) };
}

export async function getMail(db: Database, id: string) {
	const message = await db.selectFrom('mailOutbox').selectAll().where('id', '=', id).executeTakeFirst();
	if (!message) throw new NotFoundError('error_mail_not_found');
	return message;
}

/** Puts a failed message back in the queue, due now, with its attempts counted afresh. */
export async function retryMail(db: Database, id: string) {
	const result = await db
		.updateTable('mailOutbox')
		.set({ status: 'queued', attempts: 0, nextAttemptAt: sql`now()` })
		.where('id', '=', id)
		.where('status', '=', 'failed')
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) throw new NotFoundError('error_mail_not_found');
}
