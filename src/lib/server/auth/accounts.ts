import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { RateLimitError, ValidationError } from '../errors';
import { queueMail } from '../mail/outbox';
import { passwordResetMail } from '../mail/templates';
import { findUserByEmail, setPassword } from '../users/users';
import { dummyPasswordHash, verifyPassword } from './password';
import { RULES, assertNotLimited, clear, consume, hit } from './rate-limit';
import { generateToken, hashToken } from './session';

/** Checks credentials; returns the user's id. Throttled per account and per IP address. */
export async function authenticate(db: Database, input: { email: string; password: string; ip: string }) {
	await assertNotLimited(db, RULES.signInAccount, input.email);
	await assertNotLimited(db, RULES.signInIp, input.ip);
	const user = await findUserByEmail(db, input.email);
	const valid = await verifyPassword(user?.passwordHash ?? (await dummyPasswordHash()), input.password);
	if (!user || !valid) {
		const [account, ip] = [await hit(db, RULES.signInAccount, input.email), await hit(db, RULES.signInIp, input.ip)];
		if (!account.allowed) throw new RateLimitError(account.retryAt);
		if (!ip.allowed) throw new RateLimitError(ip.retryAt);
		throw new ValidationError('form', 'error_invalid_credentials');
	}
	if (user.deactivatedAt) throw new ValidationError('form', 'error_account_deactivated');
	await clear(db, RULES.signInAccount, input.email);
	return user.id;
}

export const RESET_LIFETIME_MS = 60 * 60 * 1000;

/**
 * Emails a single-use reset link when the address has an active account. The answer is
 * the same either way, so the form does not reveal who has an account.
 */
export async function requestPasswordReset(
	db: Database,
	input: { email: string; ip: string; origin: string }
) {
	await consume(db, RULES.resetIp, input.ip);
	await consume(db, RULES.resetAccount, input.email);
	const user = await findUserByEmail(db, input.email);
	if (!user || user.deactivatedAt) return;
	const token = generateToken();
	await db
		.insertInto('passwordReset')
		.values({ id: hashToken(token), userId: user.id, expiresAt: new Date(Date.now() + RESET_LIFETIME_MS) })
		.execute();
	const mail = passwordResetMail({
		name: user.name,
		locale: user.locale,
		url: `${input.origin}/reset-password/${token}`
	});
	await queueMail(db, {
		kind: mail.kind,
		to: { address: user.email, name: user.name, locale: user.locale },
		subject: mail.subject,
		bodyText: mail.bodyText
	});
}

/** Whether a reset token can still be used (for showing the form or a clear error first). */
export async function isResetTokenUsable(db: Database, token: string) {
	const row = await db
		.selectFrom('passwordReset')
		.select('id')
		.where('id', '=', hashToken(token))
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', sql<Date>`now()`)
		.executeTakeFirst();
	return Boolean(row);
}

/** Uses a reset token once: sets the password and ends every session. Returns the user's id. */
export async function resetPassword(db: Database, token: string, password: string) {
	const used = await db
		.updateTable('passwordReset')
		.set({ usedAt: sql`now()` })
		.where('id', '=', hashToken(token))
		.where('usedAt', 'is', null)
		.where('expiresAt', '>', sql<Date>`now()`)
		.returning('userId')
		.executeTakeFirst();
	if (!used) throw new ValidationError('token', 'error_reset_token_invalid');
	await setPassword(db, used.userId, password);
	// Other outstanding links for this account die with this one.
	await db
		.updateTable('passwordReset')
		.set({ usedAt: sql`now()` })
		.where('userId', '=', used.userId)
		.where('usedAt', 'is', null)
		.execute();
	return used.userId;
}

/** Checks the current password, then sets the new one (ending every session). */
export async function changePassword(db: Database, userId: string, current: string, password: string) {
	const user = await db.selectFrom('appUser').select('passwordHash').where('id', '=', userId).executeTakeFirstOrThrow();
	if (!(await verifyPassword(user.passwordHash, current))) {
		throw new ValidationError('current', 'error_current_password_wrong');
	}
	await setPassword(db, userId, password);
}
