import { db } from '$lib/server/db';
import { AnnouncementIdSchema, AnnouncementSchema } from '$lib/schemas/cohort-admin';
import { deleteAnnouncement, listAnnouncements, postAnnouncement } from '$lib/server/cohorts/announcements';
import { cohortCounts } from '$lib/server/cohorts/cohorts';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const [announcements, counts] = await Promise.all([listAnnouncements(db, cohort.id), cohortCounts(db, cohort.id)]);
	return { cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone }, announcements, members: counts.enrolled };
};

export const actions = {
	post: cohortAction(AnnouncementSchema, 'announcementPosted', (trx, user, slug, input, event) =>
		postAnnouncement(trx, user, slug, input, new Date(), event.url.origin)
	),
	delete: cohortAction(AnnouncementIdSchema, 'announcementDeleted', (trx, user, slug, input) =>
		deleteAnnouncement(trx, user, slug, input.announcementId)
	)
} satisfies Actions;
