import type { Database } from '../db/connect';

/** Figures for the admin overview, in three queries whatever the size of the site. */
export async function adminOverview(db: Database) {
	const [roles, organisations, mail] = await Promise.all([
		db
			.selectFrom('appUser')
			.select(['role', (eb) => eb.fn.countAll<number>().as('n')])
			.where('deactivatedAt', 'is', null)
			.groupBy('role')
			.execute(),
		db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
		db
			.selectFrom('mailOutbox')
			.select(['status', (eb) => eb.fn.countAll<number>().as('n')])
			.groupBy('status')
			.execute()
	]);
	const byRole = Object.fromEntries(roles.map((r) => [r.role, r.n])) as Record<string, number>;
	const byStatus = Object.fromEntries(mail.map((r) => [r.status, r.n])) as Record<string, number>;
	return {
		users: {
			learner: byRole.learner ?? 0,
			author: byRole.author ?? 0,
			facilitator: byRole.facilitator ?? 0,
			admin: byRole.admin ?? 0
		},
		organisations: organisations.n,
		mail: { queued: byStatus.queued ?? 0, sent: byStatus.sent ?? 0, failed: byStatus.failed ?? 0 }
	};
}
