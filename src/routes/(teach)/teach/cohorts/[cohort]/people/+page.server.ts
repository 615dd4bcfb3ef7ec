import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { FacilitatorSchema, RemoveFacilitatorSchema } from '$lib/schemas/cohort-admin';
import { cohortCounts } from '$lib/server/cohorts/cohorts';
import { addFacilitator, listFacilitators, removeFacilitator } from '$lib/server/cohorts/facilitators';
import { listRoster } from '$lib/server/cohorts/roster';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { user, cohort } = await loadManagedCohort(event);
	const [roster, facilitators, counts] = await Promise.all([
		listRoster(db, cohort.id),
		listFacilitators(db, cohort.id),
		cohortCounts(db, cohort.id)
	]);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone, capacity: cohort.capacity },
		roster,
		facilitators,
		counts,
		me: user.id
	};
};

export const actions = {
	addFacilitator: cohortAction(FacilitatorSchema, 'facilitatorAdded', (trx, user, slug, input) =>
		addFacilitator(trx, user, slug, input.email, new Date())
	),
	removeFacilitator: async (event) => {
		const user = requireUser(event.locals, event.url);
		const form = await event.request.formData();
		const input = parseForm(RemoveFacilitatorSchema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => removeFacilitator(trx, user, event.params.cohort, input.data.userId));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		// Someone who left the cohort no longer manages it: back to their list.
		if (input.data.userId === user.id && user.role !== 'admin') redirect(303, '/teach/cohorts?notice=left');
		return { done: 'facilitatorRemoved' };
	}
} satisfies Actions;
