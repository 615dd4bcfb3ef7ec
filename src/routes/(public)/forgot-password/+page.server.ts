import { db } from '$lib/server/db';
import { ForgotPasswordSchema } from '$lib/schemas/auth';
import { invalid, parseForm } from '$lib/server/form';
import { clientIp, failFrom } from '$lib/server/http';
import { requestPasswordReset } from '$lib/server/auth/accounts';
import type { Actions } from './$types';

export const actions = {
	request: async (event) => {
		const input = parseForm(ForgotPasswordSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) =>
				requestPasswordReset(trx, { email: input.data.email, ip: clientIp(event), origin: event.url.origin })
			);
		} catch (e) {
			return failFrom(e, { email: input.data.email });
		}
		return { sent: true, values: { email: input.data.email } };
	}
} satisfies Actions;
