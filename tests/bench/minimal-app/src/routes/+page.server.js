import { error } from '@sveltejs/kit';
// In the generated app, $lib/server/db is a copy of Bilim's own src/lib/server/db:
// the same drivers, pool size and Kysely plugins as the app.
import { db } from '$lib/server/db';

const userId = process.env.BENCH_USER_ID;

/**
 * One primary-key query, nothing else.
 * @type {import('@sveltejs/kit').ServerLoad}
 */
export const load = async () => {
	if (!userId) error(500, 'BENCH_USER_ID is not set');
	const user = await db.selectFrom('appUser').select(['id', 'name']).where('id', '=', userId).executeTakeFirst();
	if (!user) error(404, 'No such user');
	return { user };
};
