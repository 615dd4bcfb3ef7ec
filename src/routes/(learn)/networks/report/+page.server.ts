import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { findReportableProfile, reportProfile } from '$lib/server/directory/moderation';
import { ReportSchema } from '$lib/schemas/networks';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// /networks/report?user=<id>: the report form for a profile the person may see (the profile
// page links here, or posts to ?/report directly through NetworkReportForm).
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const id = url.searchParams.get('user') ?? '';
	const profile = UUID.test(id) ? await findReportableProfile(db, user.id, id) : undefined;
	if (!profile) error(404, { message: 'error_net_profile_not_found' });
	return { profile, sent: url.searchParams.has('sent') };
};

export const actions = {
	report: async ({ locals, url, request }) => {
		const user = requireUser(locals, url);
		const input = parseForm(ReportSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await reportProfile(db, user.id, input.data.userId, input.data.reason);
		} catch (e) {
			return failFrom(e, input.data);
		}
		redirect(303, `/networks/report?user=${input.data.userId}&sent=1`);
	}
} satisfies Actions;
