import { z } from 'zod';
import { isCountryCode } from '../countries';
import { THEMATIC_AREAS } from '../courses/taxonomy';
import { DIRECTORY_LANGUAGES } from './directory-profile';

/**
 * The directory's search as it travels in the address
 * (`/directory?q=water&country=UZ&area=iwrm&network=calp-alumni&year=2025&language=ru&mentoring=1&sort=name&page=2`).
 * Like the catalog's, a search is never refused: unknown values are dropped, an over-long query
 * is cut, a bad page or sort becomes the default, so any link (old, hand-edited, hostile) shows
 * a page. Which networks a viewer may filter by is decided by searchDirectory, not here.
 */

export const DIRECTORY_MAX_QUERY = 200;
export const DIRECTORY_PAGE_SIZE = 20;
export const DIRECTORY_SORTS = ['relevance', 'name', 'recent'] as const;
export type DirectorySort = (typeof DIRECTORY_SORTS)[number];

export interface DirectorySearch {
	q: string;
	/** ISO 3166-1 alpha-2 codes */
	country: string[];
	/** thematic area keys (src/lib/courses/taxonomy.ts) */
	area: string[];
	/** network slugs */
	network: string[];
	/** years a cohort the person was enrolled in started */
	year: number[];
	/** language codes (DIRECTORY_LANGUAGES) */
	language: string[];
	/** only people open to mentoring */
	mentoring: boolean;
	sort: DirectorySort;
	page: number;
}

/** The list parameters; each is also the name of the form's checkboxes. */
export const DIRECTORY_FACETS = ['country', 'area', 'network', 'year', 'language'] as const;
export type DirectoryFacet = (typeof DIRECTORY_FACETS)[number];

const MAX_CHOICES = 50;
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;

const list = (keep: (value: string) => boolean) =>
	z
		.array(z.string())
		.catch([])
		.transform((values) => [...new Set(values.map((v) => v.trim()).filter(keep))].slice(0, MAX_CHOICES));

export const DirectorySearchSchema = z.object({
	q: z
		.string()
		.catch('')
		.transform((q) => q.replace(/\s+/g, ' ').trim().slice(0, DIRECTORY_MAX_QUERY)),
	country: z
		.array(z.string())
		.catch([])
		.transform((codes) => [...new Set(codes.map((c) => c.trim().toUpperCase()).filter(isCountryCode))].slice(0, MAX_CHOICES)),
	area: list((a) => (THEMATIC_AREAS as readonly string[]).includes(a)),
	network: list((s) => s.length <= 80 && SLUG.test(s)),
	year: z
		.array(z.string())
		.catch([])
		.transform((years) => [...new Set(years.filter((y) => /^\d{4}$/.test(y.trim())).map(Number))].filter((y) => y >= 1990 && y <= 2200).slice(0, MAX_CHOICES)),
	language: list((l) => (DIRECTORY_LANGUAGES as readonly string[]).includes(l)),
	mentoring: z
		.string()
		.nullable()
		.catch(null)
		.transform((v) => v !== null && ['1', 'true', 'on', 'yes'].includes(v.trim().toLowerCase())),
	sort: z.enum(DIRECTORY_SORTS).catch('relevance'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export function parseDirectorySearch(params: URLSearchParams): DirectorySearch {
	return DirectorySearchSchema.parse({
		q: params.get('q') ?? '',
		country: params.getAll('country'),
		area: params.getAll('area'),
		network: params.getAll('network'),
		year: params.getAll('year'),
		language: params.getAll('language'),
		mentoring: params.get('mentoring'),
		sort: params.get('sort') ?? 'relevance',
		page: params.get('page') ?? 1
	});
}
