import { sql, type Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { Cohort, DB, EnrolmentStatus } from '../db/schema';
import { ConflictError } from '../errors';
import { hit, assertNotLimited, type Rule } from '../auth/rate-limit';
import { queueMail } from '../mail/outbox';
import { lockCohort, promoteFromWaitlist, takeSeat } from './seats';
import { enrolledMail, promotedMail, waitlistedMail, type CohortForMail } from './enrolment-mail';

/**
 * The learner's ways into and out of a cohort: self-enrolment (open mode), invitation codes
 * (invitation mode) and leaving. Every seat change goes through seats.ts inside the caller's
 * transaction, after lockCohort, so concurrent requests queue on the cohort's row and the
 * capacity holds. Mail is queued in the same transaction: sent if and only if the change
 * commits. `now` is passed in so rules about dates can be tested with any clock.
 */

export interface EnrolRequest {
	cohortId: string;
	userId: string;
	now: Date;
	/** The site's address, for links in the mail (e.g. https://learn.example.org). */
	origin: string;
	/** When the cohort is full: join the waitlist (the default) or be refused. */
	waitlistWhenFull?: boolean;
}

export type EnrolOutcome = { status: 'enrolled' | 'waitlisted'; waitlistPosition: number | null };

/**
 * Why the cohort does not take people in now (self-enrolment and invitations), or null when
 * it does: its status must be open or running, and `now` inside its enrolment window.
 */
export function enrolmentProblem(cohort: Pick<Cohort, 'status' | 'enrolOpensAt' | 'enrolClosesAt'>, now: Date) {
	if (cohort.status === 'finished') return 'error_cohort_finished';
	if (cohort.status !== 'open' && cohort.status !== 'running') return 'error_enrolment_not_open';
	if (cohort.enrolOpensAt && now < cohort.enrolOpensAt) return 'error_enrolment_not_open';
	if (cohort.enrolClosesAt && now >= cohort.enrolClosesAt) return 'error_enrolment_closed';
	return null;
}

export function assertTakingEnrolments(cohort: Pick<Cohort, 'status' | 'enrolOpensAt' | 'enrolClosesAt'>, now: Date) {
	const problem = enrolmentProblem(cohort, now);
	if (problem) throw new ConflictError(problem);
}

/** Refuses a second way in: one enrolment per person and cohort. */
async function assertNotMember(trx: Database, cohortId: string, userId: string) {
	const existing = await trx
		.selectFrom('enrolment')
		.select(['status'])
		.where('cohortId', '=', cohortId)
		.where('userId', '=', userId)
		.executeTakeFirst();
	if (!existing || existing.status === 'withdrawn') return;
	if (existing.status === 'waitlisted') {
		const rank = await waitlistRank(trx, cohortId, userId);
		throw new ConflictError('error_already_waitlisted', { position: rank ?? 1 });
	}
	// 'pending' (an accepted application not yet released) is told apart nowhere.
	throw new ConflictError(existing.status === 'enrolled' ? 'error_already_enrolled' : 'error_already_applied');
}

/** Self-enrolment in an open-mode cohort: a seat, or the end of the waitlist when it is full. */
export async function selfEnrol(trx: Transaction<DB>, request: EnrolRequest): Promise<EnrolOutcome> {
	const cohort = await lockCohort(trx, request.cohortId);
	if (cohort.enrolmentMode !== 'open') {
		throw new ConflictError(cohort.enrolmentMode === 'application' ? 'error_enrol_needs_application' : 'error_enrol_needs_invitation');
	}
	assertTakingEnrolments(cohort, request.now);
	await assertNotMember(trx, cohort.id, request.userId);
	const outcome = await takeSeat(trx, cohort, {
		userId: request.userId,
		source: 'open',
		waitlistWhenFull: request.waitlistWhenFull ?? true,
		now: request.now
	});
	if (outcome.status === 'full') throw new ConflictError('error_cohort_full');
	const result = await outcomeOf(trx, cohort.id, request.userId, outcome.status);
	await mailOutcome(trx, cohort, request, result);
	return result;
}

/** What the person is told: enrolled, or their place in the waitlist (1 = next in). */
async function outcomeOf(trx: Database, cohortId: string, userId: string, status: string): Promise<EnrolOutcome> {
	if (status !== 'waitlisted') return { status: 'enrolled', waitlistPosition: null };
	return { status: 'waitlisted', waitlistPosition: (await waitlistRank(trx, cohortId, userId)) ?? 1 };
}

/** Failed invitation codes per person: guessing codes gets slow long before it gets lucky. */
export const INVITATION_GUESSES: Rule = { name: 'invitation:user', limit: 10, windowSeconds: 15 * 60 };

/** Codes are what a person types or pastes: surrounding spaces go, case stays. */
/** Codes are made lower-case; people type them as they like (and with stray spaces). */
export function normaliseCode(code: string): string {
	return code.trim().toLowerCase();
}

export type InvitationProblem =
	| 'error_invitation_unknown'
	| 'error_invitation_revoked'
	| 'error_invitation_expired'
	| 'error_invitation_used_up'
	| 'error_invitation_wrong_mode';

/** Why an invitation cannot be used now, or null when it can (the cohort's own window aside). */
export function invitationProblem(
	invitation: { revokedAt: Date | null; expiresAt: Date | null; maxUses: number | null; uses: number },
	cohort: Pick<Cohort, 'enrolmentMode'>,
	now: Date
): InvitationProblem | null {
	if (cohort.enrolmentMode !== 'invitation') return 'error_invitation_wrong_mode';
	if (invitation.revokedAt) return 'error_invitation_revoked';
	if (invitation.expiresAt && now >= invitation.expiresAt) return 'error_invitation_expired';
	if (invitation.maxUses !== null && invitation.uses >= invitation.maxUses) return 'error_invitation_used_up';
	return null;
}

/** An invitation and its cohort, by code (for /join/<code>): undefined when no such code. */
export async function findInvitation(db: Database, code: string) {
	const clean = normaliseCode(code);
	if (!clean || clean.length > 100) return undefined;
	return db
		.selectFrom('cohortInvitation')
		.select(['id', 'cohortId', 'code', 'expiresAt', 'maxUses', 'uses', 'revokedAt'])
		.where('code', '=', clean)
		.executeTakeFirst();
}

/**
 * Redeems an invitation code: a seat, or the waitlist when the cohort is full. The use is
 * counted under the cohort's lock, so a code with one use left admits exactly one person.
 * `cohortId`, when given, is the cohort whose page the code was typed on: a code of another
 * cohort is unknown there.
 */
export async function redeemInvitation(
	trx: Transaction<DB>,
	request: Omit<EnrolRequest, 'cohortId' | 'waitlistWhenFull'> & { code: string; cohortId?: string }
): Promise<EnrolOutcome & { cohortId: string; cohortSlug: string }> {
	const found = await findInvitation(trx, request.code);
	if (!found || (request.cohortId && found.cohortId !== request.cohortId)) {
		throw new ConflictError('error_invitation_unknown');
	}
	const cohort = await lockCohort(trx, found.cohortId);
	// Read again under the cohort's lock: every redemption of this code holds the same lock.
	const invitation = await trx.selectFrom('cohortInvitation').selectAll().where('id', '=', found.id).executeTakeFirstOrThrow();
	await assertNotMember(trx, cohort.id, request.userId);
	const problem = invitationProblem(invitation, cohort, request.now);
	if (problem) throw new ConflictError(problem);
	assertTakingEnrolments(cohort, request.now);
	const outcome = await takeSeat(trx, cohort, {
		userId: request.userId,
		source: 'invitation',
		invitationId: invitation.id,
		waitlistWhenFull: true,
		now: request.now
	});
	if (outcome.status === 'full') throw new ConflictError('error_cohort_full');
	await trx
		.updateTable('cohortInvitation')
		.set({ uses: sql`uses + 1` })
		.where('id', '=', invitation.id)
		.execute();
	const result = await outcomeOf(trx, cohort.id, request.userId, outcome.status);
	await mailOutcome(trx, cohort, { ...request, cohortId: cohort.id }, result);
	return { ...result, cohortId: cohort.id, cohortSlug: cohort.slug };
}

/** Refuses when this person has typed too many wrong codes lately (checked before trying). */
export async function assertMayTryCode(db: Database, userId: string) {
	await assertNotLimited(db, INVITATION_GUESSES, userId);
}

/** Counts a wrong code; call it outside the failed transaction, or the count rolls back with it. */
export async function countWrongCode(db: Database, userId: string) {
	await hit(db, INVITATION_GUESSES, userId);
}

/**
 * The learner leaves the cohort (or its waitlist). Someone who came in by application leaves
 * with it: the application is withdrawn too, so the admission counts no longer include them.
 */
export async function withdraw(trx: Transaction<DB>, request: { cohortId: string; userId: string; now: Date; origin: string }) {
	const cohort = await lockCohort(trx, request.cohortId);
	const promoted = await withdrawEnrolment(trx, cohort, request.userId, request.now, request.origin);
	await trx
		.updateTable('application')
		.set({ status: 'withdrawn', updatedAt: request.now })
		.where('cohortId', '=', cohort.id)
		.where('userId', '=', request.userId)
		.where('status', '=', 'submitted')
		.execute();
	return promoted;
}

/**
 * Ends a person's enrolment (enrolled, pending or waitlisted) in a cohort the caller has
 * locked (lockCohort), frees the seat and fills it from the head of the waitlist at once,
 * mailing each person promoted. Also used when an accepted application is withdrawn.
 * Returns the ids of the people promoted.
 */
export async function withdrawEnrolment(
	trx: Transaction<DB>,
	lockedCohort: Cohort,
	userId: string,
	now: Date,
	origin: string = process.env.ORIGIN ?? ''
): Promise<string[]> {
	const left = await trx
		.updateTable('enrolment')
		.set({ status: 'withdrawn', waitlistPosition: null, listed: false, updatedAt: now })
		.where('cohortId', '=', lockedCohort.id)
		.where('userId', '=', userId)
		.where('status', '!=', 'withdrawn')
		.returning('id')
		.executeTakeFirst();
	if (!left) throw new ConflictError('error_not_enrolled');
	const promoted = await promoteFromWaitlist(trx, lockedCohort, now);
	if (promoted.length) {
		const people = await trx
			.selectFrom('appUser')
			.select(['email', 'name', 'locale'])
			.where('id', 'in', promoted)
			.where('deactivatedAt', 'is', null)
			.execute();
		const cohort = await cohortForMail(trx, lockedCohort, origin);
		for (const person of people) {
			const mail = promotedMail({ cohort, name: person.name, locale: person.locale });
			await queueMail(trx, { ...mail, to: { address: person.email, name: person.name, locale: person.locale } });
		}
	}
	return promoted;
}

/** "List me among participants": only an enrolled member can be listed. */
export async function setListed(db: Database, request: { cohortId: string; userId: string; listed: boolean; now: Date }) {
	const row = await db
		.updateTable('enrolment')
		.set({ listed: request.listed, updatedAt: request.now })
		.where('cohortId', '=', request.cohortId)
		.where('userId', '=', request.userId)
		.where('status', '=', 'enrolled')
		.returning('id')
		.executeTakeFirst();
	if (!row) throw new ConflictError('error_not_enrolled');
}

export interface Membership {
	status: EnrolmentStatus;
	/** 1 for the head of the waitlist; null unless waitlisted */
	waitlistRank: number | null;
	listed: boolean;
	source: string;
	enrolledAt: Date | null;
}

/** The person's place in the cohort, or null when they have none (or withdrew). */
export async function getMembership(db: Database, cohortId: string, userId: string): Promise<Membership | null> {
	const row = await db
		.selectFrom('enrolment as e')
		.select((eb) => [
			'e.status',
			'e.listed',
			'e.source',
			'e.enrolledAt',
			eb
				.selectFrom('enrolment as w')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('w.cohortId', '=', 'e.cohortId')
				.where('w.status', '=', 'waitlisted')
				.whereRef('w.waitlistPosition', '<=', 'e.waitlistPosition')
				.as('rank')
		])
		.where('e.cohortId', '=', cohortId)
		.where('e.userId', '=', userId)
		.executeTakeFirst();
	if (!row || row.status === 'withdrawn') return null;
	return {
		status: row.status,
		waitlistRank: row.status === 'waitlisted' ? Number(row.rank) : null,
		listed: row.listed,
		source: row.source,
		enrolledAt: row.enrolledAt
	};
}

async function waitlistRank(db: Database, cohortId: string, userId: string) {
	return (await getMembership(db, cohortId, userId))?.waitlistRank ?? null;
}

async function cohortForMail(db: Database, cohort: Cohort, origin: string): Promise<CohortForMail> {
	const course = await db.selectFrom('course').select(['title']).where('id', '=', cohort.courseId).executeTakeFirstOrThrow();
	return {
		name: cohort.name,
		courseTitle: course.title,
		startsOn: cohort.startsOn,
		url: `${origin}/cohorts/${cohort.slug}`
	};
}

async function mailOutcome(trx: Database, cohort: Cohort, request: EnrolRequest, outcome: EnrolOutcome) {
	const person = await trx
		.selectFrom('appUser')
		.select(['email', 'name', 'locale'])
		.where('id', '=', request.userId)
		.executeTakeFirstOrThrow();
	const forMail = await cohortForMail(trx, cohort, request.origin);
	const base = { cohort: forMail, name: person.name, locale: person.locale };
	const mail =
		outcome.status === 'enrolled' ? enrolledMail(base) : waitlistedMail({ ...base, position: outcome.waitlistPosition ?? 1 });
	await queueMail(trx, { ...mail, to: { address: person.email, name: person.name, locale: person.locale } });
}
