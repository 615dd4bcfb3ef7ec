import { z } from 'zod';
import { CATALOG_PARAMS, MAX_QUERY, type CatalogSearch } from '../courses/catalog-search';
import { COURSE_LANGUAGES, LEVELS, THEMATIC_AREAS } from '../courses/taxonomy';

/**
 * A search is never refused: unknown filter values are dropped, an over-long query is cut,
 * a bad page number becomes 1, so any link (old, hand-edited, hostile) shows a page.
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const oneOf = (allowed: readonly string[]) =>
	z
		.array(z.string())
		.catch([])
		.transform((values) => [...new Set(values.filter((v) => allowed.includes(v)))]);

export const CatalogSearchSchema = z.object({
	q: z
		.string()
		.catch('')
		.transform((q) => q.replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY)),
	areas: oneOf(THEMATIC_AREAS),
	languages: oneOf(COURSE_LANGUAGES),
	levels: oneOf(LEVELS),
	organisationIds: z
		.array(z.string())
		.catch([])
		.transform((ids) => [...new Set(ids.filter((id) => UUID.test(id)).map((id) => id.toLowerCase()))].slice(0, 50)),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export function parseCatalogSearch(params: URLSearchParams): CatalogSearch {
	return CatalogSearchSchema.parse({
		q: params.get(CATALOG_PARAMS.q) ?? '',
		areas: params.getAll(CATALOG_PARAMS.areas),
		languages: params.getAll(CATALOG_PARAMS.languages),
		levels: params.getAll(CATALOG_PARAMS.levels),
		organisationIds: params.getAll(CATALOG_PARAMS.organisationIds),
		page: params.get('page') ?? 1
	});
}

export type { CatalogSearch };
