import { z } from 'zod';

/**
 * The gradebook's filter (a GET form: an address a facilitator can bookmark or share) and the
 * override form. A filter value that does not parse falls back to its default rather than
 * failing the page.
 */

export const AT_RISK_DEFAULT_DAYS = 7;

export const GradebookQuerySchema = z.object({
	module: z.string().trim().max(80).optional().catch(undefined),
	/** The checkbox: present means on. */
	risk: z
		.string()
		.optional()
		.transform((v) => v !== undefined && v !== '' && v !== '0')
		.catch(false),
	days: z.coerce.number().int().min(1).max(365).catch(AT_RISK_DEFAULT_DAYS),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});
export type GradebookQuery = z.infer<typeof GradebookQuerySchema>;

export function readGradebookQuery(params: URLSearchParams): GradebookQuery {
	return GradebookQuerySchema.parse({
		module: params.get('module') || undefined,
		risk: params.get('risk') ?? undefined,
		days: params.get('days') || undefined,
		page: params.get('page') || undefined
	});
}

/** The query string of a filter (defaults left out), for links and the CSV address. */
export function gradebookQueryString(q: Partial<GradebookQuery>): string {
	const params = new URLSearchParams();
	if (q.module) params.set('module', q.module);
	if (q.risk) params.set('risk', '1');
	if (q.days !== undefined && q.days !== AT_RISK_DEFAULT_DAYS) params.set('days', String(q.days));
	if (q.page && q.page > 1) params.set('page', String(q.page));
	const s = params.toString();
	return s ? `?${s}` : '';
}

/** "82.5", "82,5" (a decimal comma, as Russian keyboards type it) or empty (remove the override). */
const PercentField = z
	.string()
	.optional()
	.default('')
	.transform((s) => s.trim().replace(',', '.'))
	.refine((s) => s === '' || (/^\d{1,3}(\.\d+)?$/.test(s) && Number(s) <= 100), { error: 'error_gradebook_percent_range' })
	.transform((s) => (s === '' ? null : Number(s)));

export const OverrideSchema = z.object({
	lessonId: z.uuid({ error: 'error_gradebook_item_not_found' }),
	percent: PercentField,
	reason: z
		.string({ error: 'error_gradebook_reason_length' })
		.transform((s) => s.replace(/\r\n?/g, '\n').trim())
		.pipe(
			z
				.string()
				.min(3, { error: 'error_gradebook_reason_length' })
				.max(1000, { error: 'error_gradebook_reason_length' })
		)
});
export type OverrideInput = z.infer<typeof OverrideSchema>;
