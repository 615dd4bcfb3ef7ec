import { error, fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { OrganisationSchema } from '$lib/schemas/admin';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { deleteOrganisation, getOrganisation, updateOrganisation } from '$lib/server/organisations/organisations';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function organisationId(id: string) {
	if (!UUID.test(id)) error(404, { message: 'error_organisation_not_found' });
	return id;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireAdmin(locals, url);
	try {
		return { organisation: await getOrganisation(db, organisationId(params.id)), saved: url.searchParams.has('saved') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	update: async ({ locals, request, url, params }) => {
		requireAdmin(locals, url);
		const id = organisationId(params.id);
		const input = parseForm(OrganisationSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			await updateOrganisation(db, id, input.data);
		} catch (e) {
			return failFrom(e, input.data);
		}
		redirect(303, `/admin/organisations/${id}?saved=1`);
	},
	delete: async ({ locals, url, params, request }) => {
		requireAdmin(locals, url);
		const form = await request.formData();
		if (form.get('confirm') !== 'yes') {
			return fail(400, { values: {}, errors: { confirm: 'error_confirm_delete' }, params: {} });
		}
		try {
			await deleteOrganisation(db, organisationId(params.id));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, '/admin/organisations?notice=deleted');
	}
} satisfies Actions;
