import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { NetworkSchema } from '$lib/schemas/networks';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { createNetwork, listNetworks } from '$lib/server/directory/networks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return { networks: await listNetworks(db), notice: url.searchParams.get('notice') };
};

export const actions = {
	create: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const input = parseForm(NetworkSchema, await request.formData());
		if (!input.ok) return invalid(input);
		let created;
		try {
			created = await createNetwork(db, admin.id, input.data);
		} catch (e) {
			return failFrom(e, input.data);
		}
		redirect(303, `/admin/networks/${created.id}?notice=created`);
	}
} satisfies Actions;
