import { z } from 'zod';
import { CountryField, EmailField, NameField, OptionalIdField, OrganisationTypeField, RoleField } from './common';

export const OrganisationSchema = z.object({
	name: z
		.string({ error: 'error_required' })
		.trim()
		.min(1, { error: 'error_required' })
		.max(200, { error: 'error_too_long' }),
	type: OrganisationTypeField,
	country: CountryField
});
export type OrganisationInput = z.infer<typeof OrganisationSchema>;

export const UserIdSchema = z.object({ userId: z.uuid({ error: 'error_not_found' }) });
export const ChangeRoleSchema = UserIdSchema.extend({ role: RoleField });
export const ChangeOrganisationSchema = UserIdSchema.extend({ organisationId: OptionalIdField });
export const IdSchema = z.object({ id: z.uuid({ error: 'error_not_found' }) });

export const UserSearchSchema = z.object({
	q: z.string().trim().max(200).optional().default(''),
	page: z.coerce.number().int().min(1).max(10_000).catch(1)
});

export { EmailField, NameField };
