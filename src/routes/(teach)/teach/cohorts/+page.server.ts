import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guards';
import { NewCohortSchema } from '$lib/schemas/cohort-admin';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { canCreateCohort, COHORT_STAFF } from '$lib/server/cohorts/access';
import { createCohort, listCoursesForCohorts, listManagedCohorts } from '$lib/server/cohorts/cohorts';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, [...COHORT_STAFF], url);
	const canCreate = canCreateCohort(user);
	const [cohorts, courses] = await Promise.all([listManagedCohorts(db, user), canCreate ? listCoursesForCohorts(db, user) : []]);
	return { cohorts, courses, canCreate, course: url.searchParams.get('course'), notice: url.searchParams.get('notice') };
};

export const actions = {
	create: async ({ locals, request, url }) => {
		const user = requireRole(locals, [...COHORT_STAFF], url);
		const form = await request.formData();
		const input = parseForm(NewCohortSchema, form);
		if (!input.ok) return invalid(input);
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => createCohort(trx, user, input.data, new Date())));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		redirect(303, `/teach/cohorts/${slug}?notice=created`);
	}
} satisfies Actions;
