import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	authenticate,
	changePassword,
	isResetTokenUsable,
	requestPasswordReset,
	resetPassword
} from '../../../src/lib/server/auth/accounts';
import { RateLimitError, ValidationError } from '../../../src/lib/server/errors';
import { deactivateUser } from '../../../src/lib/server/users/users';
import { PASSWORD, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
let ip = 0;
const nextIp = () => `10.0.0.${++ip}`;

function tokenFromMail(body: string) {
	const match = body.match(/\/reset-password\/([a-z2-7]+)/);
	if (!match) throw new Error('no reset link in the message');
	return match[1]!;
}

describe('signing in', () => {
	it('accepts the right password whatever the email case', async () => {
		const user = await makeUser(db, { email: 'Case@Example.org' });
		expect(await authenticate(db, { email: 'case@example.org', password: PASSWORD, ip: nextIp() })).toBe(user.id);
	});

	it('says the same for a wrong password and an unknown email', async () => {
		const user = await makeUser(db);
		const wrong = await authenticate(db, { email: user.email, password: 'wrong password!', ip: nextIp() }).catch((e) => e);
		const unknown = await authenticate(db, { email: 'nobody@example.org', password: PASSWORD, ip: nextIp() }).catch(
			(e) => e
		);
		expect(wrong).toBeInstanceOf(ValidationError);
		expect(unknown).toBeInstanceOf(ValidationError);
		expect(wrong.message).toBe(unknown.message);
	});

	it('locks an account after five failures, even with the right password, until the window passes', async () => {
		const user = await makeUser(db);
		const address = nextIp();
		for (let i = 0; i < 5; i++) {
			await expect(authenticate(db, { email: user.email, password: 'wrong password!', ip: address })).rejects.toBeInstanceOf(
				ValidationError
			);
		}
		const locked = await authenticate(db, { email: user.email, password: PASSWORD, ip: nextIp() }).catch((e) => e);
		expect(locked).toBeInstanceOf(RateLimitError);
		expect(locked.retryAt.getTime()).toBeGreaterThan(Date.now() + 14 * 60 * 1000);
		// The window passes: the account opens again.
		await db.updateTable('rateLimit').set({ windowStart: sql`now() - interval '16 minutes'` }).execute();
		expect(await authenticate(db, { email: user.email, password: PASSWORD, ip: nextIp() })).toBe(user.id);
	});

	it('throttles an address that tries many accounts', async () => {
		const address = nextIp();
		let error: unknown;
		for (let i = 0; i < 31 && !error; i++) {
			error = await authenticate(db, { email: `probe${i}@example.org`, password: 'whatever it is', ip: address }).then(
				() => undefined,
				(e) => (e instanceof RateLimitError ? e : undefined)
			);
		}
		expect(error).toBeInstanceOf(RateLimitError);
	});

	it('counts parallel failures exactly (the counter is shared by every instance)', async () => {
		const user = await makeUser(db);
		await Promise.allSettled(
			Array.from({ length: 8 }, () => authenticate(db, { email: user.email, password: 'wrong password!', ip: nextIp() }))
		);
		const row = await db
			.selectFrom('rateLimit')
			.select('hits')
			.where('key', '=', `signin:account:${user.email}`)
			.executeTakeFirstOrThrow();
		expect(row.hits).toBeGreaterThanOrEqual(5);
		expect(row.hits).toBeLessThanOrEqual(8);
	});

	it('refuses a deactivated account', async () => {
		const admin = await makeUser(db, { role: 'admin' });
		const user = await makeUser(db);
		await deactivateUser(db, admin.id, user.id);
		await expect(authenticate(db, { email: user.email, password: PASSWORD, ip: nextIp() })).rejects.toThrow(
			'error_account_deactivated'
		);
	});
});

describe('resetting a password', () => {
	const origin = 'http://localhost:3000';

	it('mails a single-use link in the recipient\'s language that sets a new password', async () => {
		const user = await makeUser(db, { locale: 'ru' });
		await requestPasswordReset(db, { email: user.email, ip: nextIp(), origin });
		const mail = await db.selectFrom('mailOutbox').selectAll().where('toAddress', '=', user.email).executeTakeFirstOrThrow();
		expect(mail.subject).toBe('Сброс пароля в Bilim');
		expect(mail.status).toBe('queued');
		const token = tokenFromMail(mail.bodyText);
		expect(await isResetTokenUsable(db, token)).toBe(true);
		await resetPassword(db, token, 'my new long password');
		expect(await authenticate(db, { email: user.email, password: 'my new long password', ip: nextIp() })).toBe(user.id);
		await expect(resetPassword(db, token, 'yet another password')).rejects.toThrow('error_reset_token_invalid');
		expect(await isResetTokenUsable(db, token)).toBe(false);
	});

	it('refuses an expired link and unknown tokens', async () => {
		const user = await makeUser(db);
		await requestPasswordReset(db, { email: user.email, ip: nextIp(), origin });
		const mail = await db.selectFrom('mailOutbox').selectAll().where('toAddress', '=', user.email).executeTakeFirstOrThrow();
		await db.updateTable('passwordReset').set({ expiresAt: sql`now() - interval '1 minute'` }).where('userId', '=', user.id).execute();
		await expect(resetPassword(db, tokenFromMail(mail.bodyText), 'my new long password')).rejects.toThrow(
			'error_reset_token_invalid'
		);
		await expect(resetPassword(db, 'nonsense', 'my new long password')).rejects.toThrow('error_reset_token_invalid');
		// The old password still works: nothing changed.
		expect(await authenticate(db, { email: user.email, password: PASSWORD, ip: nextIp() })).toBe(user.id);
	});

	it('writes nothing for an unknown email, and throttles repeated requests', async () => {
		const before = await db.selectFrom('mailOutbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		await requestPasswordReset(db, { email: 'nobody-here@example.org', ip: nextIp(), origin });
		const after = await db.selectFrom('mailOutbox').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(after.n).toBe(before.n);

		const user = await makeUser(db);
		for (let i = 0; i < 3; i++) await requestPasswordReset(db, { email: user.email, ip: nextIp(), origin });
		await expect(requestPasswordReset(db, { email: user.email, ip: nextIp(), origin })).rejects.toBeInstanceOf(RateLimitError);
	});
});

describe('changing a password', () => {
	it('needs the current password', async () => {
		const user = await makeUser(db);
		await expect(changePassword(db, user.id, 'not my password', 'a new long password')).rejects.toThrow(
			'error_current_password_wrong'
		);
		await changePassword(db, user.id, PASSWORD, 'a new long password');
		await expect(authenticate(db, { email: user.email, password: PASSWORD, ip: nextIp() })).rejects.toThrow(
			'error_invalid_credentials'
		);
	});
});
