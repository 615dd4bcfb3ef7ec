import type { Database } from '../db/connect';

/**
 * Makes sure a person has a directory profile, private by default (visible only to members of
 * their networks, every contact channel to no one), filled from their account: called when
 * they join a network, and when they first open their profile editor. Idempotent.
 */
export async function ensureProfile(db: Database, userId: string): Promise<void> {
	await db
		.insertInto('directoryProfile')
		.columns(['userId', 'displayName', 'country', 'organisation'])
		.expression((eb) =>
			eb
				.selectFrom('appUser as u')
				.leftJoin('organisation as o', 'o.id', 'u.organisationId')
				.select((s) => ['u.id', s.fn('left', ['u.name', s.val(120)]).as('displayName'), 'u.country', s.fn.coalesce('o.name', s.val('')).as('organisation')])
				.where('u.id', '=', userId)
		)
		.onConflict((oc) => oc.column('userId').doNothing())
		.execute();
}
