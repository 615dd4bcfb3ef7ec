import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { parseCatalogSearch } from '$lib/schemas/catalog';
import { searchCatalog } from '$lib/server/courses/catalog';
import type { PageServerLoad } from './$types';

// The catalog is public: anyone may search it, and it lists published courses only
// (searchCatalog's rule), so there is no one to keep out.
export const load: PageServerLoad = async ({ url }) => {
	const search = parseCatalogSearch(url.searchParams);
	const run = () => searchCatalog(db, search);
	const results = await (contentCache ? contentCache.get(db, `catalog:${JSON.stringify(search)}`, run) : run());
	return { search, ...results };
};
