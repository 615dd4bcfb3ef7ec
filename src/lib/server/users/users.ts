import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Locale, Role, User } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError, isUniqueViolation } from '../errors';
import { hashPassword } from '../auth/password';
import { invalidateUserSessions } from '../auth/session';

export interface NewUserInput {
	email: string;
	name: string;
	password: string;
	country: string;
	organisationId?: string | null;
	locale?: Locale;
	role?: Role;
}

export type PublicUser = Omit<User, 'passwordHash'>;
const PUBLIC_COLUMNS = [
	'id',
	'email',
	'name',
	'country',
	'organisationId',
	'locale',
	'role',
	'deactivatedAt',
	'createdAt',
	'updatedAt'
] as const;

export async function createUser(db: Database, input: NewUserInput): Promise<PublicUser> {
	if (input.organisationId) await assertOrganisationExists(db, input.organisationId);
	const passwordHash = await hashPassword(input.password);
	try {
		return await db
			.insertInto('appUser')
			.values({
				email: input.email.trim(),
				name: input.name.trim(),
				passwordHash,
				country: input.country,
				organisationId: input.organisationId ?? null,
				locale: input.locale ?? 'en',
				role: input.role ?? 'learner'
			})
			.returning(PUBLIC_COLUMNS)
			.executeTakeFirstOrThrow();
	} catch (e) {
		if (isUniqueViolation(e)) throw new ValidationError('email', 'error_email_taken');
		throw e;
	}
}

export function findUserByEmail(db: Database, email: string) {
	return db
		.selectFrom('appUser')
		.selectAll()
		.where(sql`lower(email)`, '=', email.trim().toLowerCase())
		.executeTakeFirst();
}

export async function getUser(db: Database, id: string): Promise<PublicUser> {
	const user = await db.selectFrom('appUser').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
	if (!user) throw new NotFoundError('error_user_not_found');
	return user;
}

/**
 * Roles whose rights depend on their organisation (authors edit its courses): their
 * organisation is set by an administrator, never by themselves, or anyone made an author
 * could join any organisation and edit its courses.
 */
export const ORGANISATION_LOCKED_ROLES: readonly Role[] = ['author', 'facilitator'];

export async function updateProfile(
	db: Database,
	userId: string,
	input: { name: string; country: string; organisationId: string | null; locale: Locale }
) {
	const current = await db
		.selectFrom('appUser')
		.select(['role', 'organisationId'])
		.where('id', '=', userId)
		.executeTakeFirst();
	if (!current) throw new NotFoundError('error_user_not_found');
	if (ORGANISATION_LOCKED_ROLES.includes(current.role) && input.organisationId !== current.organisationId) {
		throw new ValidationError('organisationId', 'error_organisation_locked');
	}
	if (input.organisationId) await assertOrganisationExists(db, input.organisationId);
	await db
		.updateTable('appUser')
		.set({ ...input, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.execute();
}

/** An administrator sets which organisation a person belongs to. */
export async function setOrganisation(db: Database, userId: string, organisationId: string | null) {
	if (organisationId) await assertOrganisationExists(db, organisationId);
	const result = await db
		.updateTable('appUser')
		.set({ organisationId, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) throw new NotFoundError('error_user_not_found');
}

export async function setLocale(db: Database, userId: string, locale: Locale) {
	await db.updateTable('appUser').set({ locale }).where('id', '=', userId).execute();
}

export async function setPassword(db: Database, userId: string, password: string) {
	const passwordHash = await hashPassword(password);
	await db
		.updateTable('appUser')
		.set({ passwordHash, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.execute();
	// A new password ends every session; the caller signs the current device in again.
	await invalidateUserSessions(db, userId);
}

/** `actorId` is the admin making the change; null for an operator at the shell. */
export async function setRole(db: Database, actorId: string | null, userId: string, role: Role) {
	if (actorId === userId && role !== 'admin') {
		// An admin demoting themselves could leave the site with no administrator.
		throw new ConflictError('error_cannot_change_own_role');
	}
	const result = await db
		.updateTable('appUser')
		.set({ role, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) throw new NotFoundError('error_user_not_found');
}

export async function deactivateUser(db: Database, actorId: string, userId: string) {
	if (actorId === userId) throw new ConflictError('error_cannot_deactivate_self');
	const result = await db
		.updateTable('appUser')
		.set({ deactivatedAt: sql`now()`, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.where('deactivatedAt', 'is', null)
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) await getUser(db, userId);
	await invalidateUserSessions(db, userId);
}

export async function reactivateUser(db: Database, userId: string) {
	const result = await db
		.updateTable('appUser')
		.set({ deactivatedAt: null, updatedAt: sql`now()` })
		.where('id', '=', userId)
		.executeTakeFirst();
	if (result.numUpdatedRows === 0n) throw new NotFoundError('error_user_not_found');
}

export const USERS_PAGE_SIZE = 25;

export async function listUsers(db: Database, options: { q?: string; page?: number }) {
	const page = Math.max(1, options.page ?? 1);
	const q = options.q?.trim();
	let query = db.selectFrom('appUser').leftJoin('organisation', 'organisation.id', 'appUser.organisationId');
	if (q) {
		const like = `%${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
		query = query.where((eb) =>
			eb.or([
				eb(sql`lower(app_user.email)`, 'like', like),
				eb(sql`lower(app_user.name)`, 'like', like),
				eb(sql`lower(organisation.name)`, 'like', like)
			])
		);
	}
	const [rows, total] = await Promise.all([
		query
			.select([
				'appUser.id',
				'appUser.email',
				'appUser.name',
				'appUser.role',
				'appUser.country',
				'appUser.deactivatedAt',
				'appUser.createdAt',
				'appUser.organisationId',
				'organisation.name as organisationName'
			])
			.orderBy('appUser.createdAt', 'desc')
			.orderBy('appUser.id')
			.limit(USERS_PAGE_SIZE)
			.offset((page - 1) * USERS_PAGE_SIZE)
			.execute(),
		query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
	]);
	return { users: rows, total: total.n, page, pages: Math.max(1, Math.ceil(total.n / USERS_PAGE_SIZE)) };
}

async function assertOrganisationExists(db: Database, id: string) {
	const org = await db.selectFrom('organisation').select('id').where('id', '=', id).executeTakeFirst();
	if (!org) throw new ValidationError('organisationId', 'error_organisation_unknown');
}
