import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findConnectionState } from '$lib/server/directory/connections';
import { getProfileView } from '$lib/server/directory/profiles';
import type { PageServerLoad } from './$types';

// What a profile shows depends on who asks (visibility.ts): never kept by a shared cache. A
// profile the viewer may not see gets the same 404 as one that does not exist.
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	const profile = await getProfileView(db, locals.user, params.user);
	if (!profile) error(404, { message: 'error_dir_profile_not_found' });
	// Whether the viewer and this person are connected, or a request waits: for the Connect form.
	const connection = locals.user && !profile.own ? await findConnectionState(db, locals.user.id, profile.userId) : null;
	return { profile, connection, signedIn: Boolean(locals.user) };
};
