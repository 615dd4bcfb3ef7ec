import * as m from '../../paraglide/messages.js';
import type { Locale } from '../db/schema';

/** Each message is written in its recipient's language, whatever the sender's. */

export function passwordResetMail(p: { name: string; url: string; locale: Locale }) {
	const locale = p.locale;
	return {
		kind: 'password_reset',
		subject: m.mail_reset_subject({}, { locale }),
		bodyText: [
			m.mail_greeting({ name: p.name }, { locale }),
			'',
			m.mail_reset_body({}, { locale }),
			'',
			p.url,
			'',
			m.mail_reset_ignore({}, { locale }),
			'',
			m.mail_signature({}, { locale })
		].join('\n')
	};
}
