import { describe, expect, it } from 'vitest';
import {
	createUser,
	deactivateUser,
	listUsers,
	reactivateUser,
	setRole,
	updateProfile,
	getUser,
	setOrganisation
} from '../../../src/lib/server/users/users';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const MISSING = '00000000-0000-4000-8000-000000000000';

describe('accounts', () => {
	it('keep email unique whatever its case, and say which field is wrong', async () => {
		await makeUser(db, { email: 'unique@example.org' });
		const error = await makeUser(db, { email: 'UNIQUE@example.org' }).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.field).toBe('email');
		expect(error.message).toBe('error_email_taken');
	});

	it('never return the password hash', async () => {
		const user = await makeUser(db);
		expect(user).not.toHaveProperty('passwordHash');
		expect(await getUser(db, user.id)).not.toHaveProperty('passwordHash');
	});

	it('refuse an organisation that does not exist, writing nothing', async () => {
		const error = await createUser(db, {
			email: 'orphan@example.org',
			name: 'Orphan',
			password: 'long enough password',
			country: 'UZ',
			organisationId: MISSING
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect((await listUsers(db, { q: 'orphan@' })).total).toBe(0);
	});

	it('update the profile', async () => {
		const user = await makeUser(db);
		const org = await makeOrganisation(db);
		await updateProfile(db, user.id, { name: 'Renamed', country: 'TJ', organisationId: org.id, locale: 'ru' });
		const after = await getUser(db, user.id);
		expect([after.name, after.country, after.organisationId, after.locale]).toEqual(['Renamed', 'TJ', org.id, 'ru']);
	});
});

describe('administration of users', () => {
	it('changes roles, but an admin cannot demote themselves', async () => {
		const admin = await makeUser(db, { role: 'admin' });
		const user = await makeUser(db);
		await setRole(db, admin.id, user.id, 'facilitator');
		expect((await getUser(db, user.id)).role).toBe('facilitator');
		await expect(setRole(db, admin.id, admin.id, 'learner')).rejects.toBeInstanceOf(ConflictError);
		await expect(setRole(db, admin.id, MISSING, 'author')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('deactivates and reactivates, never oneself', async () => {
		const admin = await makeUser(db, { role: 'admin' });
		const user = await makeUser(db);
		await deactivateUser(db, admin.id, user.id);
		expect((await getUser(db, user.id)).deactivatedAt).toBeInstanceOf(Date);
		await reactivateUser(db, user.id);
		expect((await getUser(db, user.id)).deactivatedAt).toBeNull();
		await expect(deactivateUser(db, admin.id, admin.id)).rejects.toBeInstanceOf(ConflictError);
		await expect(deactivateUser(db, admin.id, MISSING)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('searches by name, email and organisation, and pages', async () => {
		const org = await makeOrganisation(db, { name: 'Aral Sea Friends' });
		const u = await makeUser(db, { name: 'Zarina Searchable' });
		await updateProfile(db, u.id, { name: 'Zarina Searchable', country: 'UZ', organisationId: org.id, locale: 'en' });
		expect((await listUsers(db, { q: 'searchable' })).users.map((x) => x.id)).toEqual([u.id]);
		expect((await listUsers(db, { q: 'aral sea' })).users.map((x) => x.id)).toEqual([u.id]);
		expect((await listUsers(db, { q: u.email.toUpperCase() })).total).toBe(1);
		// LIKE wildcards in the query are searched for literally.
		expect((await listUsers(db, { q: '%' })).total).toBe(0);
		for (let i = 0; i < 26; i++) await makeUser(db, { name: `Pager ${i}` });
		const first = await listUsers(db, { q: 'pager', page: 1 });
		const second = await listUsers(db, { q: 'pager', page: 2 });
		expect([first.users.length, second.users.length, first.pages]).toEqual([25, 1, 2]);
		expect(new Set([...first.users, ...second.users].map((x) => x.id)).size).toBe(26);
	});
});

describe('organisation membership', () => {
	it('is locked for authors and facilitators: only an administrator changes it', async () => {
		const [mine, other] = [await makeOrganisation(db), await makeOrganisation(db)];
		const author = await makeUser(db, { role: 'author' });
		await setOrganisation(db, author.id, mine.id);
		const error = await updateProfile(db, author.id, {
			name: 'Author',
			country: 'KZ',
			organisationId: other.id,
			locale: 'en'
		}).catch((e) => e);
		expect(error).toBeInstanceOf(ValidationError);
		expect(error.message).toBe('error_organisation_locked');
		expect((await getUser(db, author.id)).organisationId).toBe(mine.id);
		// Other details still change when the organisation stays.
		await updateProfile(db, author.id, { name: 'Renamed Author', country: 'KG', organisationId: mine.id, locale: 'ru' });
		expect((await getUser(db, author.id)).name).toBe('Renamed Author');
		await setOrganisation(db, author.id, other.id);
		expect((await getUser(db, author.id)).organisationId).toBe(other.id);
	});

	it('is the learner\'s own choice', async () => {
		const org = await makeOrganisation(db);
		const learner = await makeUser(db);
		await updateProfile(db, learner.id, { name: 'L', country: 'KZ', organisationId: org.id, locale: 'en' });
		expect((await getUser(db, learner.id)).organisationId).toBe(org.id);
	});

	it('refuses an organisation that does not exist', async () => {
		const user = await makeUser(db);
		await expect(setOrganisation(db, user.id, MISSING)).rejects.toBeInstanceOf(ValidationError);
	});
});
