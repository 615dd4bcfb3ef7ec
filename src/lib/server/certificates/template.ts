import { sql } from 'kysely';
import * as m from '../../paraglide/messages.js';
import { LOGO_MAX_BYTES, TEMPLATE_LOCALES, TemplateInputSchema, templateErrors, type TemplateInput } from '../../schemas/certificates';
import type { Database } from '../db/connect';
import type { Locale } from '../db/schema';
import { ValidationError } from '../errors';
import { checkLogo } from './logo';
import { fillText, placeholderValues, type CertificateFacts } from './template-text';
import { publicOrigin, verifyUrl, type CertificatePdfInput, type Signatory } from './types';

export {
	fillText,
	formatCertificateDate,
	formatGrade,
	formatHours,
	placeholderValues,
	type CertificateFacts,
	type PlaceholderValues
} from './template-text';

/**
 * Certificate templates (docs/certificates.md, "Templates"): the words, signatories, colours
 * and logo of a course's certificates, and whether they are issued on completion.
 *
 * A course uses its own template, else the site's default (the row with course_id null), else
 * the built-in one below, which needs no row. Texts carry placeholders ({name}, {course} ...)
 * filled per certificate; a line whose placeholder has no value is left out, so one text
 * reads well for a course with or without a cohort or a grade.
 */

export interface TemplateTexts {
	title: string;
	intro: string;
	body: string;
}

export type TemplateScope = 'course' | 'site' | 'builtin';
export type TemplateLogo = { data: Uint8Array; contentType: 'image/png' | 'image/jpeg' };

export interface ResolvedTemplate {
	/** where the template in effect comes from */
	scope: TemplateScope;
	autoIssue: boolean;
	texts: Record<Locale, TemplateTexts>;
	signatories: Signatory[];
	/** '#rrggbb' */
	primaryColour: string;
	/** '#rrggbb' */
	accentColour: string;
	/** null also when read with `{ logo: false }` (see hasLogo) */
	logo: TemplateLogo | null;
	hasLogo: boolean;
	/** changes whenever the template in effect changes (PDF caches key on it) */
	cacheKey: string;
}

/**
 * The built-in template. The hours sit on a line of their own: a course that states no hours
 * then loses only that line, not the sentence saying the course was completed.
 * Bump BUILTIN_VERSION when these change, so cached PDFs follow.
 */
const BUILTIN_VERSION = 1;
export const BUILTIN_TEMPLATE = {
	autoIssue: true,
	texts: {
		en: {
			title: 'Certificate of completion',
			intro: 'This certifies that',
			body: 'has completed the course “{course}”\n({hours} hours of learning)\nin the cohort {cohort}, {start} – {end}\nwith a final grade of {grade}'
		},
		ru: {
			title: 'Сертификат об окончании курса',
			intro: 'Настоящим подтверждается, что',
			body: 'успешно завершил(а) курс «{course}»\n(объём — {hours} ч.)\nв группе «{cohort}», {start} – {end}\nс итоговой оценкой {grade}'
		}
	} satisfies Record<Locale, TemplateTexts>,
	signatories: [] as Signatory[],
	// The site's own green (app.css --primary) and a gold for the frame.
	primaryColour: '#0b5d55',
	accentColour: '#b8892b'
} as const;

/** Everything the PDF renderer needs for one certificate in one language. */
export function buildPdfInput(template: ResolvedTemplate, locale: Locale, facts: CertificateFacts): CertificatePdfInput {
	const values = placeholderValues(locale, facts);
	const texts = template.texts[locale] ?? template.texts.en;
	return {
		locale,
		title: fillText(texts.title, values),
		intro: fillText(texts.intro, values),
		holderName: facts.holderName,
		body: fillText(texts.body, values),
		signatories: template.signatories,
		primaryColour: template.primaryColour,
		accentColour: template.accentColour,
		logo: template.logo,
		issuedLine: m.cert_tpl_pdf_issued({ date: values.date }, { locale }),
		serial: facts.serial,
		serialLabel: m.cert_tpl_pdf_serial({}, { locale }),
		verifyUrl: facts.verifyUrl,
		verifyLabel: m.cert_tpl_pdf_verify({}, { locale }),
		issuerName: facts.issuerName,
		courseTitle: facts.courseTitle
	};
}

/** A sample learner for previews: a Kazakh name in Cyrillic shows the fonts cover it. */
export function sampleFacts(locale: Locale, overrides: Partial<CertificateFacts> = {}): CertificateFacts {
	return {
		holderName: 'Әлия Қасымқызы Нұрланова',
		courseTitle: m.cert_tpl_sample_course({}, { locale }),
		cohortName: m.cert_tpl_sample_cohort({}, { locale }),
		startsOn: '2026-09-07',
		endsOn: '2026-11-27',
		hours: 36,
		finalGrade: 87,
		issuedAt: new Date(),
		serial: 'BLM-2026-000123',
		issuerName: process.env.ISSUER_NAME || 'Bilim',
		verifyUrl: verifyUrl(publicOrigin(), 'sampleabcdefghijklmnopqr'),
		...overrides
	};
}

/** Stored texts for each language we speak; a language the row lacks takes the built-in words. */
function storedTexts(value: unknown): Record<Locale, TemplateTexts> {
	const stored = (value && typeof value === 'object' ? value : {}) as Record<string, Partial<TemplateTexts> | undefined>;
	const texts = {} as Record<Locale, TemplateTexts>;
	for (const locale of TEMPLATE_LOCALES) {
		const t = stored[locale];
		texts[locale] =
			t && typeof t.title === 'string' && typeof t.body === 'string'
				? { title: t.title, intro: typeof t.intro === 'string' ? t.intro : '', body: t.body }
				: BUILTIN_TEMPLATE.texts[locale];
	}
	return texts;
}

function storedSignatories(value: unknown): Signatory[] {
	if (!Array.isArray(value)) return [];
	return value
		.filter((s): s is Signatory => !!s && typeof s.name === 'string' && typeof s.title === 'string')
		.map((s) => ({ name: s.name, title: s.title }));
}

/**
 * The template in effect for a course (or, with null, for the site): the course's row, else
 * the site's, else the built-in one. One query. `{ logo: false }` leaves the logo's bytes
 * unread, for callers that only need the words or the cache key.
 */
export async function resolveTemplate(
	db: Database,
	courseId: string | null,
	options: { logo?: boolean } = {}
): Promise<ResolvedTemplate> {
	const withLogo = options.logo !== false;
	const row = await db
		.selectFrom('certificateTemplate')
		.select(['id', 'courseId', 'autoIssue', 'texts', 'signatories', 'primaryColour', 'accentColour', 'logoType', 'version'])
		.$if(withLogo, (qb) => qb.select('logoData'))
		.where((eb) => (courseId === null ? eb('courseId', 'is', null) : eb.or([eb('courseId', '=', courseId), eb('courseId', 'is', null)])))
		.orderBy(sql`course_id is null`)
		.limit(1)
		.executeTakeFirst();
	if (!row) {
		return {
			scope: 'builtin',
			autoIssue: BUILTIN_TEMPLATE.autoIssue,
			texts: BUILTIN_TEMPLATE.texts,
			signatories: [],
			primaryColour: BUILTIN_TEMPLATE.primaryColour,
			accentColour: BUILTIN_TEMPLATE.accentColour,
			logo: null,
			hasLogo: false,
			cacheKey: `builtin:${BUILTIN_VERSION}`
		};
	}
	return {
		scope: row.courseId === null ? 'site' : 'course',
		autoIssue: row.autoIssue,
		texts: storedTexts(row.texts),
		signatories: storedSignatories(row.signatories),
		primaryColour: row.primaryColour,
		accentColour: row.accentColour,
		logo: row.logoData && row.logoType ? { data: row.logoData, contentType: row.logoType } : null,
		hasLogo: row.logoType !== null,
		cacheKey: `${row.id}:${row.version}`
	};
}

/**
 * Checks an uploaded logo: PNG or JPEG by its first bytes (never by its name), at most 1 MB,
 * and decodable by the PDF renderer (logo.ts), so a saved logo never breaks a certificate.
 */
export function checkTemplateLogo(data: Uint8Array): TemplateLogo {
	if (data.byteLength > LOGO_MAX_BYTES) {
		throw new ValidationError('logo', 'error_file_too_large', { mb: Math.round(LOGO_MAX_BYTES / 1024 / 1024) });
	}
	const png = data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47;
	const jpeg = data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff;
	if (!png && !jpeg) throw new ValidationError('logo', 'error_cert_tpl_logo_type');
	if (!checkLogo(data)) throw new ValidationError('logo', 'error_cert_tpl_logo_unreadable');
	return { data, contentType: png ? 'image/png' : 'image/jpeg' };
}

/** Checks the template (the same rules as the form) and returns it normalised; ValidationError on the first fault. */
export function validTemplate(input: TemplateInput) {
	const parsed = TemplateInputSchema.safeParse(input);
	if (parsed.success) return parsed.data;
	const { errors, params } = templateErrors(parsed.error);
	const [field, message] = Object.entries(errors)[0]!;
	throw new ValidationError(field, message, params[field] ?? {});
}

/**
 * Saves the course's template (or, with null, the site's default): created on first save, the
 * version bumped on each later one (so the cache key changes). The logo: a new upload replaces
 * it; `removeLogo` drops it; otherwise it is kept, and a course's first save keeps the logo it
 * showed until then (the site's), as the editor displayed it. Nothing is stored on a fault.
 */
export async function saveTemplate(
	db: Database,
	courseId: string | null,
	input: TemplateInput & { logo?: Uint8Array | null },
	actorId: string | null
): Promise<{ id: string; version: number; cacheKey: string }> {
	const data = validTemplate(input);
	const upload = input.logo && input.logo.byteLength > 0 ? checkTemplateLogo(input.logo) : null;
	const logo = upload
		? { logoData: upload.data, logoType: upload.contentType }
		: data.removeLogo
			? { logoData: null, logoType: null }
			: null;
	const fields = {
		autoIssue: data.autoIssue,
		texts: JSON.stringify(data.texts),
		signatories: JSON.stringify(data.signatories),
		primaryColour: data.primaryColour,
		accentColour: data.accentColour,
		updatedBy: actorId
	};
	const row = await db
		.insertInto('certificateTemplate')
		.values((eb) => ({
			courseId,
			...fields,
			...(logo ??
				(courseId === null
					? {}
					: {
							logoData: eb.selectFrom('certificateTemplate as site').select('site.logoData').where('site.courseId', 'is', null),
							logoType: eb.selectFrom('certificateTemplate as site').select('site.logoType').where('site.courseId', 'is', null)
						}))
		}))
		.onConflict((oc) =>
			oc.constraint('certificate_template_course_unique').doUpdateSet((eb) => ({
				...fields,
				...(logo ?? {}),
				version: eb(eb.ref('certificateTemplate.version'), '+', 1),
				updatedAt: sql<Date>`now()`
			}))
		)
		.returning(['id', 'version'])
		.executeTakeFirstOrThrow();
	return { id: row.id, version: row.version, cacheKey: `${row.id}:${row.version}` };
}

/** Removes the course's own template: its certificates use the site's default again. */
export async function resetTemplate(db: Database, courseId: string): Promise<boolean> {
	const result = await db.deleteFrom('certificateTemplate').where('courseId', '=', courseId).executeTakeFirst();
	return Number(result.numDeletedRows) > 0;
}
