import type { VerifiedCertificate } from './certificates';
import { verifyUrl } from './types';

/** The public JSON form of a verification (GET /api/verify/<code>): what the page says, for machines. */
export function verificationJson(c: VerifiedCertificate, origin: string) {
	return {
		status: c.status,
		valid: c.status === 'valid',
		serial: c.serial,
		holder: c.holderName,
		course: c.courseTitle,
		cohort: c.cohortName,
		startsOn: c.startsOn,
		endsOn: c.endsOn,
		completedAt: c.completedAt?.toISOString() ?? null,
		hours: c.hours,
		issuer: c.issuerName,
		issuedAt: c.issuedAt.toISOString(),
		revoked: c.revokedAt ? { at: c.revokedAt.toISOString(), reason: c.revokedReason } : null,
		superseded: c.supersededAt
			? { at: c.supersededAt.toISOString(), by: c.supersededBySerial, url: c.supersededByCode ? verifyUrl(origin, c.supersededByCode) : null }
			: null,
		url: verifyUrl(origin, c.code),
		credentialStatus: `${origin}/api/credentials/status/revocation`
	};
}
