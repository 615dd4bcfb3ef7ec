import { z } from 'zod';

/** The learner's cohort forms: an invitation code, leaving, and the participant-list consent. */

export const RedeemSchema = z.object({
	code: z
		.string({ error: 'error_invitation_code_required' })
		.trim()
		.min(1, { error: 'error_invitation_code_required' })
		.max(100, { error: 'error_invitation_unknown' })
});

export const WithdrawSchema = z.object({ confirm: z.literal('yes', { error: 'error_confirm_withdraw' }) });

/** An unticked checkbox sends nothing: absent means "do not list me". */
export const ListingSchema = z.object({ listed: z.literal('yes', { error: 'error_invalid' }).optional() });
