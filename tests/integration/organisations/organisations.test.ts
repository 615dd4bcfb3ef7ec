import { describe, expect, it } from 'vitest';
import {
	createOrganisation,
	deleteOrganisation,
	getOrganisation,
	listOrganisations,
	updateOrganisation
} from '../../../src/lib/server/organisations/organisations';
import { NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { getUser, updateProfile } from '../../../src/lib/server/users/users';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();

describe('organisations', () => {
	it('are created, listed with member counts, updated and deleted', async () => {
		const org = await createOrganisation(db, { name: 'Eco Centre Dushanbe', type: 'training_centre', country: 'TJ' });
		const member = await makeUser(db);
		await updateProfile(db, member.id, { name: 'M', country: 'TJ', organisationId: org.id, locale: 'en' });
		const listed = (await listOrganisations(db)).find((o) => o.id === org.id);
		expect(listed?.memberCount).toBe(1);
		await updateOrganisation(db, org.id, { name: 'Eco Centre of Dushanbe', type: 'cso', country: 'TJ' });
		expect((await getOrganisation(db, org.id)).name).toBe('Eco Centre of Dushanbe');
		await deleteOrganisation(db, org.id);
		await expect(getOrganisation(db, org.id)).rejects.toBeInstanceOf(NotFoundError);
		// The member keeps their account, with no organisation.
		expect((await getUser(db, member.id)).organisationId).toBeNull();
	});

	it('refuse a duplicate name in any case, on create and on rename', async () => {
		await createOrganisation(db, { name: 'Green Almaty', type: 'cso', country: 'KZ' });
		const other = await createOrganisation(db, { name: 'Blue Almaty', type: 'cso', country: 'KZ' });
		await expect(createOrganisation(db, { name: 'GREEN ALMATY', type: 'cso', country: 'KZ' })).rejects.toBeInstanceOf(
			ValidationError
		);
		await expect(updateOrganisation(db, other.id, { name: 'green almaty', type: 'cso', country: 'KZ' })).rejects.toThrow(
			'error_organisation_name_taken'
		);
	});

	it('say so when the organisation is gone', async () => {
		const missing = '00000000-0000-4000-8000-000000000000';
		await expect(updateOrganisation(db, missing, { name: 'X', type: 'cso', country: 'KZ' })).rejects.toBeInstanceOf(
			NotFoundError
		);
		await expect(deleteOrganisation(db, missing)).rejects.toBeInstanceOf(NotFoundError);
	});
});
