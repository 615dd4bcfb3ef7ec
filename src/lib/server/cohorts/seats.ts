import { sql } from 'kysely';
import type { Database } from '../db/connect';
import type { Cohort, EnrolmentSource } from '../db/schema';
import { NotFoundError } from '../errors';

/**
 * Seats, the one place they are counted. Every function that takes or frees a seat runs
 * inside the caller's transaction after `lockCohort`, which holds the cohort's row lock
 * until commit: concurrent enrolments into one cohort queue there, so the count they read
 * is the count they write against and the capacity is never exceeded.
 */

/** 'pending' (accepted, not yet released) and 'enrolled' hold a seat. */
export const SEAT_HOLDING = ['pending', 'enrolled'] as const;

export async function lockCohort(trx: Database, cohortId: string): Promise<Cohort> {
	const cohort = await trx.selectFrom('cohort').selectAll().where('id', '=', cohortId).forUpdate().executeTakeFirst();
	if (!cohort) throw new NotFoundError('error_cohort_not_found');
	return cohort;
}

export async function seatsTaken(db: Database, cohortId: string): Promise<number> {
	const row = await db
		.selectFrom('enrolment')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('cohortId', '=', cohortId)
		.where('status', 'in', SEAT_HOLDING)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export async function nextWaitlistPosition(db: Database, cohortId: string): Promise<number> {
	const row = await db
		.selectFrom('enrolment')
		.select(sql<number>`coalesce(max(waitlist_position), 0) + 1`.as('next'))
		.where('cohortId', '=', cohortId)
		.where('status', '=', 'waitlisted')
		.executeTakeFirstOrThrow();
	return Number(row.next);
}

export interface SeatRequest {
	userId: string;
	source: EnrolmentSource;
	invitationId?: string | null;
	/** 'pending' for an accepted application whose decision is not yet released */
	holdAs?: 'enrolled' | 'pending';
	/** when the cohort is full: join the waitlist (true) or take nothing (false) */
	waitlistWhenFull: boolean;
	now: Date;
}

export type SeatOutcome = { status: 'enrolled' | 'pending' | 'waitlisted'; waitlistPosition: number | null } | { status: 'full' };

/**
 * Gives the user a seat in the (locked) cohort, or a place at the end of its waitlist, or
 * nothing when it is full and they may not wait. A withdrawn row is reused, so a person
 * has one enrolment per cohort.
 */
export async function takeSeat(trx: Database, cohort: Cohort, request: SeatRequest): Promise<SeatOutcome> {
	const taken = await seatsTaken(trx, cohort.id);
	let status: 'enrolled' | 'pending' | 'waitlisted';
	let waitlistPosition: number | null = null;
	if (taken < cohort.capacity) {
		status = request.holdAs ?? 'enrolled';
	} else if (request.waitlistWhenFull) {
		status = 'waitlisted';
		waitlistPosition = await nextWaitlistPosition(trx, cohort.id);
	} else {
		return { status: 'full' };
	}
	const values = {
		status,
		waitlistPosition,
		source: request.source,
		invitationId: request.invitationId ?? null,
		enrolledAt: status === 'waitlisted' ? null : request.now,
		updatedAt: request.now
	};
	await trx
		.insertInto('enrolment')
		.values({ cohortId: cohort.id, userId: request.userId, ...values })
		.onConflict((oc) => oc.columns(['cohortId', 'userId']).doUpdateSet(values))
		.execute();
	return { status, waitlistPosition };
}

/**
 * Fills free seats of the (locked) cohort from the head of its waitlist, in order, and marks
 * a promoted applicant's application accepted. Returns the user ids promoted, for the
 * caller to tell them.
 */
export async function promoteFromWaitlist(trx: Database, cohort: Cohort, now: Date): Promise<string[]> {
	const free = cohort.capacity - (await seatsTaken(trx, cohort.id));
	if (free <= 0) return [];
	const next = await trx
		.selectFrom('enrolment')
		.select(['id', 'userId'])
		.where('cohortId', '=', cohort.id)
		.where('status', '=', 'waitlisted')
		.orderBy('waitlistPosition')
		.limit(free)
		.execute();
	if (next.length === 0) return [];
	await trx
		.updateTable('enrolment')
		.set({ status: 'enrolled', waitlistPosition: null, enrolledAt: now, updatedAt: now })
		.where(
			'id',
			'in',
			next.map((e) => e.id)
		)
		.execute();
	const userIds = next.map((e) => e.userId);
	// A waitlisted applicant who gets the seat is now accepted, and already told (the caller
	// mails them), so their application says so too.
	await trx
		.updateTable('application')
		.set({ decision: 'accepted', waitlistRank: null, decidedAt: now, decisionReleasedAt: now, updatedAt: now })
		.where('cohortId', '=', cohort.id)
		.where('userId', 'in', userIds)
		.where('decision', '=', 'waitlisted')
		.execute();
	return userIds;
}
