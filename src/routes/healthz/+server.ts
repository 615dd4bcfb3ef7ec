import { json } from '@sveltejs/kit';
import { db, dbKind } from '$lib/server/db';
import { isDatabaseHealthy } from '$lib/server/db/health';
import type { RequestHandler } from './$types';

/** For load balancers: 200 when the database answers within two seconds, else 503. */
export const GET: RequestHandler = async () => {
	const ok = await isDatabaseHealthy(db);
	return json(
		{ status: ok ? 'ok' : 'unavailable', database: dbKind },
		{ status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
