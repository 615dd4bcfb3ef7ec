import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { SignUpSchema } from '$lib/schemas/auth';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom, clientIp, safeRedirectPath } from '$lib/server/http';
import { createUser } from '$lib/server/users/users';
import { createSession, generateToken } from '$lib/server/auth/session';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { RULES, consume } from '$lib/server/auth/rate-limit';
import { listOrganisations } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeRedirectPath(url.searchParams.get('next'), '/profile'));
	const organisations = await listOrganisations(db);
	return {
		organisations: organisations.map(({ id, name }) => ({ id, name })),
		// Where to go once the account exists (an invitation link, a cohort page): same-site paths only.
		next: safeRedirectPath(url.searchParams.get('next'), '')
	};
};

export const actions = {
	signup: async (event) => {
		if (event.locals.user) redirect(303, '/profile');
		const form = await event.request.formData();
		const next = safeRedirectPath(form.get('next'), '');
		const input = parseForm(SignUpSchema, form);
		if (!input.ok) return invalid(input);
		const token = generateToken();
		try {
			await consume(db, RULES.signUpIp, clientIp(event));
			await db.transaction().execute(async (trx) => {
				const user = await createUser(trx, input.data);
				const session = await createSession(trx, token, user.id);
				setSessionCookie(event, token, session.expiresAt);
			});
		} catch (e) {
			const { password: _, ...values } = input.data;
			return failFrom(e, { ...values, organisationId: values.organisationId ?? '' });
		}
		redirect(303, next || '/profile?welcome=1');
	}
} satisfies Actions;
