import { z } from 'zod';

/**
 * The forms of competitive admission: the application (fixed fields plus custom questions,
 * whose ids come from the database, so the domain checks their answers), the rubric form,
 * and the dashboard's address and bulk actions. Safe to import in the browser.
 */

export const APPLICATION_FIELDS = [
	'organisationName',
	'organisationType',
	'position',
	'country',
	'gender',
	'yearsExperience',
	'motivation'
] as const;

/** Custom questions are named q_<questionId>; a field sent twice (ticked boxes) is a list. */
export type ApplicationForm = Record<(typeof APPLICATION_FIELDS)[number], string> & { answers: Record<string, string | string[]> };

export function readApplicationForm(form: FormData): ApplicationForm {
	const fixed = {} as Record<(typeof APPLICATION_FIELDS)[number], string>;
	for (const name of APPLICATION_FIELDS) {
		const v = form.get(name);
		fixed[name] = typeof v === 'string' ? v : '';
	}
	const answers: Record<string, string | string[]> = {};
	for (const key of new Set(form.keys())) {
		if (!key.startsWith('q_')) continue;
		const all = form.getAll(key).filter((v): v is string => typeof v === 'string');
		answers[key.slice(2)] = all.length === 1 ? all[0]! : all;
	}
	return { ...fixed, answers };
}

/** Scores are named score_<criterionId>. */
export function readReviewForm(form: FormData) {
	const scores: Record<string, string> = {};
	for (const [key, value] of form) {
		if (key.startsWith('score_') && typeof value === 'string') scores[key.slice(6)] = value;
	}
	const comment = form.get('comment');
	return { scores, comment: typeof comment === 'string' ? comment : '' };
}

export const DashboardQuerySchema = z.object({
	sort: z.enum(['score', 'name', 'submitted', 'country']).catch('score'),
	dir: z.enum(['asc', 'desc']).catch('desc'),
	decision: z.enum(['all', 'undecided', 'accepted', 'waitlisted', 'rejected']).catch('all'),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type DashboardQuery = z.infer<typeof DashboardQuerySchema>;

/** The ticked applications of the dashboard's bulk form (at most a page and a bit). */
export function readSelection(form: FormData): string[] {
	return form
		.getAll('ids')
		.filter((v): v is string => typeof v === 'string')
		.slice(0, 500);
}

export const ReviewerEmailSchema = z.object({
	reviewerEmail: z.string().trim().max(254, { error: 'error_too_long' }).default('')
});
export const ApplicationIdSchema = z.object({ id: z.uuid({ error: 'error_not_found' }) });
export const UnassignSchema = z.object({ reviewerId: z.uuid({ error: 'error_not_found' }) });
export const DecisionSchema = z.object({ decision: z.enum(['accepted', 'waitlisted', 'rejected'], { error: 'error_invalid' }) });
export const ConfirmSchema = z.object({ confirm: z.literal('yes', { error: 'error_confirm_required' }) });
