export const LOCALES = ['en', 'ru'] as const;
export type Locale = (typeof LOCALES)[number];
export const LOCALE_COOKIE = 'bilim_locale';

export function isLocale(value: unknown): value is Locale {
	return value === 'en' || value === 'ru';
}

/**
 * The interface language: the signed-in user's profile, else the language cookie, else the
 * browser's Accept-Language (by quality), else English.
 */
export function pickLocale(input: {
	profile?: string | null;
	cookie?: string | null;
	acceptLanguage?: string | null;
}): Locale {
	if (isLocale(input.profile)) return input.profile;
	if (isLocale(input.cookie)) return input.cookie;
	return fromAcceptLanguage(input.acceptLanguage ?? '') ?? 'en';
}

export function fromAcceptLanguage(header: string): Locale | undefined {
	const ranges = header
		.split(',')
		.slice(0, 20)
		.map((part) => {
			const [tag = '', ...params] = part.trim().split(';');
			const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
			const quality = q ? Number(q.slice(2)) : 1;
			return { lang: tag.toLowerCase().split('-')[0] ?? '', quality: Number.isFinite(quality) ? quality : 0 };
		})
		.filter((r) => r.quality > 0)
		.sort((a, b) => b.quality - a.quality);
	// Russian is the shared language of the region: kk, ky, tg, uz and tk readers get Russian.
	const regional = new Set(['kk', 'ky', 'tg', 'uz', 'tk']);
	for (const r of ranges) {
		if (isLocale(r.lang)) return r.lang;
		if (regional.has(r.lang)) return 'ru';
	}
	return undefined;
}
