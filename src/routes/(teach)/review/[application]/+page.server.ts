import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { readReviewForm } from '$lib/schemas/admissions';
import { failFrom } from '$lib/server/http';
import { ConflictError } from '$lib/server/errors';
import { InvalidFieldsError } from '$lib/server/cohorts/admission-rules';
import { getReviewForReviewer, submitReview } from '$lib/server/cohorts/reviews';
import type { Actions, PageServerLoad } from './$types';

/** An application assigned to me: its content and my rubric form; the others' reviews once I have scored. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		return { ...(await getReviewForReviewer(db, user.id, params.application)), notice: url.searchParams.get('notice') };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	score: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const input = readReviewForm(await request.formData());
		try {
			await db.transaction().execute((trx) => submitReview(trx, user.id, params.application, input, new Date()));
		} catch (e) {
			if (e instanceof InvalidFieldsError) return fail(400, { input, errors: e.errors, params: e.params });
			if (e instanceof ConflictError) return fail(409, { input, errors: { form: e.message }, params: e.params });
			return failFrom(e);
		}
		redirect(303, `/review/${params.application}?notice=scored`);
	}
} satisfies Actions;
