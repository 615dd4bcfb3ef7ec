import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { getMyLearning } from '$lib/server/cohorts/my-learning';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	return { my: await getMyLearning(db, user.id, new Date()) };
};
