import * as m from '../../paraglide/messages.js';
import type { Locale } from '../db/schema';

/** Mail about network membership, each in its recipient's language. No contact details in it. */

interface Recipient {
	name: string;
	locale: Locale;
	network: { name: string; slug: string };
	/** the site's address, e.g. https://learn.example.org */
	origin: string;
}

function compose(locale: Locale, name: string, paragraphs: string[]) {
	return [m.mail_greeting({ name }, { locale }), '', ...paragraphs.flatMap((p) => [p, '']), m.mail_signature({}, { locale })].join('\n');
}

const networkUrl = (r: Recipient) => `${r.origin}/networks/${r.network.slug}`;

export function networkInvitationMail(r: Recipient & { inviter: string }) {
	const { locale } = r;
	const network = r.network.name;
	return {
		kind: 'network_invitation',
		subject: m.net_mail_invitation_subject({ network }, { locale }),
		bodyText: compose(locale, r.name, [m.net_mail_invitation_body({ network, inviter: r.inviter }, { locale }), networkUrl(r)])
	};
}

export function networkApprovedMail(r: Recipient) {
	const { locale } = r;
	const network = r.network.name;
	return {
		kind: 'network_approved',
		subject: m.net_mail_approved_subject({ network }, { locale }),
		bodyText: compose(locale, r.name, [m.net_mail_approved_body({ network }, { locale }), networkUrl(r)])
	};
}
