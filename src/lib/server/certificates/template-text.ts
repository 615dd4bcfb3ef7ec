import { PLACEHOLDER_PATTERN, PLACEHOLDERS, type Placeholder } from '../../schemas/certificates';
import type { Locale } from '../db/schema';

/**
 * The words on a certificate: placeholders filled with one certificate's facts, dates and
 * numbers written as its language writes them (template.ts puts them in the template's texts).
 */

/** What one certificate states, as the template's placeholders and the PDF need it. */
export interface CertificateFacts {
	holderName: string;
	courseTitle: string;
	cohortName: string | null;
	/** 'YYYY-MM-DD' */
	startsOn: string | null;
	/** 'YYYY-MM-DD' */
	endsOn: string | null;
	/** 0: not stated (the line with {hours} is left out) */
	hours: number;
	/** per cent, or null: no grade (the line with {grade} is left out) */
	finalGrade: number | null;
	issuedAt: Date;
	serial: string;
	issuerName: string;
	verifyUrl: string;
	/** the zone the date of issue is read in (a cohort's zone); UTC when not given */
	timeZone?: string;
}

export type PlaceholderValues = Partial<Record<Placeholder, string | null | undefined>>;

/**
 * Fills the placeholders. A line in which any placeholder has no value (null, undefined or
 * empty) is left out whole; text that only looks like a placeholder ({x} we do not know) is
 * kept as written: saved templates cannot hold one (the schema refuses them), and an old
 * certificate must still render if a placeholder is ever retired.
 */
export function fillText(text: string, values: PlaceholderValues): string {
	const kept: string[] = [];
	for (const line of text.split('\n')) {
		let missing = false;
		const filled = line.replace(PLACEHOLDER_PATTERN, (whole, name: string) => {
			if (!isPlaceholder(name)) return whole;
			const value = values[name];
			if (value === null || value === undefined || value.trim() === '') {
				missing = true;
				return '';
			}
			return value;
		});
		if (!missing) kept.push(filled);
	}
	return kept.join('\n');
}

const isPlaceholder = (name: string): name is Placeholder => (PLACEHOLDERS as readonly string[]).includes(name);

/** "27 November 2026" / "27 ноября 2026 г.": en is written day first, as in the region. */
const intlLocale = (locale: Locale) => (locale === 'en' ? 'en-GB' : locale);

export function formatCertificateDate(date: Date | string, locale: Locale, timeZone = 'UTC'): string {
	const at = typeof date === 'string' ? new Date(`${date}T12:00:00Z`) : date;
	if (Number.isNaN(at.getTime())) return '';
	return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeZone: typeof date === 'string' ? 'UTC' : timeZone }).format(at);
}

/** "36", "1.5" / "1,5": no trailing zeros; nothing for 0 (not stated). */
export function formatHours(hours: number, locale: Locale): string {
	if (!Number.isFinite(hours) || hours <= 0) return '';
	return new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(hours);
}

/** "87 %" (a no-break space, so the sign never starts a line). */
export function formatGrade(grade: number | null, locale: Locale): string {
	if (grade === null || !Number.isFinite(grade)) return '';
	return `${new Intl.NumberFormat(intlLocale(locale), { maximumFractionDigits: 1 }).format(grade)}\u00a0%`;
}

export function placeholderValues(locale: Locale, facts: CertificateFacts): Record<Placeholder, string> {
	return {
		name: facts.holderName,
		course: facts.courseTitle,
		cohort: facts.cohortName ?? '',
		start: facts.startsOn ? formatCertificateDate(facts.startsOn, locale) : '',
		end: facts.endsOn ? formatCertificateDate(facts.endsOn, locale) : '',
		hours: formatHours(facts.hours, locale),
		grade: formatGrade(facts.finalGrade, locale),
		date: formatCertificateDate(facts.issuedAt, locale, facts.timeZone),
		issuer: facts.issuerName,
		serial: facts.serial
	};
}
