import { z } from 'zod';

/**
 * The forms that issue, re-issue and revoke certificates (the cohort's Certificates tab and
 * /admin/certificates) and the administrators' search. The limits mirror the domain's
 * (src/lib/server/certificates/certificates.ts), which checks them again.
 */

export const MAX_HOLDER_NAME = 300;
export const MIN_REVOKE_REASON = 3;
export const MAX_REVOKE_REASON = 1000;
/** Certificates a bulk issue makes per request, so each request stays short. */
export const BULK_BATCH = 25;

const Id = z.uuid({ error: 'error_certificate_not_found' });

/** Issue one learner's certificate by hand; `confirm=yes` when the course is not completed. */
export const IssueCertificateSchema = z.object({
	userId: z.uuid({ error: 'error_certificate_learner_not_found' }),
	confirm: z
		.string()
		.optional()
		.transform((v) => v === 'yes')
});

/** One step of a bulk issue; `issuedSoFar` only carries the figure the page shows between steps. */
export const BulkIssueSchema = z.object({
	issuedSoFar: z.coerce.number().int().min(0).max(1_000_000).catch(0)
});

export const ReissueCertificateSchema = z.object({
	certificateId: Id,
	holderName: z
		.string({ error: 'error_certificate_name_invalid' })
		.trim()
		.min(1, { error: 'error_certificate_name_invalid' })
		.max(MAX_HOLDER_NAME, { error: 'error_certificate_name_invalid' })
});

export const RevokeCertificateSchema = z.object({
	certificateId: Id,
	reason: z
		.string({ error: 'error_certificate_reason_invalid' })
		.trim()
		.min(MIN_REVOKE_REASON, { error: 'error_certificate_reason_invalid' })
		.max(MAX_REVOKE_REASON, { error: 'error_certificate_reason_invalid' })
});

export const CertificateSearchSchema = z.object({
	q: z.string().trim().max(200).optional().default('').catch(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
