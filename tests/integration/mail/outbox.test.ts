import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	MAX_ATTEMPTS,
	claimDue,
	deliverDue,
	getMail,
	listMail,
	queueMail,
	retryMail,
	type MailTransport
} from '../../../src/lib/server/mail/outbox';
import { testDatabase } from '../test-db';

const db = await testDatabase();

const mail = (address: string) => ({
	kind: 'test',
	to: { address, name: 'Reader', locale: 'en' as const },
	subject: `Hello ${address}`,
	bodyText: 'Body'
});

function recorder(fail = false): MailTransport & { sent: string[] } {
	const sent: string[] = [];
	return {
		sent,
		async send(message) {
			if (fail) throw new Error('SMTP is down');
			sent.push(message.to);
		}
	};
}

describe('the mail outbox', () => {
	it('keeps a message written in a transaction that rolled back out of the outbox', async () => {
		await db
			.transaction()
			.execute(async (trx) => {
				await queueMail(trx, mail('rolled-back@example.org'));
				throw new Error('the change failed');
			})
			.catch(() => undefined);
		expect((await listMail(db, {})).messages.find((m) => m.toAddress === 'rolled-back@example.org')).toBeUndefined();
	});

	it('sends what is due once, even with two workers at the same time', async () => {
		await queueMail(db, mail('a@example.org'));
		await queueMail(db, mail('b@example.org'));
		const [one, two] = [recorder(), recorder()];
		await Promise.all([deliverDue(db, one), deliverDue(db, two)]);
		expect([...one.sent, ...two.sent].filter((a) => a.endsWith('@example.org')).sort()).toEqual([
			'a@example.org',
			'b@example.org'
		]);
		const sent = await listMail(db, { status: 'sent' });
		expect(sent.total).toBe(2);
		expect((await deliverDue(db, recorder())).sent).toBe(0);
	});

	it('backs off after a failure, gives up after the last attempt, and can be retried', async () => {
		const { id } = await queueMail(db, mail('down@example.org'));
		await deliverDue(db, recorder(true));
		let message = await getMail(db, id);
		expect([message.status, message.attempts, message.lastError]).toEqual(['queued', 1, 'SMTP is down']);
		expect(message.nextAttemptAt.getTime()).toBeGreaterThan(Date.now());
		expect(await claimDue(db)).toEqual([]);

		await db.updateTable('mailOutbox').set({ attempts: MAX_ATTEMPTS - 1, nextAttemptAt: sql`now()` }).where('id', '=', id).execute();
		await deliverDue(db, recorder(true));
		message = await getMail(db, id);
		expect(message.status).toBe('failed');
		expect((await listMail(db, { status: 'failed' })).messages.map((m) => m.id)).toContain(id);

		await retryMail(db, id);
		const ok = recorder();
		await deliverDue(db, ok);
		expect(ok.sent).toEqual(['down@example.org']);
		expect((await getMail(db, id)).status).toBe('sent');
		await expect(retryMail(db, id)).rejects.toThrow('error_mail_not_found');
	});
});
