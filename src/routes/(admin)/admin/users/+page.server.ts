import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { ChangeOrganisationSchema, ChangeRoleSchema, UserIdSchema, UserSearchSchema } from '$lib/schemas/admin';
import { listOrganisations } from '$lib/server/organisations/organisations';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { deactivateUser, listUsers, reactivateUser, setOrganisation, setRole } from '$lib/server/users/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const search = UserSearchSchema.parse(Object.fromEntries(url.searchParams));
	const [users, organisations] = await Promise.all([listUsers(db, search), listOrganisations(db)]);
	return {
		...users,
		organisations: organisations.map(({ id, name }) => ({ id, name })),
		q: search.q,
		me: locals.user!.id
	};
};

export const actions = {
	role: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const input = parseForm(ChangeRoleSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await setRole(db, admin.id, input.data.userId, input.data.role);
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'role' as const, userId: input.data.userId };
	},
	organisation: async ({ locals, request, url }) => {
		requireAdmin(locals, url);
		const input = parseForm(ChangeOrganisationSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await setOrganisation(db, input.data.userId, input.data.organisationId);
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'organisation' as const, userId: input.data.userId };
	},
	deactivate: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const input = parseForm(UserIdSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => deactivateUser(trx, admin.id, input.data.userId));
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'deactivated' as const, userId: input.data.userId };
	},
	reactivate: async ({ locals, request, url }) => {
		requireAdmin(locals, url);
		const input = parseForm(UserIdSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await reactivateUser(db, input.data.userId);
		} catch (e) {
			return failFrom(e);
		}
		return { done: 'reactivated' as const, userId: input.data.userId };
	}
} satisfies Actions;

