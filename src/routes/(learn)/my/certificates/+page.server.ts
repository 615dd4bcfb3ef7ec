import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { listForUser } from '$lib/server/certificates/certificates';
import { linkedInAddToProfileUrl, telegramShareUrl, whatsappShareUrl } from '$lib/server/certificates/share';
import { publicOrigin, verifyUrl } from '$lib/server/certificates/types';
import * as m from '$lib/paraglide/messages.js';
import type { PageServerLoad } from './$types';

/** The signed-in person's certificates: downloads, verification links and, for valid ones, sharing. */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const user = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const origin = publicOrigin();
	const rows = await listForUser(db, user.id);
	return {
		certificates: rows.map((c) => {
			const link = verifyUrl(origin, c.code);
			const text = m.cert_share_text({ course: c.courseTitle });
			return {
				id: c.id,
				serial: c.serial,
				courseTitle: c.courseTitle,
				cohortName: c.cohortName,
				issuedAt: c.issuedAt,
				status: c.status,
				revokedReason: c.revokedReason,
				verifyUrl: link,
				share:
					c.status === 'valid'
						? {
								linkedin: linkedInAddToProfileUrl({ name: c.courseTitle, organisationName: c.issuerName, issuedAt: c.issuedAt, certUrl: link, certId: c.serial }),
								telegram: telegramShareUrl(link, text),
								whatsapp: whatsappShareUrl(`${text}: ${link}`)
							}
						: null
			};
		})
	};
};
