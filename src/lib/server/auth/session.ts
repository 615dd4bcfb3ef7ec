import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { sql } from 'kysely';
import { runPrepared, type Database } from '../db/connect';
import type { Role, Locale } from '../db/schema';

/** Sessions as Lucia's guide teaches them: the cookie holds a random token, the database its SHA-256. */

export const SESSION_COOKIE = 'bilim_session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;
/** A session used in its last 15 days is extended to a full 30 again (sliding expiry). */
const RENEW_WITHIN = 15 * DAY;
const TOKEN_PATTERN = /^[a-z2-7]{32}$/;

export interface SessionUser {
	id: string;
	email: string;
	name: string;
	role: Role;
	locale: Locale;
	country: string;
	organisationId: string | null;
}
export interface Session {
	id: string;
	userId: string;
	expiresAt: Date;
	/**
	 * The versions of course content (content_version) and of people, cohorts and admissions
	 * (data_version), read in the same statement that validates the session, so caches can
	 * check their entries without a query of their own (server/page-cache.ts, cache/).
	 * Absent on a session just created.
	 */
	versions?: { content: number; data: number };
}
export type SessionValidation = { session: Session; user: SessionUser } | { session: null; user: null };

export function generateToken(): string {
	const bytes = new Uint8Array(20);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes);
}

export function hashToken(token: string): string {
	return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(db: Database, token: string, userId: string): Promise<Session> {
	const session: Session = {
		id: hashToken(token),
		userId,
		expiresAt: new Date(Date.now() + SESSION_LIFETIME)
	};
	await db.insertInto('userSession').values(session).execute();
	return session;
}

export async function validateSessionToken(db: Database, token: string): Promise<SessionValidation> {
	// A forged cookie of the wrong shape never reaches the database.
	if (!TOKEN_PATTERN.test(token)) return { session: null, user: null };
	const id = hashToken(token);
	// Every signed-in request runs this: prepared, so PostgreSQL plans it once per connection.
	const [row] = await runPrepared(
		db,
		db
			.selectFrom('userSession')
			.innerJoin('appUser', 'appUser.id', 'userSession.userId')
			.select([
				'userSession.id as sessionId',
				'userSession.expiresAt',
				'appUser.id',
				'appUser.email',
				'appUser.name',
				'appUser.role',
				'appUser.locale',
				'appUser.country',
				'appUser.organisationId',
				'appUser.deactivatedAt',
				sql<number>`(select version from content_version where id = 1)`.as('contentVersion'),
				sql<number>`(select sum(version) from data_version)`.as('dataVersion')
			])
			.where('userSession.id', '=', id)
	);
	if (!row) return { session: null, user: null };
	const now = Date.now();
	if (now >= row.expiresAt.getTime() || row.deactivatedAt) {
		await db.deleteFrom('userSession').where('id', '=', id).execute();
		return { session: null, user: null };
	}
	let expiresAt = row.expiresAt;
	if (expiresAt.getTime() - now < RENEW_WITHIN) {
		expiresAt = new Date(now + SESSION_LIFETIME);
		await db.updateTable('userSession').set({ expiresAt }).where('id', '=', id).execute();
	}
	const { sessionId, deactivatedAt: _, expiresAt: __, contentVersion, dataVersion, ...user } = row;
	const versions = { content: Number(contentVersion), data: Number(dataVersion) };
	return { session: { id: sessionId, userId: user.id, expiresAt, versions }, user };
}

export async function invalidateSession(db: Database, sessionId: string) {
	await db.deleteFrom('userSession').where('id', '=', sessionId).execute();
}

export async function invalidateUserSessions(db: Database, userId: string) {
	await db.deleteFrom('userSession').where('userId', '=', userId).execute();
}
