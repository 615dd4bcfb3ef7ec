import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { ResetPasswordSchema } from '$lib/schemas/auth';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { isResetTokenUsable, resetPassword } from '$lib/server/auth/accounts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params }) => ({
	usable: params.token.length <= 100 && (await isResetTokenUsable(db, params.token))
});

export const actions = {
	reset: async ({ request, params }) => {
		const form = await request.formData();
		form.set('token', params.token);
		const input = parseForm(ResetPasswordSchema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => resetPassword(trx, input.data.token, input.data.password));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, '/signin?reset=1');
	}
} satisfies Actions;
