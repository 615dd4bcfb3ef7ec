import { db } from '$lib/server/db';
import { utcToZonedLocal } from '$lib/datetime';
import { CohortSettingsSchema } from '$lib/schemas/cohort-admin';
import { cohortCounts, updateCohort } from '$lib/server/cohorts/cohorts';
import { cohortAction, loadManagedCohort } from '../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const zone = cohort.timeZone;
	return {
		cohort: {
			slug: cohort.slug,
			name: cohort.name,
			timeZone: zone,
			course: cohort.course
		},
		// The form's values as the inputs take them: times on the cohort's clock.
		settings: {
			name: cohort.name,
			description: cohort.description,
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn,
			timeZone: zone,
			enrolOpensAt: utcToZonedLocal(cohort.enrolOpensAt, zone),
			enrolClosesAt: utcToZonedLocal(cohort.enrolClosesAt, zone),
			capacity: String(cohort.capacity),
			enrolmentMode: cohort.enrolmentMode,
			status: cohort.status
		},
		counts: await cohortCounts(db, cohort.id),
		notice: event.url.searchParams.get('notice')
	};
};

export const actions = {
	save: cohortAction(CohortSettingsSchema, 'saved', (trx, user, slug, input, event) =>
		updateCohort(trx, user, slug, input, new Date(), event.url.origin)
	)
} satisfies Actions;
