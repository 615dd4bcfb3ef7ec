import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { OrganisationType } from '../db/schema';
import { NotFoundError, ValidationError, isUniqueViolation } from '../errors';

export interface OrganisationInput {
	name: string;
	type: OrganisationType;
	country: string;
}

export function listOrganisations(db: Database) {
	return db
		.selectFrom('organisation')
		.select((eb) => [
			'organisation.id',
			'organisation.name',
			'organisation.type',
			'organisation.country',
			eb
				.selectFrom('appUser')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('appUser.organisationId', '=', 'organisation.id')
				.as('memberCount')
		])
		.orderBy(sql`lower(name)`)
		.execute();
}

export async function getOrganisation(db: Database, id: string) {
	const org = await db.selectFrom('organisation').selectAll().where('id', '=', id).executeTakeFirst();
	if (!org) throw new NotFoundError('error_organisation_not_found');
	return org;
}

export async function createOrganisation(db: Database, input: OrganisationInput) {
	try {
		return await db.insertInto('organisation').values(input).returningAll().executeTakeFirstOrThrow();
	} catch (e) {
		if (isUniqueViolation(e)) throw new ValidationError('name', 'error_organisation_name_taken');
		throw e;
	}
}

export async function updateOrganisation(db: Database, id: string, input: OrganisationInput) {
	try {
		const result = await db
			.updateTable('organisation')
			.set({ ...input, updatedAt: sql`now()` })
			.where('id', '=', id)
			.executeTakeFirst();
		if (result.numUpdatedRows === 0n) throw new NotFoundError('error_organisation_not_found');
	} catch (e) {
		if (isUniqueViolation(e)) throw new ValidationError('name', 'error_organisation_name_taken');
		throw e;
	}
}

/** Members keep their accounts; their organisation becomes none. */
export async function deleteOrganisation(db: Database, id: string) {
	const result = await db.deleteFrom('organisation').where('id', '=', id).executeTakeFirst();
	if (result.numDeletedRows === 0n) throw new NotFoundError('error_organisation_not_found');
}

