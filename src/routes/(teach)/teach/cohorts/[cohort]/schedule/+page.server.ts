import { z } from 'zod';
import { db } from '$lib/server/db';
import { utcToZonedLocal } from '$lib/datetime';
import { DeleteSessionSchema, EditSessionSchema, RELEASE_PREFIX, SessionSchema } from '$lib/schemas/cohort-admin';
import { createSession, deleteSession, listModuleReleases, listSessions, setModuleReleases, updateSession } from '$lib/server/cohorts/schedule';
import { DUE_PREFIX, listLessonDueDates, setLessonDueDates } from '$lib/server/assessments/due-dates';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const zone = cohort.timeZone;
	const [modules, sessions, dueDates] = await Promise.all([
		listModuleReleases(db, cohort.id, cohort.courseId),
		listSessions(db, cohort.id),
		listLessonDueDates(db, cohort.id, cohort.courseId)
	]);
	return {
		cohort: { slug: cohort.slug, name: cohort.name, timeZone: zone },
		modules: modules.map((mod) => ({ ...mod, opensAtLocal: utcToZonedLocal(mod.opensAt, zone) })),
		sessions: sessions.map((s) => ({ ...s, startsAtLocal: utcToZonedLocal(s.startsAt, zone), endsAtLocal: utcToZonedLocal(s.endsAt, zone) })),
		dueDates: dueDates.map((d) => ({ ...d, dueAtLocal: utcToZonedLocal(d.dueAt, zone) }))
	};
};

/** The release form's `release-<moduleId>` fields, as module id → datetime-local text. */
const ReleasesSchema = z.record(z.string(), z.string()).transform((fields) =>
	Object.fromEntries(
		Object.entries(fields)
			.filter(([key]) => key.startsWith(RELEASE_PREFIX))
			.map(([key, value]) => [key.slice(RELEASE_PREFIX.length), value])
	)
);

/** The due-date form's `due-<lessonId>` fields, as lesson id → datetime-local text. */
const DueDatesSchema = z.record(z.string(), z.string()).transform((fields) =>
	Object.fromEntries(
		Object.entries(fields)
			.filter(([key]) => key.startsWith(DUE_PREFIX))
			.map(([key, value]) => [key.slice(DUE_PREFIX.length), value])
	)
);

export const actions = {
	dueDates: cohortAction(DueDatesSchema, 'dueDatesSaved', (trx, user, slug, dates) => setLessonDueDates(trx, user, slug, dates)),
	releases: cohortAction(ReleasesSchema, 'releasesSaved', (trx, user, slug, releases) => setModuleReleases(trx, user, slug, releases)),
	addSession: cohortAction(SessionSchema, 'sessionAdded', (trx, user, slug, input) => createSession(trx, user, slug, input)),
	editSession: cohortAction(EditSessionSchema, 'sessionSaved', (trx, user, slug, { sessionId, ...input }) =>
		updateSession(trx, user, slug, sessionId, input)
	),
	deleteSession: cohortAction(DeleteSessionSchema, 'sessionDeleted', (trx, user, slug, input) =>
		deleteSession(trx, user, slug, input.sessionId)
	)
} satisfies Actions;
