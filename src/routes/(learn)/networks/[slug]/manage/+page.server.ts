import { redirect } from '@sveltejs/kit';
import type { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { getNetworkBySlug, type NetworkActor } from '$lib/server/directory/networks';
import { approveRequest, cancelInvitation, declineRequest, inviteToNetwork, listMemberships, removeMember } from '$lib/server/directory/network-membership';
import { dismissReport, hideProfile, listModerationQueue, unhideProfile } from '$lib/server/directory/moderation';
import { HideSchema, NetworkEmailSchema, ReportIdFormSchema, UserIdFormSchema } from '$lib/schemas/networks';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url, params, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		const network = await getNetworkBySlug(db, params.slug);
		const [memberships, queue] = await Promise.all([listMemberships(db, user, network.id), listModerationQueue(db, user, network.id)]);
		return { network, ...memberships, ...queue, notice: url.searchParams.get('notice') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** Guard, parse, call (the domain checks the actor moderates the network), map errors, redirect with a notice. */
async function act<S extends z.ZodType>(
	event: { locals: App.Locals; url: URL; params: { slug: string }; request: Request },
	schema: S,
	call: (actor: NetworkActor, networkId: string, input: z.output<S>) => Promise<string>
) {
	const user = requireUser(event.locals, event.url);
	const input = parseForm(schema, await event.request.formData());
	if (!input.ok) return invalid(input);
	let notice;
	try {
		const network = await getNetworkBySlug(db, event.params.slug);
		notice = await call(user, network.id, input.data);
	} catch (e) {
		return failFrom(e, input.data as Record<string, string>);
	}
	redirect(303, `/networks/${event.params.slug}/manage?notice=${notice}`);
}

export const actions = {
	approve: (e) =>
		act(e, UserIdFormSchema, async (a, n, i) => {
			await db.transaction().execute((trx) => approveRequest(trx, a, n, i.userId, e.url.origin));
			return 'approved';
		}),
	decline: (e) => act(e, UserIdFormSchema, async (a, n, i) => (await declineRequest(db, a, n, i.userId), 'request_declined')),
	invite: (e) =>
		act(e, NetworkEmailSchema, async (a, n, i) => {
			const r = await db.transaction().execute((trx) => inviteToNetwork(trx, a, n, i.email, e.url.origin));
			return r.status === 'member' ? 'invite_approved' : 'invited';
		}),
	cancel: (e) => act(e, UserIdFormSchema, async (a, n, i) => (await cancelInvitation(db, a, n, i.userId), 'invitation_cancelled')),
	remove: (e) => act(e, UserIdFormSchema, async (a, n, i) => (await removeMember(db, a, n, i.userId), 'member_removed')),
	hide: (e) => act(e, HideSchema, async (a, _n, i) => (await hideProfile(db, a, i.userId, i.reason), 'hidden')),
	unhide: (e) => act(e, UserIdFormSchema, async (a, _n, i) => (await unhideProfile(db, a, i.userId), 'unhidden')),
	dismiss: (e) => act(e, ReportIdFormSchema, async (a, _n, i) => (await dismissReport(db, a, i.reportId), 'dismissed'))
} satisfies Actions;
