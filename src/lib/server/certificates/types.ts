import type { Locale } from '../db/schema';

/**
 * Shapes shared by the certificate modules: the PDF renderer (pdf.ts), the Open Badges
 * credential (credential.ts) and the issuing rules (certificates.ts).
 */

/** The site's public address, as credentials and QR codes must carry it (ORIGIN, no trailing slash). */
export function publicOrigin(): string {
	return (process.env.ORIGIN || 'http://localhost:3000').replace(/\/+$/, '');
}

/** The public verification page of a certificate. */
export function verifyUrl(origin: string, code: string): string {
	return `${origin}/verify/${code}`;
}

export interface Signatory {
	name: string;
	title: string;
}

/** Everything the PDF shows, already in the certificate's language, placeholders filled. */
export interface CertificatePdfInput {
	locale: Locale;
	/** e.g. "Certificate of completion" */
	title: string;
	/** the line above the name, e.g. "This certifies that" */
	intro: string;
	holderName: string;
	/** the paragraph under the name (may contain line breaks) */
	body: string;
	signatories: Signatory[];
	/** '#RRGGBB' */
	primaryColour: string;
	/** '#RRGGBB' */
	accentColour: string;
	logo: { data: Uint8Array; contentType: 'image/png' | 'image/jpeg' } | null;
	/** e.g. "Issued on 27 November 2026" (formatted by the caller) */
	issuedLine: string;
	serial: string;
	/** e.g. "Serial" / "Номер" */
	serialLabel: string;
	verifyUrl: string;
	/** e.g. "Check this certificate at" */
	verifyLabel: string;
	/** metadata: the issuing organisation */
	issuerName: string;
	/** metadata: the course title */
	courseTitle: string;
}

/** What an Open Badges credential states about one certificate. */
export interface CredentialFacts {
	certificateId: string;
	code: string;
	serial: string;
	holderName: string;
	/** hashed with a salt into the credential's identifier; never stored in clear in it */
	holderEmail: string;
	courseId: string;
	courseTitle: string;
	/** the achievement's description (the course summary) */
	courseDescription: string;
	/** the criteria narrative: what the holder did to earn it */
	criteriaNarrative: string;
	cohortName: string | null;
	hours: number;
	issuerName: string;
	issuedAt: Date;
	statusIndex: number;
}
