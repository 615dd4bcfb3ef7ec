import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { grade } from '$lib/server/assessments/assignments';
import { getSubmissionForGrading } from '$lib/server/assessments/submissions';
import { requireCohortManager } from '$lib/server/cohorts/access';
import { loadManagedCohort } from '../../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	try {
		return {
			cohort: { slug: cohort.slug, name: cohort.name, timeZone: cohort.timeZone },
			submission: await getSubmissionForGrading(db, cohort.id, event.params.submission)
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

const CRITERION = 'criterion-';

export const actions = {
	grade: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const values: Record<string, string> = {};
		for (const [key, value] of form) if (typeof value === 'string') values[key] = value.slice(0, 20_000);
		const levels = Object.fromEntries(
			Object.entries(values)
				.filter(([key, value]) => key.startsWith(CRITERION) && value !== '')
				.map(([key, value]) => [key.slice(CRITERION.length), value])
		);
		const rawScore = (values.score ?? '').trim();
		const score = rawScore === '' ? null : Number(rawScore.replace(',', '.'));
		try {
			await db.transaction().execute(async (trx) => {
				// The page's cohort first (a learner is stopped here), then grade's own rule on the submission's cohort.
				const cohort = await requireCohortManager(trx, user, params.cohort);
				await getSubmissionForGrading(trx, cohort.id, params.submission);
				await grade(trx, user, params.submission, { levels, score, feedback: values.feedback ?? '' }, new Date());
			});
		} catch (e) {
			return failFrom(e, values);
		}
		return { done: 'graded' };
	}
} satisfies Actions;
