import { json } from '@sveltejs/kit';
import { sql } from 'kysely';
import { db, dbKind } from '$lib/server/db';
import type { RequestHandler } from './$types';

/** For load balancers: 200 when the database answers within two seconds, else 503. */
export const GET: RequestHandler = async () => {
	try {
		await Promise.race([
			sql`select 1`.execute(db),
			new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))
		]);
		return json({ status: 'ok', database: dbKind }, { headers: { 'cache-control': 'no-store' } });
	} catch {
		return json({ status: 'unavailable', database: dbKind }, { status: 503, headers: { 'cache-control': 'no-store' } });
	}
};
