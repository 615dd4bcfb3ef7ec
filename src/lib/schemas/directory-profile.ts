import { z } from 'zod';
import { COURSE_LANGUAGES, THEMATIC_AREAS } from '../courses/taxonomy';
import { CountryField } from './common';

/**
 * The directory profile editor's form (src/routes/(learn)/directory/me). Safe to import in the
 * browser. Formats only: who may see what is decided in src/lib/server/directory/visibility.ts,
 * and the visibility values themselves are checked there too (isVisibility), by updateProfile.
 */

/** Languages a person can say they speak: the region's and English first, then a few more. */
export const DIRECTORY_LANGUAGES = [...COURSE_LANGUAGES, 'tr', 'zh', 'de', 'fr', 'es', 'ar', 'ur', 'hi'] as const;
export type DirectoryLanguage = (typeof DIRECTORY_LANGUAGES)[number];

/** The editor's visibility choices, narrowest first (the same values as visibility.ts). */
export const CONTACT_VISIBILITY_CHOICES = ['self', 'connections', 'networks', 'public'] as const;
export const PROFILE_VISIBILITY_CHOICES = ['networks', 'public'] as const;

/** The contact channels, as the form names them; each has a `<name>Visibility` select. */
export const CONTACT_CHANNELS = ['contactEmail', 'phone', 'telegram', 'linkedin', 'website'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** Preview as: the kinds of viewer the editor shows the profile to (GET ?as=). */
export const PREVIEW_AS = ['visitor', 'member', 'connection'] as const;
export type PreviewAs = (typeof PREVIEW_AS)[number];

export const PHOTO_MAX_BYTES = 2 * 1024 * 1024;
export const PHOTO_MAX_SIDE = 4000;

const text = (max: number) => z.string().trim().max(max, { error: 'error_too_long' }).default('');
const oneLine = (max: number) => text(max).transform((v) => v.replace(/\s+/g, ' '));

/** "+998 90 123-45-67", "(0312) 62 00 00": digits with the usual separators, 6 to 20 digits. */
const PHONE = /^\+?[0-9 ()./-]{6,40}$/;
/** A Telegram username (5-32 letters, digits, underscores) as @handle or a t.me link. */
const TELEGRAM = /^(?:@|(?:https?:\/\/)?t\.me\/)([A-Za-z][A-Za-z0-9_]{4,31})\/?$/;

function httpUrl(value: string): URL | null {
	try {
		const url = new URL(value);
		return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.') && !url.username && !url.password
			? url
			: null;
	} catch {
		return null;
	}
}

/** A Telegram handle as stored and shown: "@name" (a t.me link is reduced to it). */
export function normaliseTelegram(value: string): string | null {
	const match = TELEGRAM.exec(value.trim());
	return match ? `@${match[1]}` : null;
}

/** A LinkedIn profile or company address on linkedin.com (https added when missing). */
export function normaliseLinkedin(value: string): string | null {
	const url = httpUrl(/^https?:\/\//i.test(value) ? value : `https://${value}`);
	if (!url) return null;
	const host = url.hostname.toLowerCase();
	if (host !== 'linkedin.com' && !host.endsWith('.linkedin.com')) return null;
	if (url.pathname === '/' || url.pathname === '') return null;
	url.protocol = 'https:';
	return url.toString();
}

export function normaliseWebsite(value: string): string | null {
	return httpUrl(value)?.toString() ?? null;
}

const optionalFormat = (max: number, normalise: (v: string) => string | null, key: string) =>
	text(max).transform((value, ctx) => {
		if (value === '') return '';
		const normalised = normalise(value);
		if (normalised === null || normalised.length > max) {
			ctx.addIssue({ code: 'custom', message: key });
			return z.NEVER;
		}
		return normalised;
	});

/** Ticked boxes arrive one value per line (readProfileForm joins them). */
const list = <T extends string>(allowed: readonly T[], key: string) =>
	z
		.string()
		.default('')
		.transform((v) => [...new Set(v.split('\n').map((s) => s.trim()).filter(Boolean))])
		.refine((values) => values.length <= allowed.length && values.every((v) => (allowed as readonly string[]).includes(v)), {
			error: key
		})
		.transform((values) => allowed.filter((a) => values.includes(a)));

/** A visibility select: any string here; updateProfile refuses what isVisibility does not know. */
const visibility = z.string().default('');

export const ProfileSchema = z.object({
	displayName: oneLine(120).refine((v) => v.length > 0, { error: 'error_required' }),
	headline: oneLine(160),
	organisation: oneLine(200),
	country: CountryField,
	city: oneLine(100),
	expertise: list(THEMATIC_AREAS, 'error_dir_profile_area_unknown'),
	languages: list(DIRECTORY_LANGUAGES, 'error_dir_profile_language_unknown'),
	bio: text(5000).transform((v) => v.replace(/\r\n?/g, '\n')),
	openToMentoring: z
		.string()
		.optional()
		.transform((v) => v === 'on' || v === 'true' || v === 'yes'),
	visibility,
	contactEmail: optionalFormat(254, (v) => (z.email().safeParse(v).success ? v.toLowerCase() : null), 'error_email_invalid'),
	contactEmailVisibility: visibility,
	phone: optionalFormat(40, (v) => (PHONE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6 && (v.match(/\d/g)?.length ?? 0) <= 20 ? v : null), 'error_dir_profile_phone_invalid'),
	phoneVisibility: visibility,
	telegram: optionalFormat(64, normaliseTelegram, 'error_dir_profile_telegram_invalid'),
	telegramVisibility: visibility,
	linkedin: optionalFormat(300, normaliseLinkedin, 'error_dir_profile_linkedin_invalid'),
	linkedinVisibility: visibility,
	website: optionalFormat(300, normaliseWebsite, 'error_dir_profile_website_invalid'),
	websiteVisibility: visibility
});
export type ProfileInput = z.output<typeof ProfileSchema>;

const LIST_FIELDS = ['expertise', 'languages'] as const;

/**
 * parseForm keeps one value per name: the ticked boxes of each list are joined with a newline
 * first (no value can contain one), so the schema sees them all.
 */
export function readProfileForm(form: FormData): FormData {
	const out = new FormData();
	for (const [key, value] of form) {
		if (typeof value === 'string' && !(LIST_FIELDS as readonly string[]).includes(key)) out.append(key, value);
	}
	for (const key of LIST_FIELDS) {
		const values = form.getAll(key).filter((v): v is string => typeof v === 'string');
		out.set(key, values.slice(0, 50).map((v) => v.replace(/[\r\n]+/g, ' ')).join('\n'));
	}
	return out;
}

export const PreviewAsSchema = z.enum(PREVIEW_AS).optional().catch(undefined);
