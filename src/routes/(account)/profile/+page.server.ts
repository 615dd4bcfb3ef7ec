import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { ChangePasswordSchema, ProfileSchema } from '$lib/schemas/auth';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/guards';
import { changePassword } from '$lib/server/auth/accounts';
import { createSession, generateToken, invalidateUserSessions } from '$lib/server/auth/session';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookies';
import { ORGANISATION_LOCKED_ROLES, getUser, updateProfile } from '$lib/server/users/users';
import { listOrganisations } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const me = requireUser(locals, url);
	const [user, organisations] = await Promise.all([getUser(db, me.id), listOrganisations(db)]);
	return {
		profile: {
			name: user.name,
			email: user.email,
			country: user.country,
			organisationId: user.organisationId ?? '',
			locale: user.locale,
			role: user.role,
			createdAt: user.createdAt
		},
		organisations: organisations.map(({ id, name }) => ({ id, name })),
		organisationLocked: ORGANISATION_LOCKED_ROLES.includes(user.role),
		welcome: url.searchParams.has('welcome'),
		notice: url.searchParams.get('notice')
	};
};

export const actions = {
	update: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		const input = parseForm(ProfileSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await updateProfile(db, me.id, input.data);
		} catch (e) {
			return failFrom(e, { ...input.data, organisationId: input.data.organisationId ?? '' });
		}
		redirect(303, '/profile?notice=saved');
	},
	password: async (event) => {
		const me = requireUser(event.locals, event.url);
		const input = parseForm(ChangePasswordSchema, await event.request.formData());
		if (!input.ok) return invalid(input);
		const token = generateToken();
		try {
			await db.transaction().execute(async (trx) => {
				await changePassword(trx, me.id, input.data.current, input.data.password);
				// Every other device is signed out; this one gets a fresh session.
				const session = await createSession(trx, token, me.id);
				setSessionCookie(event, token, session.expiresAt);
			});
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, '/profile?notice=password');
	},
	signoutEverywhere: async (event) => {
		const me = requireUser(event.locals, event.url);
		await invalidateUserSessions(db, me.id);
		clearSessionCookie(event);
		redirect(303, '/signin');
	}
} satisfies Actions;
