import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { listMyReviews } from '$lib/server/cohorts/reviews';
import type { PageServerLoad } from './$types';

/** "Reviews": every application assigned to me, in any cohort, the ones to score first. */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireUser(locals, url);
	return { reviews: await listMyReviews(db, user.id) };
};
