import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import { verifyPassword } from '../auth/password';
import { consume, type Rule } from '../auth/rate-limit';

/**
 * Deleting one's own account, in one transaction (the page /my-data states the same lists).
 *
 * Deleted, by the foreign keys' `on delete cascade` (every reference to app_user is cascade or
 * set null; tests/integration/account/delete-account.test.ts checks the catalogue so a new
 * table cannot make this fail half-way): the account and its sessions and reset tokens, the
 * directory profile with photo and contacts, connections, blocks either way, network
 * memberships and moderator roles, reports about their profile, cohort facilitator roles,
 * enrolments, applications, reviews they were assigned, lesson progress, quiz attempts,
 * submissions and their files, H5P results and state, xAPI statements, completions, grade
 * overrides; and here: mail to them, and rate-limit counters named by their email.
 *
 * Kept, by `on delete set null`: certificates (holder name, course, dates: still verifiable,
 * as the verification promise requires), announcements they wrote, courses, lessons and
 * revisions they authored, grades and decisions they gave, reports they made, networks they
 * created: statements of fact that others hold, no longer linked to any account.
 */

export const DELETE_ATTEMPTS: Rule = { name: 'account:delete', limit: 5, windowSeconds: 15 * 60 };

/**
 * The password typed to confirm. Counted outside the deleting transaction (a wrong password
 * rolls that back, and would take the count with it): a stolen session must not guess its
 * way to deleting the account.
 */
export async function confirmPassword(db: Database, userId: string, password: string) {
	await consume(db, DELETE_ATTEMPTS, userId);
	const user = await db.selectFrom('appUser').select('passwordHash').where('id', '=', userId).executeTakeFirst();
	if (!user) throw new NotFoundError('error_user_not_found');
	if (!(await verifyPassword(user.passwordHash, password))) throw new ValidationError('password', 'error_mydata_password_wrong');
}

/** Deletes the account and everything that is only theirs; call confirmPassword first. */
export async function deleteAccount(trx: Transaction<DB>, userId: string) {
	const user = await trx.selectFrom('appUser').select(['id', 'email', 'role']).where('id', '=', userId).forUpdate().executeTakeFirst();
	if (!user) throw new NotFoundError('error_user_not_found');

	if (user.role === 'admin') {
		const others = await trx
			.selectFrom('appUser')
			.select((eb) => eb.fn.countAll<string>().as('n'))
			.where('role', '=', 'admin')
			.where('deactivatedAt', 'is', null)
			.where('id', '!=', userId)
			.executeTakeFirstOrThrow();
		if (Number(others.n) === 0) throw new ConflictError('error_mydata_last_admin');
	}

	// Mail to them, waiting or sent, names them: it goes with the account.
	const email = user.email.toLowerCase();
	await trx.deleteFrom('mailOutbox').where(sql<boolean>`lower(to_address) = ${email}`).execute();
	await trx
		.deleteFrom('rateLimit')
		.where('key', 'in', [`signin:account:${email}`, `reset:account:${email}`, `${DELETE_ATTEMPTS.name}:${userId}`])
		.execute();
	await trx.deleteFrom('appUser').where('id', '=', userId).execute();
}
