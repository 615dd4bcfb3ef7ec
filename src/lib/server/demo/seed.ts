import type { Database } from '../db/connect';
import type { Role } from '../db/schema';
import { createOrganisation } from '../organisations/organisations';
import { createUser } from '../users/users';
import { generateToken } from '../auth/session';

export const DEMO_ACCOUNTS: { email: string; name: string; role: Role; country: string; locale: 'en' | 'ru' }[] = [
	{ email: 'admin@example.org', name: 'Aigerim Nurlanovna', role: 'admin', country: 'KZ', locale: 'en' },
	{ email: 'author@example.org', name: 'Bakyt Toktogulov', role: 'author', country: 'KG', locale: 'ru' },
	{ email: 'facilitator@example.org', name: 'Dilnoza Karimova', role: 'facilitator', country: 'UZ', locale: 'en' },
	{ email: 'learner@example.org', name: 'Farrukh Rahimov', role: 'learner', country: 'TJ', locale: 'en' },
	{ email: 'learner2@example.org', name: 'Ogulgerek Annayeva', role: 'learner', country: 'TM', locale: 'ru' }
];

export async function isEmpty(db: Database) {
	const row = await db.selectFrom('appUser').select('id').limit(1).executeTakeFirst();
	return !row;
}

/** Creates the demo organisations and accounts (the caller holds the transaction). */
export async function seedDemo(db: Database, password = randomPassword()) {
	const carec = await createOrganisation(db, {
		name: 'CAREC',
		type: 'international',
		country: 'KZ'
	});
	await createOrganisation(db, { name: 'Kazakh National University', type: 'university', country: 'KZ' });
	await createOrganisation(db, { name: 'Green Osh', type: 'cso', country: 'KG' });
	for (const account of DEMO_ACCOUNTS) {
		await createUser(db, {
			...account,
			password,
			organisationId: account.role === 'learner' ? null : carec.id
		});
	}
	return { password, accounts: DEMO_ACCOUNTS };
}

function randomPassword() {
	return `demo-${generateToken().slice(0, 12)}`;
}
