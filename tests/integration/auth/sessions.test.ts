import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
	createSession,
	generateToken,
	hashToken,
	invalidateSession,
	validateSessionToken
} from '../../../src/lib/server/auth/session';
import { deactivateUser, setPassword } from '../../../src/lib/server/users/users';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();

describe('sessions', () => {
	it('stores only the hash of the token and finds the user by the token', async () => {
		const user = await makeUser(db);
		const token = generateToken();
		await createSession(db, token, user.id);
		const stored = await db.selectFrom('userSession').select('id').where('userId', '=', user.id).execute();
		expect(stored.map((s) => s.id)).toEqual([hashToken(token)]);
		const { user: found } = await validateSessionToken(db, token);
		expect(found?.email).toBe(user.email);
	});

	it('refuses forged, unknown and expired tokens', async () => {
		expect((await validateSessionToken(db, 'garbage')).user).toBeNull();
		expect((await validateSessionToken(db, generateToken())).user).toBeNull();
		const user = await makeUser(db);
		const token = generateToken();
		await createSession(db, token, user.id);
		await db.updateTable('userSession').set({ expiresAt: sql`now() - interval '1 second'` }).execute();
		expect((await validateSessionToken(db, token)).user).toBeNull();
		const left = await db.selectFrom('userSession').select('id').where('id', '=', hashToken(token)).execute();
		expect(left).toEqual([]);
	});

	it('extends a session used in its last fifteen days', async () => {
		const user = await makeUser(db);
		const token = generateToken();
		await createSession(db, token, user.id);
		await db
			.updateTable('userSession')
			.set({ expiresAt: sql`now() + interval '2 days'` })
			.where('id', '=', hashToken(token))
			.execute();
		const { session } = await validateSessionToken(db, token);
		expect(session!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 29 * 24 * 3600 * 1000);
	});

	it('ends on sign-out, password change and deactivation', async () => {
		const admin = await makeUser(db, { role: 'admin' });
		const user = await makeUser(db);
		const [a, b, c] = [generateToken(), generateToken(), generateToken()];
		const sa = await createSession(db, a, user.id);
		await invalidateSession(db, sa.id);
		expect((await validateSessionToken(db, a)).user).toBeNull();

		await createSession(db, b, user.id);
		await setPassword(db, user.id, 'a brand new password');
		expect((await validateSessionToken(db, b)).user).toBeNull();

		await createSession(db, c, user.id);
		await deactivateUser(db, admin.id, user.id);
		expect((await validateSessionToken(db, c)).user).toBeNull();
	});
});
