import * as m from '../paraglide/messages.js';

/**
 * Names of the admission vocabularies (gender, organisation type, decision, application
 * status) in the reader's language, or in `locale` when given (CSV files, mail). Shared by
 * the pages and the server; an unknown value shows as itself.
 */

type Locale = 'en' | 'ru';
type Message = (params?: Record<string, never>, options?: { locale?: Locale }) => string;

const GENDERS: Record<string, Message> = {
	female: m.gender_female,
	male: m.gender_male,
	other: m.gender_other,
	prefer_not_to_say: m.gender_prefer_not_to_say
};

const ORGANISATION_TYPES: Record<string, Message> = {
	cso: m.org_type_cso,
	university: m.org_type_university,
	training_centre: m.org_type_training_centre,
	government: m.org_type_government,
	international: m.org_type_international,
	business: m.org_type_business
};

const DECISIONS: Record<string, Message> = {
	accepted: m.decision_accepted,
	waitlisted: m.decision_waitlisted,
	rejected: m.decision_rejected
};

const STATUSES: Record<string, Message> = {
	draft: m.application_status_draft,
	submitted: m.application_status_submitted,
	withdrawn: m.application_status_withdrawn
};

function name(table: Record<string, Message>, value: string | null | undefined, locale?: Locale) {
	if (!value) return '';
	const message = table[value];
	return message ? message({}, locale ? { locale } : undefined) : value;
}

export const genderName = (v: string | null | undefined, locale?: Locale) => name(GENDERS, v, locale);
export const organisationTypeName = (v: string | null | undefined, locale?: Locale) => name(ORGANISATION_TYPES, v, locale);
export const decisionName = (v: string | null | undefined, locale?: Locale) =>
	v ? name(DECISIONS, v, locale) : m.decision_none({}, locale ? { locale } : undefined);
export const applicationStatusName = (v: string | null | undefined, locale?: Locale) => name(STATUSES, v, locale);

export const GENDER_VALUES = ['female', 'male', 'other', 'prefer_not_to_say'] as const;
export const ORGANISATION_TYPE_VALUES = ['cso', 'university', 'training_centre', 'government', 'international', 'business'] as const;

/** Average scores are shown with one decimal, in the reader's number format. */
const scoreFormats = new Map<string, Intl.NumberFormat>();
export function formatScore(score: number | null | undefined, locale: string): string {
	if (score === null || score === undefined) return '—';
	// Building a NumberFormat costs far more than using one (the dashboard formats 50 a page).
	let format = scoreFormats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
		if (scoreFormats.size > 50) scoreFormats.clear();
		scoreFormats.set(locale, format);
	}
	return format.format(score);
}
