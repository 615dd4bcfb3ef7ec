import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { getReadableCertificate } from '$lib/server/certificates/certificates';
import { certificatePdf } from '$lib/server/certificates/documents';
import type { Locale } from '$lib/server/db/schema';
import { failFrom } from '$lib/server/http';
import type { RequestHandler } from './$types';

const LOCALES: readonly Locale[] = ['en', 'ru'];

/**
 * A certificate as a PDF, for its holder, a manager of its cohort or an administrator (anyone
 * else: 404, as for a certificate that does not exist). ?lang=en|ru; by default the language
 * the certificate was issued in.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let certificate;
	try {
		certificate = await getReadableCertificate(db, user, params.id);
	} catch (e) {
		return failFrom(e) as never;
	}
	const asked = url.searchParams.get('lang') as Locale | null;
	const locale = asked && LOCALES.includes(asked) ? asked : certificate.locale;
	const pdf = await certificatePdf(db, certificate, locale);
	return new Response(new Uint8Array(pdf), {
		headers: {
			'content-type': 'application/pdf',
			'content-disposition': `attachment; filename="${certificate.serial}.pdf"`,
			'cache-control': 'private, no-store'
		}
	});
};
