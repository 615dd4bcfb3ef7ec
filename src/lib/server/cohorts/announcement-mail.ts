import * as m from '../../paraglide/messages.js';
import type { Locale } from '../db/schema';

/** The mail each enrolled member gets for a new announcement, in their own language. */

export interface AnnouncementForMail {
	cohortName: string;
	title: string;
	/** the announcement's Markdown, which reads well as plain text */
	body: string;
	authorName: string;
	/** the cohort's page, absolute */
	url: string;
}

export function announcementMail(a: AnnouncementForMail, to: { name: string; locale: Locale }) {
	const locale = to.locale;
	return {
		kind: 'cohort_announcement',
		subject: m.mail_announcement_subject({ cohort: a.cohortName, title: a.title }, { locale }),
		bodyText: [
			m.mail_greeting({ name: to.name }, { locale }),
			'',
			m.mail_announcement_intro({ author: a.authorName, cohort: a.cohortName }, { locale }),
			'',
			a.title,
			'',
			a.body,
			'',
			m.mail_announcement_link({}, { locale }),
			a.url,
			'',
			m.mail_signature({}, { locale })
		].join('\n')
	};
}
