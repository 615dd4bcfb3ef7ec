import { error, fail, redirect } from '@sveltejs/kit';
import type { z } from 'zod';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { LinkIdFormSchema, NetworkEmailSchema, NetworkLinkSchema, NetworkSchema, UserIdFormSchema } from '$lib/schemas/networks';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import * as networks from '$lib/server/directory/networks';
import type { Actions, PageServerLoad } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function networkId(id: string) {
	if (!UUID.test(id)) error(404, { message: 'error_net_not_found' });
	return id;
}

export const load: PageServerLoad = async ({ locals, url, params }) => {
	requireAdmin(locals, url);
	const id = networkId(params.id);
	try {
		const [network, moderators, links, targets] = await Promise.all([
			networks.getNetwork(db, id),
			networks.listModerators(db, id),
			networks.listLinks(db, id),
			networks.listLinkTargets(db)
		]);
		return { network, moderators, links, targets, notice: url.searchParams.get('notice') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** Guard, parse, call, map errors, come back with a notice. */
async function act<S extends z.ZodType>(
	event: { locals: App.Locals; url: URL; params: { id: string }; request: Request },
	schema: S,
	call: (id: string, input: z.output<S>) => Promise<unknown>,
	notice: string
) {
	requireAdmin(event.locals, event.url);
	const id = networkId(event.params.id);
	const input = parseForm(schema, await event.request.formData());
	if (!input.ok) return invalid(input);
	try {
		await call(id, input.data);
	} catch (e) {
		return failFrom(e, input.data as Record<string, string>);
	}
	redirect(303, `/admin/networks/${id}?notice=${notice}`);
}

export const actions = {
	update: (e) => act(e, NetworkSchema, (id, input) => networks.updateNetwork(db, id, input), 'saved'),
	addModerator: (e) => act(e, NetworkEmailSchema, (id, input) => networks.addModerator(db, id, input.email), 'moderator_added'),
	removeModerator: (e) => act(e, UserIdFormSchema, (id, input) => networks.removeModerator(db, id, input.userId), 'moderator_removed'),
	addLink: (e) => act(e, NetworkLinkSchema, (id, input) => networks.addLink(db, id, input), 'link_added'),
	removeLink: (e) => act(e, LinkIdFormSchema, (id, input) => networks.removeLink(db, id, input.linkId), 'link_removed'),
	delete: async ({ locals, url, params, request }) => {
		requireAdmin(locals, url);
		const form = await request.formData();
		if (form.get('confirm') !== 'yes') return fail(400, { values: {}, errors: { confirm: 'error_confirm_delete' }, params: {} });
		try {
			await networks.deleteNetwork(db, networkId(params.id));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, '/admin/networks?notice=deleted');
	}
} satisfies Actions;
