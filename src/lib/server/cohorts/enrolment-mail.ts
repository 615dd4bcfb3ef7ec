import * as m from '../../paraglide/messages.js';
import { formatDay } from '../../datetime';
import type { Locale } from '../db/schema';

/** Mail about a person's place in a cohort, each in its recipient's language. */

export interface CohortForMail {
	name: string;
	courseTitle: string;
	/** 'YYYY-MM-DD' */
	startsOn: string;
	/** the cohort's page, absolute */
	url: string;
}

interface Recipient {
	cohort: CohortForMail;
	name: string;
	locale: Locale;
}

function compose(locale: Locale, name: string, paragraphs: string[]) {
	return [m.mail_greeting({ name }, { locale }), '', ...paragraphs.flatMap((p) => [p, '']), m.mail_signature({}, { locale })].join('\n');
}

const facts = (r: Recipient) => ({
	cohort: r.cohort.name,
	course: r.cohort.courseTitle,
	date: formatDay(r.cohort.startsOn, r.locale)
});

export function enrolledMail(r: Recipient) {
	const { locale } = r;
	return {
		kind: 'cohort_enrolled',
		subject: m.mail_enrolled_subject({ cohort: r.cohort.name }, { locale }),
		bodyText: compose(locale, r.name, [m.mail_enrolled_body(facts(r), { locale }), r.cohort.url, m.mail_cohort_leave({}, { locale })])
	};
}

export function waitlistedMail(r: Recipient & { position: number }) {
	const { locale } = r;
	return {
		kind: 'cohort_waitlisted',
		subject: m.mail_waitlisted_subject({ cohort: r.cohort.name }, { locale }),
		bodyText: compose(locale, r.name, [
			m.mail_waitlisted_body({ ...facts(r), position: r.position }, { locale }),
			r.cohort.url,
			m.mail_cohort_leave({}, { locale })
		])
	};
}

export function promotedMail(r: Recipient) {
	const { locale } = r;
	return {
		kind: 'cohort_promoted',
		subject: m.mail_promoted_subject({ cohort: r.cohort.name }, { locale }),
		bodyText: compose(locale, r.name, [m.mail_promoted_body(facts(r), { locale }), r.cohort.url, m.mail_cohort_leave({}, { locale })])
	};
}
