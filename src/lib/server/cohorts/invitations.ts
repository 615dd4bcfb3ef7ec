import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { Transaction } from 'kysely';
import { zonedLocalToUtc } from '../../datetime';
import { INVITATION_CODE_LENGTH, MAX_INVITATION_USES, MAX_NAME, type InvitationInput } from '../../schemas/cohort-admin';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { lockManagedCohort } from './cohorts';

/**
 * Invitations: codes (and /join/<code> links) that let people into a cohort. Redeeming one
 * is in enrolment.ts; here facilitators make and revoke them.
 */

type Who = Actor | null | undefined;

/**
 * 10 characters of lower-case base32 (a-z, 2-7) from 50 random bits: short enough to read
 * out or type, far too many to guess (redemption is also throttled by the seat rules).
 */
export function newInvitationCode(): string {
	const bytes = new Uint8Array(7);
	crypto.getRandomValues(bytes);
	return encodeBase32LowerCaseNoPadding(bytes).slice(0, INVITATION_CODE_LENGTH);
}

export async function listInvitations(db: Database, cohortId: string) {
	return db
		.selectFrom('cohortInvitation')
		.select(['id', 'code', 'label', 'expiresAt', 'maxUses', 'uses', 'revokedAt', 'createdAt'])
		.where('cohortId', '=', cohortId)
		.orderBy('createdAt', 'desc')
		.execute();
}

/** Whether a code still lets people in at `now` (the same test enrolment.ts applies). */
export function invitationState(inv: { expiresAt: Date | null; maxUses: number | null; uses: number; revokedAt: Date | null }, now: Date) {
	if (inv.revokedAt) return 'revoked' as const;
	if (inv.expiresAt && inv.expiresAt <= now) return 'expired' as const;
	if (inv.maxUses !== null && inv.uses >= inv.maxUses) return 'used_up' as const;
	return 'active' as const;
}

/** Makes a new code. The expiry is typed in the cohort's zone and must be in the future. */
export async function createInvitation(trx: Transaction<DB>, actor: Who, slug: string, input: InvitationInput, now: Date) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const label = input.label.trim();
	if (label.length > MAX_NAME) throw new ValidationError('label', 'error_too_long');
	let expiresAt: Date | null = null;
	if (input.expiresAt) {
		expiresAt = zonedLocalToUtc(input.expiresAt, cohort.timeZone);
		if (!expiresAt) throw new ValidationError('expiresAt', 'error_datetime_invalid');
		if (expiresAt <= now) throw new ValidationError('expiresAt', 'error_invitation_expiry_past');
	}
	const maxUses = input.maxUses;
	if (maxUses !== null && (!Number.isInteger(maxUses) || maxUses < 1 || maxUses > MAX_INVITATION_USES)) {
		throw new ValidationError('maxUses', 'error_invitation_max_uses_invalid');
	}
	// A clash among 2^50 codes is all but impossible; draw again rather than fail if it happens
	// (ON CONFLICT, because a failed insert would abort the whole transaction).
	for (let attempt = 0; attempt < 5; attempt++) {
		const row = await trx
			.insertInto('cohortInvitation')
			.values({ cohortId: cohort.id, code: newInvitationCode(), label, expiresAt, maxUses, createdBy: actor!.id, createdAt: now })
			.onConflict((oc) => oc.column('code').doNothing())
			.returning(['id', 'code'])
			.executeTakeFirst();
		if (row) return row;
	}
	throw new Error('could not draw a free invitation code');
}

/** Stops a code from letting anyone else in; people who used it stay. */
export async function revokeInvitation(trx: Transaction<DB>, actor: Who, slug: string, invitationId: string, now: Date) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx
		.updateTable('cohortInvitation')
		.set({ revokedAt: now })
		.where('id', '=', invitationId)
		.where('cohortId', '=', cohort.id)
		.where('revokedAt', 'is', null)
		.executeTakeFirst();
	if (!result.numUpdatedRows) throw new NotFoundError('error_invitation_not_found');
}
