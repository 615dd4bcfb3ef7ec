import { db } from '$lib/server/db';
import { parseDirectorySearch } from '$lib/schemas/directory-search';
import { searchDirectory } from '$lib/server/directory/search';
import { keepPage } from '$lib/server/page-cache';
import type { PageServerLoad } from './$types';

// Open to everyone: a visitor sees public profiles only, a signed-in person what each profile's
// owner shares with them (searchDirectory applies visibility.ts to every result and count).
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const search = parseDirectorySearch(url.searchParams);
	const viewer = locals.user ? { id: locals.user.id, role: locals.user.role } : null;
	if (viewer) {
		setHeaders({ 'cache-control': 'private, no-store' });
		// Every table the page reads moves data_version on at commit, so the kept page is never stale.
		keepPage(locals);
	}
	const result = await searchDirectory(db, viewer, search);
	return { signedIn: viewer !== null, ...result };
};
