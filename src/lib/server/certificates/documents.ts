import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Database } from '../db/connect';
import type { CertificateTable, Locale } from '../db/schema';
import { renderCertificatePdf } from './pdf';
import { buildPdfInput, resolveTemplate } from './template';
import { publicOrigin, verifyUrl } from './types';

/**
 * A certificate's PDF, made on demand and kept (certificate_pdf) until its template or the
 * holder's name changes: the key below covers both, and the renderer's own version, so a
 * change to the layout code makes every PDF again. Kept in the database, so every app instance
 * serves the same file and none renders it twice.
 */

/** Bump when the PDF layout code changes in a way existing PDFs should follow. */
const RENDERER_VERSION = 1;

type Certificate = Pick<
	Selectable<CertificateTable>,
	'id' | 'serial' | 'code' | 'courseId' | 'holderName' | 'courseTitle' | 'cohortName' | 'startsOn' | 'endsOn' | 'hours' | 'finalGrade' | 'issuedAt' | 'issuerName'
>;

export async function certificatePdf(db: Database, certificate: Certificate, locale: Locale, origin: string = publicOrigin()): Promise<Uint8Array> {
	const template = await resolveTemplate(db, certificate.courseId);
	const key = createHash('sha256')
		.update(JSON.stringify([RENDERER_VERSION, template.cacheKey, certificate.holderName, locale, origin]))
		.digest('base64url');
	const cached = await db
		.selectFrom('certificatePdf')
		.select('data')
		.where('certificateId', '=', certificate.id)
		.where('locale', '=', locale)
		.where('cacheKey', '=', key)
		.executeTakeFirst();
	if (cached) return cached.data;

	const pdf = await renderCertificatePdf(
		buildPdfInput(template, locale, {
			holderName: certificate.holderName,
			courseTitle: certificate.courseTitle,
			cohortName: certificate.cohortName,
			startsOn: certificate.startsOn,
			endsOn: certificate.endsOn,
			hours: Number(certificate.hours),
			finalGrade: certificate.finalGrade === null ? null : Number(certificate.finalGrade),
			issuedAt: certificate.issuedAt,
			serial: certificate.serial,
			issuerName: certificate.issuerName,
			verifyUrl: verifyUrl(origin, certificate.code)
		})
	);
	await db
		.insertInto('certificatePdf')
		.values({ certificateId: certificate.id, locale, cacheKey: key, data: pdf })
		.onConflict((oc) => oc.columns(['certificateId', 'locale']).doUpdateSet({ cacheKey: key, data: pdf }))
		.execute();
	return pdf;
}
