import { error, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { getMail, retryMail } from '$lib/server/mail/outbox';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function mailId(id: string) {
	if (!UUID.test(id)) error(404, { message: 'error_mail_not_found' });
	return id;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireAdmin(locals, url);
	try {
		return { message: await getMail(db, mailId(params.id)), retried: url.searchParams.has('retried') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	retry: async ({ locals, url, params }) => {
		requireAdmin(locals, url);
		try {
			await retryMail(db, mailId(params.id));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/admin/mail/${params.id}?retried=1`);
	}
} satisfies Actions;
