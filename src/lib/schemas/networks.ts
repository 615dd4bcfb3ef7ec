import { z } from 'zod';
import { MAX_SLUG, SLUG_PATTERN } from '../courses/taxonomy';
import { EmailField } from './common';

/** Forms of the alumni networks: administration, membership, moderation (docs/directory.md). */

export const MAX_NETWORK_NAME = 200;
export const MAX_NETWORK_DESCRIPTION = 5000;
export const MAX_JOIN_MESSAGE = 500;
export const MIN_REPORT_REASON = 3;
export const MAX_REPORT_REASON = 1000;
export const MAX_HIDE_REASON = 500;
/** Paths under /networks that a network's slug must not take. */
export const RESERVED_NETWORK_SLUGS = ['report', 'new', 'manage'] as const;

export const NetworkSchema = z.object({
	name: z
		.string({ error: 'error_required' })
		.trim()
		.min(1, { error: 'error_required' })
		.max(MAX_NETWORK_NAME, { error: 'error_too_long' }),
	slug: z
		.string({ error: 'error_required' })
		.trim()
		.toLowerCase()
		.min(1, { error: 'error_required' })
		.max(MAX_SLUG, { error: 'error_too_long' })
		.regex(SLUG_PATTERN, { error: 'error_slug_invalid' })
		.refine((s) => !(RESERVED_NETWORK_SLUGS as readonly string[]).includes(s), { error: 'error_net_slug_reserved' }),
	description: z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim())
		.pipe(z.string().max(MAX_NETWORK_DESCRIPTION, { error: 'error_too_long' }))
});
export type NetworkInput = z.infer<typeof NetworkSchema>;

export const NetworkEmailSchema = z.object({ email: EmailField });

/** A course or a cohort to link; exactly one. */
export const NetworkLinkSchema = z
	.object({
		target: z.string({ error: 'error_net_link_target_required' }).trim().min(1, { error: 'error_net_link_target_required' })
	})
	.transform(({ target }, ctx) => {
		const match = /^(course|cohort):([0-9a-f-]{36})$/i.exec(target);
		if (!match) {
			ctx.addIssue({ code: 'custom', path: ['target'], message: 'error_net_link_target_required' });
			return z.NEVER;
		}
		return match[1] === 'course' ? { courseId: match[2]!, cohortId: null } : { courseId: null, cohortId: match[2]! };
	});
export type NetworkLinkInput = z.infer<typeof NetworkLinkSchema>;

export const JoinRequestSchema = z.object({
	message: z
		.string()
		.optional()
		.transform((v) => (v ?? '').trim())
		.pipe(z.string().max(MAX_JOIN_MESSAGE, { error: 'error_too_long' }))
});

export const UserIdFormSchema = z.object({ userId: z.uuid({ error: 'error_not_found' }) });
export const LinkIdFormSchema = z.object({ linkId: z.uuid({ error: 'error_not_found' }) });
export const ReportIdFormSchema = z.object({ reportId: z.uuid({ error: 'error_not_found' }) });

export const ReportSchema = z.object({
	userId: z.uuid({ error: 'error_not_found' }),
	reason: z
		.string({ error: 'error_required' })
		.trim()
		.min(1, { error: 'error_required' })
		.min(MIN_REPORT_REASON, { error: 'error_net_report_reason_short' })
		.max(MAX_REPORT_REASON, { error: 'error_too_long' })
});

export const HideSchema = z.object({
	userId: z.uuid({ error: 'error_not_found' }),
	reason: z
		.string({ error: 'error_required' })
		.trim()
		.min(1, { error: 'error_required' })
		.max(MAX_HIDE_REASON, { error: 'error_too_long' })
});
