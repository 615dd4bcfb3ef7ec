import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { Cohort, DB, Decision } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError } from '../errors';
import type { Actor } from '../courses/access';
import { queueMail } from '../mail/outbox';
import { isUuid } from './admission-rules';
import { canManageCohort } from './access';
import { decisionMail } from './application-mail';
import { lockCohort, nextWaitlistPosition, seatsTaken, takeSeat } from './seats';

/**
 * Decisions on applications, made by the cohort's managers: the review dashboard, accept /
 * waitlist / reject in bulk, the waitlist's order, and the release that turns decisions into
 * seats and emails. Before release a decision can change freely; a released one is final,
 * except that a released waitlisted applicant can still be accepted. Accepting takes a seat
 * at once ('pending', invisible to the applicant), so the capacity holds at every moment.
 * The dashboard is in review-dashboard.ts, the CSV export in applications-csv.ts.
 */

export { applicationsCsv } from './applications-csv';
export {
	DASHBOARD_PAGE_SIZE,
	DASHBOARD_SORTS,
	DECISION_FILTERS,
	decisionCounts,
	reviewDashboard,
	type Dashboard,
	type DashboardOptions,
	type DashboardSort,
	type DecisionFilter
} from './review-dashboard';

export async function assertCohortManager(db: Database, actor: Actor | null | undefined, cohortId: string) {
	if (!(await canManageCohort(db, actor, cohortId))) throw new ForbiddenError('error_cohort_not_yours');
}

async function nextWaitlistRank(db: Database, cohortId: string) {
	const row = await db
		.selectFrom('application')
		.select(sql<number>`coalesce(max(waitlist_rank), 0) + 1`.as('next'))
		.where('cohortId', '=', cohortId)
		.where('decision', '=', 'waitlisted')
		.executeTakeFirstOrThrow();
	return Number(row.next);
}

/**
 * Decides on submitted applications of the cohort, in bulk. Accepting takes a seat per
 * application ('pending' until release); when fewer seats are free than applications to
 * accept, all are refused with the number of seats left and nothing changes. Waitlisting
 * appends to the waitlist in the order given. Moving an unreleased acceptance elsewhere
 * gives its seat back.
 */
export async function decide(
	trx: Transaction<DB>,
	actor: Actor,
	cohort: Cohort,
	applicationIds: string[],
	decision: Decision,
	now: Date
) {
	await assertCohortManager(trx, actor, cohort.id);
	const ids = [...new Set(applicationIds)];
	if (ids.length === 0) throw new ConflictError('error_select_applications');
	if (!ids.every(isUuid)) throw new NotFoundError('error_application_not_found');
	const locked = await lockCohort(trx, cohort.id);
	const found = await trx
		.selectFrom('application as a')
		.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'a.cohortId').onRef('e.userId', '=', 'a.userId'))
		.select(['a.id', 'a.userId', 'a.status', 'a.decision', 'a.decisionReleasedAt', 'e.status as seat'])
		.where('a.id', 'in', ids)
		.where('a.cohortId', '=', cohort.id)
		.forUpdate('a')
		.execute();
	if (found.length !== ids.length) throw new NotFoundError('error_application_not_found');
	if (found.some((a) => a.status !== 'submitted')) throw new ConflictError('error_applications_not_submitted');
	const byId = new Map(found.map((a) => [a.id, a]));
	const changing = ids.map((id) => byId.get(id)!).filter((a) => a.decision !== decision);
	for (const a of changing) {
		if (a.decisionReleasedAt && !(a.decision === 'waitlisted' && decision === 'accepted')) {
			throw new ConflictError('error_decision_released');
		}
	}
	if (changing.length === 0) return { changed: 0 };

	if (decision === 'accepted') {
		const needSeat = changing.filter((a) => a.seat !== 'pending' && a.seat !== 'enrolled');
		const free = locked.capacity - (await seatsTaken(trx, locked.id));
		if (needSeat.length > free) {
			throw new ConflictError('error_not_enough_seats', { seats: Math.max(0, free), count: needSeat.length });
		}
		for (const a of needSeat) {
			const outcome = await takeSeat(trx, locked, { userId: a.userId, source: 'application', holdAs: 'pending', waitlistWhenFull: false, now });
			if (outcome.status === 'full') throw new ConflictError('error_not_enough_seats', { seats: 0, count: needSeat.length });
		}
	} else {
		const seatsBack = changing.filter((a) => a.decision === 'accepted' && a.seat === 'pending').map((a) => a.userId);
		if (seatsBack.length) {
			await trx
				.deleteFrom('enrolment')
				.where('cohortId', '=', cohort.id)
				.where('userId', 'in', seatsBack)
				.where('status', '=', 'pending')
				.execute();
		}
	}

	const common = { decision, decidedAt: now, decidedBy: actor.id, updatedAt: now };
	if (decision === 'waitlisted') {
		let rank = await nextWaitlistRank(trx, cohort.id);
		for (const a of changing) {
			await trx
				.updateTable('application')
				.set({ ...common, waitlistRank: rank++, decisionReleasedAt: null })
				.where('id', '=', a.id)
				.execute();
		}
	} else {
		// A waitlisted person already promoted to a seat (a place freed up) has been told: nothing more to release.
		const told = changing.filter((a) => a.decisionReleasedAt && a.seat === 'enrolled').map((a) => a.id);
		const rest = changing.map((a) => a.id).filter((id) => !told.includes(id));
		if (rest.length) {
			await trx.updateTable('application').set({ ...common, waitlistRank: null, decisionReleasedAt: null }).where('id', 'in', rest).execute();
		}
		if (told.length) {
			await trx.updateTable('application').set({ ...common, waitlistRank: null, decisionReleasedAt: now }).where('id', 'in', told).execute();
		}
	}
	return { changed: changing.length };
}

/** Moves an unreleased waitlisted application one place up or down among the unreleased. */
export async function reorderWaitlist(
	trx: Transaction<DB>,
	actor: Actor,
	cohort: Cohort,
	applicationId: string,
	direction: 'up' | 'down'
) {
	await assertCohortManager(trx, actor, cohort.id);
	if (!isUuid(applicationId)) throw new NotFoundError('error_application_not_found');
	await lockCohort(trx, cohort.id);
	const target = await trx
		.selectFrom('application')
		.select(['id', 'decision', 'status', 'decisionReleasedAt'])
		.where('id', '=', applicationId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!target || target.status !== 'submitted' || target.decision !== 'waitlisted') {
		throw new NotFoundError('error_application_not_found');
	}
	if (target.decisionReleasedAt) throw new ConflictError('error_waitlist_released');
	const list = await trx
		.selectFrom('application')
		.select(['id', 'waitlistRank'])
		.where('cohortId', '=', cohort.id)
		.where('status', '=', 'submitted')
		.where('decision', '=', 'waitlisted')
		.where('decisionReleasedAt', 'is', null)
		.orderBy('waitlistRank')
		.execute();
	const i = list.findIndex((a) => a.id === applicationId);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (j < 0 || j >= list.length) return { moved: false };
	const [a, b] = [list[i]!, list[j]!];
	await trx.updateTable('application').set({ waitlistRank: b.waitlistRank }).where('id', '=', a.id).execute();
	await trx.updateTable('application').set({ waitlistRank: a.waitlistRank }).where('id', '=', b.id).execute();
	return { moved: true };
}

/**
 * Sends the decisions made since the last release: accepted seats become enrolments,
 * waitlisted applicants join the cohort's waitlist in rank order (after those already
 * waiting), and every applicant gets one email in their language. Decisions already
 * released are not touched, so a second release sends nothing for them.
 */
export async function releaseDecisions(trx: Transaction<DB>, actor: Actor, cohort: Cohort, now: Date, origin: string) {
	await assertCohortManager(trx, actor, cohort.id);
	const locked = await lockCohort(trx, cohort.id);
	const due = await trx
		.selectFrom('application as a')
		.innerJoin('appUser as u', 'u.id', 'a.userId')
		.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'a.cohortId').onRef('e.userId', '=', 'a.userId'))
		.select(['a.id', 'a.userId', 'a.decision', 'u.name', 'u.email', 'u.locale', 'u.deactivatedAt', 'e.status as seat'])
		.where('a.cohortId', '=', cohort.id)
		.where('a.status', '=', 'submitted')
		.where('a.decision', 'is not', null)
		.where('a.decisionReleasedAt', 'is', null)
		.orderBy('a.waitlistRank')
		.orderBy('a.submittedAt')
		.forUpdate('a')
		.execute();
	if (due.length === 0) return { accepted: 0, waitlisted: 0, rejected: 0 };

	const accepted = due.filter((a) => a.decision === 'accepted');
	if (accepted.length) {
		await trx
			.updateTable('enrolment')
			.set({ status: 'enrolled', enrolledAt: now, updatedAt: now })
			.where('cohortId', '=', cohort.id)
			.where('userId', 'in', accepted.map((a) => a.userId))
			.where('status', '=', 'pending')
			.execute();
	}

	// Waitlisted: appended after whoever already waits, in the facilitator's order.
	const waitlisted = due.filter((a) => a.decision === 'waitlisted' && a.seat !== 'enrolled' && a.seat !== 'pending');
	const positions = new Map<string, number>();
	if (waitlisted.length) {
		const ahead = await trx
			.selectFrom('enrolment')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('cohortId', '=', cohort.id)
			.where('status', '=', 'waitlisted')
			.executeTakeFirstOrThrow();
		let next = await nextWaitlistPosition(trx, cohort.id);
		let place = Number(ahead.n);
		for (const a of waitlisted) {
			const values = { status: 'waitlisted' as const, waitlistPosition: next++, source: 'application' as const, enrolledAt: null, updatedAt: now };
			await trx
				.insertInto('enrolment')
				.values({ cohortId: cohort.id, userId: a.userId, ...values })
				.onConflict((oc) => oc.columns(['cohortId', 'userId']).doUpdateSet(values))
				.execute();
			positions.set(a.id, ++place);
		}
	}

	await trx
		.updateTable('application')
		.set({ decisionReleasedAt: now, updatedAt: now })
		.where('id', 'in', due.map((a) => a.id))
		.execute();

	const mailCohort = { name: locked.name, slug: locked.slug, timeZone: locked.timeZone, deadline: locked.enrolClosesAt };
	for (const a of due) {
		if (a.deactivatedAt) continue;
		const mail = decisionMail({
			name: a.name,
			locale: a.locale,
			origin,
			cohort: mailCohort,
			decision: a.decision!,
			position: positions.get(a.id)
		});
		await queueMail(trx, { ...mail, to: { address: a.email, name: a.name, locale: a.locale } });
	}
	const count = (d: Decision) => due.filter((a) => a.decision === d).length;
	return { accepted: count('accepted'), waitlisted: count('waitlisted'), rejected: count('rejected') };
}
