/** The fixed vocabularies of courses, shared by the importer, the forms and the catalog. */

/** CAREC's eleven thematic areas (see the CSO concept 2020-2025). */
export const THEMATIC_AREAS = [
	'climate-change',
	'iwrm',
	'transboundary-water',
	'flood-emergency',
	'biodiversity',
	'waste',
	'chemical-safety',
	'cso-leadership',
	'environment-health',
	'clean-energy',
	'water-saving'
] as const;
export type ThematicArea = (typeof THEMATIC_AREAS)[number];

/** Languages a course can be written in: the region's, and English. */
export const COURSE_LANGUAGES = ['en', 'ru', 'kk', 'ky', 'tg', 'tk', 'uz', 'fa', 'ps'] as const;
export type CourseLanguage = (typeof COURSE_LANGUAGES)[number];

export const LEVELS = ['introductory', 'intermediate', 'advanced'] as const;
export type Level = (typeof LEVELS)[number];

export const LICENCES = ['CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-SA-4.0', 'all-rights-reserved'] as const;
export type LicenceId = (typeof LICENCES)[number];

export const LICENCE_INFO: Record<LicenceId, { name: string; url: string | null }> = {
	'CC-BY-4.0': { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/' },
	'CC-BY-SA-4.0': { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
	'CC-BY-NC-SA-4.0': { name: 'CC BY-NC-SA 4.0', url: 'https://creativecommons.org/licenses/by-nc-sa/4.0/' },
	'all-rights-reserved': { name: 'All rights reserved', url: null }
};

export const COURSE_STATUSES = ['draft', 'published', 'archived'] as const;
/** Who reads the lessons: anyone ('open'), or members of a cohort, module by module ('cohort'). */
export const COURSE_ACCESS = ['open', 'cohort'] as const;
export type CourseStatusId = (typeof COURSE_STATUSES)[number];

/** PostgreSQL text-search dictionary for a course language; 'simple' where none exists. */
export function searchConfig(language: string): 'english' | 'russian' | 'simple' {
	if (language === 'en') return 'english';
	if (language === 'ru') return 'russian';
	return 'simple';
}

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const MAX_SLUG = 80;

/** A slug from a title: Latin letters transliterated from Cyrillic, the rest dropped. */
export function slugify(text: string): string {
	const map: Record<string, string> = {
		а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
		л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
		ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', ә: 'a', ғ: 'gh',
		қ: 'q', ң: 'ng', ө: 'o', ұ: 'u', ү: 'u', һ: 'h', і: 'i', ӣ: 'i', ӯ: 'u', ҳ: 'h', ҷ: 'j'
	};
	return (
		text
			.toLowerCase()
			.split('')
			.map((c) => map[c] ?? c)
			.join('')
			.normalize('NFKD')
			.replace(/[\u0300-\u036f]/g, '')
			.replace(/[^a-z0-9]+/g, '-')
			.replace(/^-+|-+$/g, '')
			.slice(0, MAX_SLUG)
			.replace(/-+$/g, '') || 'untitled'
	);
}
