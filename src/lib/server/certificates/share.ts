/**
 * Links that let a holder show a certificate elsewhere. Pure: each builds a URL from facts the
 * page already has; nothing is sent anywhere until the holder follows the link.
 */

export interface LinkedInCertification {
	/** the certification's name: the course title */
	name: string;
	/** the issuing organisation, as printed on the certificate */
	organisationName: string;
	issuedAt: Date;
	/** the public verification page */
	certUrl: string;
	/** the serial printed on the certificate */
	certId: string;
}

/**
 * LinkedIn's "Add to profile" link for a certification: it opens the member's profile with the
 * Licenses & certifications form filled in (parameters as LinkedIn's Add to Profile program
 * documents them: startTask, name, organizationName, issueYear, issueMonth, certUrl, certId).
 * The month and year are those of the issue date in UTC, as the certificate's serial year is.
 */
export function linkedInAddToProfileUrl(cert: LinkedInCertification): string {
	return `https://www.linkedin.com/profile/add?${query({
		startTask: 'CERTIFICATION_NAME',
		name: cert.name,
		organizationName: cert.organisationName,
		issueYear: String(cert.issuedAt.getUTCFullYear()),
		issueMonth: String(cert.issuedAt.getUTCMonth() + 1),
		certUrl: cert.certUrl,
		certId: cert.certId
	})}`;
}

/** Telegram's share link: the app opens a chat picker with the link and the text. */
export function telegramShareUrl(url: string, text: string): string {
	return `https://t.me/share/url?${query({ url, text })}`;
}

/** WhatsApp's click-to-chat link with a prepared message (the link goes inside the text). */
export function whatsappShareUrl(text: string): string {
	return `https://wa.me/?${query({ text })}`;
}

/**
 * Percent-encoded (a space is %20): URLSearchParams would write '+', which some of these apps
 * show literally in the prepared text.
 */
function query(values: Record<string, string>): string {
	return Object.entries(values)
		.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
		.join('&');
}
