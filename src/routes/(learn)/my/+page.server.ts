import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { getMyLearning } from '$lib/server/cohorts/my-learning';
import { keepPage } from '$lib/server/page-cache';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const { validUntil, ...my } = await getMyLearning(db, user.id, new Date());
	keepPage(locals, validUntil);
	return { my };
};
