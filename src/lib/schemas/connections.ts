import { z } from 'zod';

/** Forms of the Connections page and the Connect button; error messages are message keys. */

const PersonId = z.string({ error: 'error_conn_not_found' }).trim().pipe(z.uuid({ error: 'error_conn_not_found' }));
const ConnectionId = z.string({ error: 'error_conn_request_not_found' }).trim().pipe(z.uuid({ error: 'error_conn_request_not_found' }));

export const ConnectionRequestSchema = z.object({
	toId: PersonId,
	message: z.string().trim().max(500, { error: 'error_conn_message_too_long' }).optional().default('')
});
export type ConnectionRequestInput = z.infer<typeof ConnectionRequestSchema>;

export const ConnectionIdSchema = z.object({ id: ConnectionId });
export const PersonIdSchema = z.object({ userId: PersonId });

/** Deleting one's account: the password, typed again. */
export const DeleteAccountSchema = z.object({
	password: z.string({ error: 'error_required' }).min(1, { error: 'error_required' }).max(1024, { error: 'error_too_long' })
});
