import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findByCode } from '$lib/server/certificates/certificates';
import type { PageServerLoad } from './$types';

/**
 * The public verification page: anyone, signed in or not, with the code from the QR code or
 * the link. Any code that is not a certificate's (any length, any alphabet) is a plain 404.
 * Never cached by anyone: a revocation shows at once.
 */
export const load: PageServerLoad = async ({ params, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-cache' });
	const certificate = await findByCode(db, params.code);
	if (!certificate) error(404, 'error_certificate_code_unknown');
	const { id: _id, statusIndex: _index, ...shown } = certificate;
	return { certificate: shown };
};
