import { LOCALES, MAX_PASSWORD, MIN_PASSWORD, ROLES } from '../../schemas/common';

/**
 * Plain English for the message keys that schemas and domain errors carry. Operators read
 * the CLI in a terminal, not through the app's i18n, so the few keys it can meet live here.
 */
const FIELD_PROBLEMS: Record<string, string> = {
	error_required: 'is required',
	error_too_long: 'is too long',
	error_email_invalid: 'is not a valid email address',
	error_country_unknown: 'is not a known two-letter country code (ISO 3166-1, e.g. KZ, KG, UZ)',
	error_locale_unknown: `must be one of: ${LOCALES.join(', ')}`,
	error_role_unknown: `must be one of: ${ROLES.join(', ')}`,
	error_password_too_short: `must be at least ${MIN_PASSWORD} characters`,
	error_password_too_long: `must be at most ${MAX_PASSWORD} characters`,
	error_password_too_weak: 'is too common or too simple (use at least 4 different characters)',
	error_email_taken: 'already belongs to an account',
	error_organisation_unknown: 'is not a known organisation'
};

const DOMAIN_MESSAGES: Record<string, string> = {
	error_user_not_found: 'No such account.',
	error_not_found: 'Not found.',
	error_cannot_change_own_role: 'An administrator cannot change their own role.',
	error_cannot_deactivate_self: 'An administrator cannot deactivate their own account.',
	error_course_not_found: 'There is no course with that slug.'
};

/** "is not a valid email address"; an unknown key is shown as it is rather than hidden. */
export function fieldProblem(key: string): string {
	return FIELD_PROBLEMS[key] ?? `is invalid (${key})`;
}

/** A whole sentence for a domain error's message key. */
export function domainMessage(key: string, field?: string): string {
	if (field && FIELD_PROBLEMS[key]) return `The ${field} ${FIELD_PROBLEMS[key]}.`;
	return DOMAIN_MESSAGES[key] ?? key;
}
