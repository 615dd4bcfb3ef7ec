import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { getProfileView } from '$lib/server/directory/profiles';
import type { RequestHandler } from './$types';

/**
 * A profile as JSON, for the signed-in viewer's session (or a visitor): exactly the object the
 * profile page shows, so what the rules leave out is absent here too. Unknown and not visible
 * answer the same 404.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const headers = { 'cache-control': 'private, no-store', vary: 'cookie' };
	const profile = await getProfileView(db, locals.user, params.user);
	if (!profile) return json({ status: 'not_found', message: 'This profile does not exist, or you cannot see it.' }, { status: 404, headers });
	return json(profile, { headers });
};
