import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { SignInSchema } from '$lib/schemas/auth';
import { invalid, parseForm } from '$lib/server/form';
import { clientIp, failFrom, safeRedirectPath } from '$lib/server/http';
import { authenticate } from '$lib/server/auth/accounts';
import { createSession, generateToken } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('next'), '/profile'));
	return {
		next: safeRedirectPath(url.searchParams.get('next'), ''),
		passwordReset: url.searchParams.has('reset')
	};
};

export const actions = {
	signin: async (event) => {
		const form = await event.request.formData();
		const next = safeRedirectPath(form.get('next'), '/profile');
		const input = parseForm(SignInSchema, form);
		if (!input.ok) return invalid(input);
		const token = generateToken();
		try {
			const userId = await authenticate(db, { ...input.data, ip: clientIp(event) });
			const session = await createSession(db, token, userId);
			setSessionCookie(event, token, session.expiresAt);
		} catch (e) {
			return failFrom(e, { email: input.data.email });
		}
		redirect(303, next);
	}
} satisfies Actions;
