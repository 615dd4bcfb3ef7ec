import { z } from 'zod';
import { isCountryCode } from '../countries';

/**
 * Shared field rules. Every error message is a message key (src/lib/i18n/messages), shown
 * beside the field in the reader's language.
 */
export const LOCALES = ['en', 'ru'] as const;
export const ROLES = ['learner', 'author', 'facilitator', 'admin'] as const;
export const ORGANISATION_TYPES = [
	'cso',
	'university',
	'training_centre',
	'government',
	'international',
	'business'
] as const;

const text = (max: number, requiredKey = 'error_required') =>
	z
		.string({ error: requiredKey })
		.trim()
		.min(1, { error: requiredKey })
		.max(max, { error: 'error_too_long' });

export const EmailField = text(254)
	.pipe(z.email({ error: 'error_email_invalid' }))
	.transform((e) => e.toLowerCase());
export const NameField = text(120);
export const CountryField = z
	.string({ error: 'error_country_unknown' })
	.trim()
	.toUpperCase()
	.refine(isCountryCode, { error: 'error_country_unknown' });
export const LocaleField = z.enum(LOCALES, { error: 'error_locale_unknown' });
export const RoleField = z.enum(ROLES, { error: 'error_role_unknown' });
export const OrganisationTypeField = z.enum(ORGANISATION_TYPES, { error: 'error_organisation_type_unknown' });
/** An optional select: the empty option means none. */
export const OptionalIdField = z
	.string()
	.trim()
	.optional()
	.transform((v) => (v ? v : null))
	.pipe(z.uuid({ error: 'error_not_found' }).nullable());

export const MIN_PASSWORD = 10;
export const MAX_PASSWORD = 256;
/** Passwords long enough to pass the length rule that attackers try first. */
const COMMON = new Set([
	'1234567890',
	'12345678910',
	'0123456789',
	'0987654321',
	'1111111111',
	'password12',
	'password123',
	'password1234',
	'qwertyuiop',
	'qwerty1234',
	'qwerty12345',
	'1q2w3e4r5t',
	'iloveyou12',
	'aaaaaaaaaa',
	'abcdefghij',
	'abcd123456',
	'йцукенгшщз',
	'пароль1234',
	'parol12345'
]);

export const PasswordField = z
	.string({ error: 'error_required' })
	.min(1, { error: 'error_required' })
	.min(MIN_PASSWORD, { error: 'error_password_too_short' })
	.max(MAX_PASSWORD, { error: 'error_password_too_long' })
	.refine((p) => !COMMON.has(p.toLowerCase()) && new Set(p).size >= 4, {
		error: 'error_password_too_weak'
	});
