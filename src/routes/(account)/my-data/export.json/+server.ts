import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { exportMyData } from '$lib/server/account/my-data';
import type { RequestHandler } from './$types';

/** The signed-in person's data as a JSON download; never cached, never shared. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	const now = new Date();
	const data = await exportMyData(db, user.id, now);
	return new Response(JSON.stringify(data, null, 2), {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="bilim-my-data-${now.toISOString().slice(0, 10)}.json"`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
