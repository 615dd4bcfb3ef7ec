import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import { DeleteAccountSchema } from '$lib/schemas/connections';
import { confirmPassword, deleteAccount } from '$lib/server/account/delete-account';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	return {};
};

export const actions = {
	delete: async (event) => {
		const me = requireUser(event.locals, event.url);
		const input = parseForm(DeleteAccountSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			await confirmPassword(db, me.id, input.data.password);
			await db.transaction().execute((trx) => deleteAccount(trx, me.id));
		} catch (e) {
			return failFrom(e);
		}
		// The session row went with the account (cascade); the cookie goes too.
		clearSessionCookie(event);
		redirect(303, '/my-data/deleted');
	}
} satisfies Actions;
