import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { listMail } from '$lib/server/mail/outbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const page = Number(url.searchParams.get('page')) || 1;
	const status = url.searchParams.get('status') ?? '';
	return {
		...(await listMail(db, { page: Math.min(Math.max(1, Math.trunc(page)), 10_000), status })),
		status,
		smtp: Boolean(process.env.SMTP_URL)
	};
};
