import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { COHORT_STAFF } from './access';
import { lockManagedCohort } from './cohorts';

/** The people who run a cohort with its creator. */

type Who = Actor | null | undefined;

export async function listFacilitators(db: Database, cohortId: string) {
	return db
		.selectFrom('cohortFacilitator')
		.innerJoin('appUser', 'appUser.id', 'cohortFacilitator.userId')
		.select(['appUser.id', 'appUser.name', 'appUser.email', 'appUser.role', 'cohortFacilitator.createdAt'])
		.where('cohortFacilitator.cohortId', '=', cohortId)
		.orderBy('cohortFacilitator.createdAt')
		.orderBy('appUser.name')
		.execute();
}

/**
 * Makes someone a facilitator of the cohort, by their account's email. They need an active
 * account with a staff role (facilitator, author or administrator): a learner cannot run a
 * cohort, and an administrator changes roles at /admin/users.
 */
export async function addFacilitator(trx: Transaction<DB>, actor: Who, slug: string, email: string, now: Date) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const address = email.trim().toLowerCase();
	const user = await trx
		.selectFrom('appUser')
		.select(['id', 'name', 'role', 'deactivatedAt'])
		.where('email', '=', address)
		.executeTakeFirst();
	if (!user) throw new ValidationError('email', 'error_facilitator_no_account', { email: address });
	if (user.deactivatedAt) throw new ValidationError('email', 'error_facilitator_deactivated', { name: user.name });
	if (!COHORT_STAFF.includes(user.role)) throw new ValidationError('email', 'error_facilitator_not_staff', { name: user.name });
	const added = await trx
		.insertInto('cohortFacilitator')
		.values({ cohortId: cohort.id, userId: user.id, createdAt: now })
		.onConflict((oc) => oc.columns(['cohortId', 'userId']).doNothing())
		.returning('userId')
		.executeTakeFirst();
	if (!added) throw new ValidationError('email', 'error_facilitator_already', { name: user.name });
	return { id: user.id, name: user.name };
}

/** Removes a facilitator; a cohort always keeps at least one (the row lock makes it exact). */
export async function removeFacilitator(trx: Transaction<DB>, actor: Who, slug: string, userId: string) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const facilitators = await trx.selectFrom('cohortFacilitator').select('userId').where('cohortId', '=', cohort.id).execute();
	if (!facilitators.some((f) => f.userId === userId)) throw new NotFoundError('error_facilitator_not_found');
	if (facilitators.length === 1) throw new ConflictError('error_facilitator_last');
	await trx.deleteFrom('cohortFacilitator').where('cohortId', '=', cohort.id).where('userId', '=', userId).execute();
}
