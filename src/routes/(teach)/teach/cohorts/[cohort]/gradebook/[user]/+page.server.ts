import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { findCohortBySlug } from '$lib/server/cohorts/access';
import { learnerDetail } from '$lib/server/assessments/gradebook-learner';
import { overrideGrade } from '$lib/server/assessments/grade-override';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { OverrideSchema } from '$lib/schemas/gradebook';
import { loadManagedCohort } from '../../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

/** One learner's quizzes, assignments and scored H5P activities: attempts, submission, best result, overrides; the override form. */
export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	try {
		const detail = await learnerDetail(db, cohort, event.params.user, new Date());
		return { cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone }, detail };
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	override: async (event) => {
		const user = requireUser(event.locals, event.url);
		const form = await event.request.formData();
		const input = parseForm(OverrideSchema, form);
		if (!input.ok) return invalid(input);
		const { lessonId, percent, reason } = input.data;
		try {
			await db.transaction().execute(async (trx) => {
				const cohort = await findCohortBySlug(trx, event.params.cohort);
				return overrideGrade(trx, user, cohort, event.params.user, lessonId, percent, reason, new Date());
			});
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		return { done: percent === null ? 'cleared' : 'overridden', lessonId };
	}
} satisfies Actions;
