import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import { issueCertificate } from './certificates';

/**
 * The rules of the cohort's Certificates tab that certificates.ts leaves to its caller: what a
 * cohort's managers may touch is their cohort's learners and certificates, nothing else, and
 * issuing before completion is a deliberate choice.
 */

/** A certificate of this cohort, as a form names it; NotFound for one of any other cohort. */
export async function getCohortCertificate(db: Database, cohortId: string, certificateId: string) {
	const row = await db
		.selectFrom('certificate')
		.select(['id', 'userId', 'revokedAt', 'supersededAt'])
		.where('id', '=', certificateId)
		.where('cohortId', '=', cohortId)
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_certificate_not_found');
	return row;
}

/**
 * Issues a learner's certificate by hand. Only to someone enrolled in the cohort; before they
 * complete the course only when the person issuing confirms it (`confirmed`). Returns the live
 * certificate when there is one already.
 */
export async function issueToCohortLearner(
	trx: Transaction<DB>,
	cohort: { id: string; courseId: string },
	input: { userId: string; actorId: string; confirmed: boolean; now?: Date }
) {
	const learner = await trx
		.selectFrom('enrolment as e')
		.leftJoin('courseCompletion as cc', (j) =>
			j.onRef('cc.userId', '=', 'e.userId').onRef('cc.cohortId', '=', 'e.cohortId').on('cc.courseId', '=', cohort.courseId)
		)
		.select(['e.userId', 'cc.id as completionId'])
		.where('e.cohortId', '=', cohort.id)
		.where('e.userId', '=', input.userId)
		.where('e.status', '=', 'enrolled')
		.executeTakeFirst();
	if (!learner) throw new NotFoundError('error_certificate_learner_not_found');
	if (!learner.completionId && !input.confirmed) throw new ValidationError('confirm', 'error_cert_confirm_not_completed');
	return issueCertificate(trx, { userId: input.userId, courseId: cohort.courseId, cohortId: cohort.id }, { issuedBy: input.actorId, now: input.now });
}
