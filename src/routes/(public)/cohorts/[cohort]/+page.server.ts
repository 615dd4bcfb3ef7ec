import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { ListingSchema, RedeemSchema, WithdrawSchema } from '$lib/schemas/enrolment';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { ConflictError } from '$lib/server/errors';
import { findCohortBySlug } from '$lib/server/cohorts/access';
import { getCohortPage } from '$lib/server/cohorts/cohort-page';
import { assertMayTryCode, countWrongCode, redeemInvitation, selfEnrol, setListed, withdraw } from '$lib/server/cohorts/enrolment';
import type { Actions, PageServerLoad } from './$types';

// Seats, membership and the member area differ per person and change with every enrolment:
// never kept by a shared cache (this route is outside http-cache's public course pages).
export const load: PageServerLoad = async ({ locals, params, url, setHeaders }) => {
	setHeaders({ 'cache-control': 'private, no-store' });
	try {
		return { page: await getCohortPage(db, params.cohort, locals.user, new Date()), notice: url.searchParams.get('notice') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** The signed-in person, or off to sign in and back to this cohort's page. */
function member(locals: App.Locals, slug: string) {
	if (!locals.user) redirect(303, `/signin?next=${encodeURIComponent(`/cohorts/${slug}`)}`);
	return locals.user;
}

const done = (slug: string, notice: string) => redirect(303, `/cohorts/${slug}?notice=${notice}`);

export const actions = {
	enrol: async ({ locals, params, url }) => {
		const user = member(locals, params.cohort);
		let status: string;
		try {
			const cohort = await findCohortBySlug(db, params.cohort);
			const now = new Date();
			({ status } = await db.transaction().execute((trx) => selfEnrol(trx, { cohortId: cohort.id, userId: user.id, now, origin: url.origin })));
		} catch (e) {
			return failFrom(e);
		}
		done(params.cohort, status);
	},
	redeem: async ({ locals, params, request, url }) => {
		const user = member(locals, params.cohort);
		const input = parseForm(RedeemSchema, await request.formData());
		if (!input.ok) return invalid(input);
		let status: string;
		try {
			const cohort = await findCohortBySlug(db, params.cohort);
			await assertMayTryCode(db, user.id);
			const now = new Date();
			({ status } = await db
				.transaction()
				.execute((trx) => redeemInvitation(trx, { code: input.data.code, cohortId: cohort.id, userId: user.id, now, origin: url.origin })));
		} catch (e) {
			if (e instanceof ConflictError && e.message === 'error_invitation_unknown') await countWrongCode(db, user.id);
			return failFrom(e, { code: input.data.code });
		}
		done(params.cohort, status);
	},
	withdraw: async ({ locals, params, request, url }) => {
		const user = member(locals, params.cohort);
		const input = parseForm(WithdrawSchema, await request.formData());
		if (!input.ok) return invalid(input);
		try {
			const cohort = await findCohortBySlug(db, params.cohort);
			const now = new Date();
			await db.transaction().execute((trx) => withdraw(trx, { cohortId: cohort.id, userId: user.id, now, origin: url.origin }));
		} catch (e) {
			return failFrom(e);
		}
		done(params.cohort, 'withdrawn');
	},
	listing: async ({ locals, params, request }) => {
		const user = member(locals, params.cohort);
		const input = parseForm(ListingSchema, await request.formData());
		if (!input.ok) return invalid(input);
		const listed = input.data.listed === 'yes';
		try {
			const cohort = await findCohortBySlug(db, params.cohort);
			await setListed(db, { cohortId: cohort.id, userId: user.id, listed, now: new Date() });
		} catch (e) {
			return failFrom(e);
		}
		done(params.cohort, listed ? 'listed' : 'unlisted');
	}
} satisfies Actions;
