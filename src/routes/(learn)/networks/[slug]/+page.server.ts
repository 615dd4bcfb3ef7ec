import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { renderMarkdown } from '$lib/server/content/markdown';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { getNetworkBySlug, getNetworkPage, MEMBERS_PAGE_SIZE } from '$lib/server/directory/networks';
import { acceptInvitation, declineInvitation, leaveNetwork, requestMembership, withdrawRequest } from '$lib/server/directory/network-membership';
import { JoinRequestSchema } from '$lib/schemas/networks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		const page = await getNetworkPage(db, user, params.slug);
		return {
			...page,
			descriptionHtml: renderMarkdown(page.network.description).html,
			pageSize: MEMBERS_PAGE_SIZE,
			notice: url.searchParams.get('notice')
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** Runs one of the person's own membership changes, then shows the page with a notice. */
async function own(locals: App.Locals, url: URL, slug: string, change: (userId: string, networkId: string) => Promise<unknown>, notice: string) {
	const user = requireUser(locals, url);
	try {
		const network = await getNetworkBySlug(db, slug);
		await change(user.id, network.id);
	} catch (e) {
		return failFrom(e);
	}
	redirect(303, `/networks/${slug}?notice=${notice}`);
}

export const actions = {
	request: async ({ locals, url, params, request }) => {
		const user = requireUser(locals, url);
		const input = parseForm(JoinRequestSchema, await request.formData());
		if (!input.ok) return invalid(input);
		let outcome;
		try {
			const network = await getNetworkBySlug(db, params.slug);
			outcome = await db.transaction().execute((trx) => requestMembership(trx, user.id, network.id, input.data.message));
		} catch (e) {
			return failFrom(e, { message: input.data.message });
		}
		redirect(303, `/networks/${params.slug}?notice=${outcome === 'member' ? 'joined' : 'requested'}`);
	},
	withdraw: ({ locals, url, params }) => own(locals, url, params.slug, (u, n) => withdrawRequest(db, u, n), 'withdrawn'),
	accept: ({ locals, url, params }) =>
		own(locals, url, params.slug, (u, n) => db.transaction().execute((trx) => acceptInvitation(trx, u, n)), 'joined'),
	decline: ({ locals, url, params }) => own(locals, url, params.slug, (u, n) => declineInvitation(db, u, n), 'declined'),
	leave: ({ locals, url, params }) => own(locals, url, params.slug, (u, n) => leaveNetwork(db, u, n), 'left')
} satisfies Actions;
