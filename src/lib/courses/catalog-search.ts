/**
 * The catalog's search as it travels in the address (`/courses?q=…&area=iwrm&area=waste`).
 * Free of zod, so the catalog page can build its links without shipping a validator to the
 * browser; the parsing lives in $lib/schemas/catalog.
 */

export const MAX_QUERY = 200;
export const CATALOG_PAGE_SIZE = 12;

export interface CatalogSearch {
	q: string;
	areas: string[];
	languages: string[];
	levels: string[];
	organisationIds: string[];
	page: number;
}

/** The parameter names in the address; the form's fields carry the same names. */
export const CATALOG_PARAMS = { q: 'q', areas: 'area', languages: 'language', levels: 'level', organisationIds: 'organisation' } as const;

/** The address of a search (page 1 is left out, as are empty fields). */
export function catalogSearchParams(search: Omit<CatalogSearch, 'page'> & { page?: number }): URLSearchParams {
	const params = new URLSearchParams();
	if (search.q) params.set(CATALOG_PARAMS.q, search.q);
	for (const key of ['areas', 'languages', 'levels', 'organisationIds'] as const) {
		for (const value of search[key]) params.append(CATALOG_PARAMS[key], value);
	}
	if (search.page && search.page > 1) params.set('page', String(search.page));
	return params;
}
