import * as m from '$lib/paraglide/messages.js';

export function mailStatusName(status: string) {
	if (status === 'queued') return m.mail_status_queued();
	if (status === 'sent') return m.mail_status_sent();
	if (status === 'failed') return m.mail_status_failed();
	return status;
}
