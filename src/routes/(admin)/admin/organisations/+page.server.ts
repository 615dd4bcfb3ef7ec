import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { OrganisationSchema } from '$lib/schemas/admin';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { createOrganisation, listOrganisations } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { organisations: await listOrganisations(db), notice: url.searchParams.get('notice') };
};

export const actions = {
	create: async ({ locals, request, url }) => {
		requireAdmin(locals, url);
		const input = parseForm(OrganisationSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await createOrganisation(db, input.data);
		} catch (e) {
			return failFrom(e, input.data);
		}
		redirect(303, '/admin/organisations?notice=created');
	}
} satisfies Actions;
