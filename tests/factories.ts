import type { Database } from '../src/lib/server/db/connect';
import type { Role } from '../src/lib/server/db/schema';
import { createUser } from '../src/lib/server/users/users';
import { createOrganisation } from '../src/lib/server/organisations/organisations';

let n = 0;
const next = () => `${Date.now().toString(36)}${(n++).toString(36)}`;

export const PASSWORD = 'correct horse battery';

export async function makeUser(
	db: Database,
	overrides: Partial<{ email: string; name: string; role: Role; country: string; locale: 'en' | 'ru'; password: string }> = {}
) {
	return createUser(db, {
		email: overrides.email ?? `user-${next()}@example.org`,
		name: overrides.name ?? 'Test Person',
		password: overrides.password ?? PASSWORD,
		country: overrides.country ?? 'KZ',
		locale: overrides.locale ?? 'en',
		role: overrides.role ?? 'learner'
	});
}

export async function makeOrganisation(db: Database, overrides: Partial<{ name: string; country: string }> = {}) {
	return createOrganisation(db, {
		name: overrides.name ?? `Organisation ${next()}`,
		type: 'cso',
		country: overrides.country ?? 'KG'
	});
}
