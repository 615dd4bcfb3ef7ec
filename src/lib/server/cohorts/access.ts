import type { Database } from '../db/connect';
import type { Cohort, Role } from '../db/schema';
import { ForbiddenError, NotFoundError } from '../errors';
import type { Actor } from '../courses/access';

/**
 * Who may run a cohort: the one place these rules live.
 * - Facilitators and admins create cohorts (of any published course).
 * - A cohort is managed by its facilitators (cohort_facilitator, staff roles only) and by admins.
 */

export const COHORT_CREATORS: readonly Role[] = ['facilitator', 'admin'];
/** Roles that may be made a facilitator of a cohort. */
export const COHORT_STAFF: readonly Role[] = ['facilitator', 'author', 'admin'];

export function canCreateCohort(actor: Actor | null | undefined): boolean {
	return !!actor && COHORT_CREATORS.includes(actor.role);
}

export async function isCohortFacilitator(db: Database, cohortId: string, userId: string): Promise<boolean> {
	const row = await db
		.selectFrom('cohortFacilitator')
		.select('userId')
		.where('cohortId', '=', cohortId)
		.where('userId', '=', userId)
		.executeTakeFirst();
	return !!row;
}

export async function canManageCohort(db: Database, actor: Actor | null | undefined, cohortId: string): Promise<boolean> {
	if (!actor) return false;
	if (actor.role === 'admin') return true;
	if (!COHORT_STAFF.includes(actor.role)) return false;
	return isCohortFacilitator(db, cohortId, actor.id);
}

export async function findCohortBySlug(db: Database, slug: string): Promise<Cohort> {
	if (!slug || slug.length > 80) throw new NotFoundError('error_cohort_not_found');
	const cohort = await db.selectFrom('cohort').selectAll().where('slug', '=', slug).executeTakeFirst();
	if (!cohort) throw new NotFoundError('error_cohort_not_found');
	return cohort;
}

/** The cohort, when the actor manages it; otherwise Forbidden (NotFound when there is none). */
export async function requireCohortManager(db: Database, actor: Actor | null | undefined, slug: string): Promise<Cohort> {
	if (!actor || actor.role === 'admin' || !COHORT_STAFF.includes(actor.role)) {
		const cohort = await findCohortBySlug(db, slug);
		if (!(await canManageCohort(db, actor, cohort.id))) throw new ForbiddenError('error_cohort_not_yours');
		return cohort;
	}
	// Staff: the cohort and whether they facilitate it in one statement (every management page runs this).
	if (!slug || slug.length > 80) throw new NotFoundError('error_cohort_not_found');
	const row = await db
		.selectFrom('cohort')
		.selectAll('cohort')
		.select((eb) =>
			eb
				.exists(
					eb
						.selectFrom('cohortFacilitator as f')
						.select('f.userId')
						.whereRef('f.cohortId', '=', 'cohort.id')
						.where('f.userId', '=', actor.id)
				)
				.as('isFacilitator')
		)
		.where('cohort.slug', '=', slug)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_cohort_not_found');
	const { isFacilitator, ...cohort } = row;
	if (!isFacilitator) throw new ForbiddenError('error_cohort_not_yours');
	return cohort;
}
