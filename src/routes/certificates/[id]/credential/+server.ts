import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { getReadableCertificate } from '$lib/server/certificates/certificates';
import { failFrom } from '$lib/server/http';
import type { RequestHandler } from './$types';

/**
 * The certificate's Open Badges 3.0 credential: the VC-JWT signed when it was issued, as a file
 * a wallet can import. The same people as the PDF may download it.
 */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let certificate;
	try {
		certificate = await getReadableCertificate(db, user, params.id);
	} catch (e) {
		return failFrom(e) as never;
	}
	return new Response(certificate.credentialJwt, {
		headers: {
			'content-type': 'application/vc+jwt',
			'content-disposition': `attachment; filename="${certificate.serial}.jwt"`,
			'cache-control': 'private, no-store'
		}
	});
};
