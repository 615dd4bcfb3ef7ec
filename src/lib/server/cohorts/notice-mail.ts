import * as m from '../../paraglide/messages.js';
import { formatDateTime, zoneLabel } from '../../datetime';
import type { Locale, SessionKind } from '../db/schema';

/** Time-triggered mail to cohort members (see notices.ts), each in its recipient's language. */

interface Recipient {
	name: string;
	locale: Locale;
}

function compose(locale: Locale, name: string, paragraphs: string[]) {
	return [m.mail_greeting({ name }, { locale }), '', ...paragraphs.flatMap((p) => [p, '']), m.mail_signature({}, { locale })].join('\n');
}

export function moduleOpenedMail(
	r: Recipient & { cohortName: string; courseTitle: string; moduleTitle: string; url: string }
) {
	const { locale } = r;
	return {
		kind: 'cohort_module_opened',
		subject: m.mail_module_opened_subject({ module: r.moduleTitle }, { locale }),
		bodyText: compose(locale, r.name, [
			m.mail_module_opened_body({ module: r.moduleTitle, course: r.courseTitle, cohort: r.cohortName }, { locale }),
			r.url
		])
	};
}

export function sessionReminderMail(
	r: Recipient & {
		cohortName: string;
		title: string;
		description: string;
		kind: SessionKind;
		url: string | null;
		place: string | null;
		startsAt: Date;
		endsAt: Date;
		timeZone: string;
		cohortUrl: string;
	}
) {
	const { locale } = r;
	const when = `${formatDateTime(r.startsAt, locale, r.timeZone)} – ${formatDateTime(r.endsAt, locale, r.timeZone)}, ${zoneLabel(r.timeZone, r.startsAt)}`;
	const where =
		r.kind === 'online' && r.url
			? m.mail_session_online({ url: r.url }, { locale })
			: r.place
				? m.mail_session_place({ place: r.place }, { locale })
				: '';
	return {
		kind: 'cohort_session_reminder',
		subject: m.mail_session_reminder_subject({ title: r.title }, { locale }),
		bodyText: compose(
			locale,
			r.name,
			[
				m.mail_session_reminder_body({ title: r.title, cohort: r.cohortName, when }, { locale }),
				where,
				r.description.trim(),
				m.mail_session_cohort_page({}, { locale }),
				r.cohortUrl
			].filter(Boolean)
		)
	};
}
