import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { failFrom } from '$lib/server/http';
import { ConflictError } from '$lib/server/errors';
import { getInvitationPage } from '$lib/server/cohorts/cohort-page';
import { assertMayTryCode, countWrongCode, redeemInvitation } from '$lib/server/cohorts/enrolment';
import type { Actions, PageServerLoad } from './$types';

// What the page says depends on who opens the link (already a member?): never cached.
export const load: PageServerLoad = async ({ locals, params, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		return { invitation: await getInvitationPage(db, params.code, locals.user, new Date()), code: params.code };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	join: async ({ locals, params, url }) => {
		if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(`/join/${params.code}`)}`);
		const user = locals.user;
		let outcome: { status: string; cohortSlug: string };
		try {
			await assertMayTryCode(db, user.id);
			const now = new Date();
			outcome = await db
				.transaction()
				.execute((trx) => redeemInvitation(trx, { code: params.code, userId: user.id, now, origin: url.origin }));
		} catch (e) {
			if (e instanceof ConflictError && e.message === 'error_invitation_unknown') await countWrongCode(db, user.id);
			return failFrom(e);
		}
		redirect(303, `/cohorts/${outcome.cohortSlug}?notice=${outcome.status}`);
	}
} satisfies Actions;
