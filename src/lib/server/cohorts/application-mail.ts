import * as m from '../../paraglide/messages.js';
import { formatDateTime, zoneLabel } from '../../datetime';
import type { Decision, Locale } from '../db/schema';

/** Mail about an application, each in its recipient's language (whatever the sender's). */

export interface ApplicationMailCohort {
	name: string;
	slug: string;
	timeZone: string;
	/** the application deadline, or null when there is none */
	deadline: Date | null;
}

interface Recipient {
	name: string;
	locale: Locale;
	cohort: ApplicationMailCohort;
	/** the site's address, e.g. https://learn.example.org */
	origin: string;
}

function compose(locale: Locale, name: string, paragraphs: string[]) {
	return [m.mail_greeting({ name }, { locale }), '', ...paragraphs.flatMap((p) => [p, '']), m.mail_signature({}, { locale })].join(
		'\n'
	);
}

const applyUrl = (r: Recipient) => `${r.origin}/cohorts/${r.cohort.slug}/apply`;

export function applicationReceivedMail(r: Recipient) {
	const { locale } = r;
	const cohort = r.cohort.name;
	const deadline = r.cohort.deadline
		? `${formatDateTime(r.cohort.deadline, locale, r.cohort.timeZone)} (${zoneLabel(r.cohort.timeZone, r.cohort.deadline)})`
		: null;
	return {
		kind: 'application_received',
		subject: m.mail_application_received_subject({ cohort }, { locale }),
		bodyText: compose(locale, r.name, [
			m.mail_application_received_body({ cohort }, { locale }),
			deadline ? m.mail_application_edit_until({ deadline }, { locale }) : m.mail_application_edit({}, { locale }),
			applyUrl(r),
			m.mail_application_next({}, { locale })
		])
	};
}

/** The decision, sent when the facilitator releases it; `position` is the place on the waitlist (1 = next). */
export function decisionMail(r: Recipient & { decision: Decision; position?: number }) {
	const { locale } = r;
	const cohort = r.cohort.name;
	const cohortUrl = `${r.origin}/cohorts/${r.cohort.slug}`;
	if (r.decision === 'accepted') {
		return {
			kind: 'application_accepted',
			subject: m.mail_decision_accepted_subject({ cohort }, { locale }),
			bodyText: compose(locale, r.name, [m.mail_decision_accepted_body({ cohort }, { locale }), cohortUrl])
		};
	}
	if (r.decision === 'waitlisted') {
		return {
			kind: 'application_waitlisted',
			subject: m.mail_decision_waitlisted_subject({ cohort }, { locale }),
			bodyText: compose(locale, r.name, [
				m.mail_decision_waitlisted_body({ cohort, position: r.position ?? 1 }, { locale }),
				applyUrl(r)
			])
		};
	}
	return {
		kind: 'application_rejected',
		subject: m.mail_decision_rejected_subject({ cohort }, { locale }),
		bodyText: compose(locale, r.name, [m.mail_decision_rejected_body({ cohort }, { locale })])
	};
}
