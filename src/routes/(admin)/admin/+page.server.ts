import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { adminOverview } from '$lib/server/admin/overview';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { overview: await adminOverview(db), smtp: Boolean(process.env.SMTP_URL) };
};
