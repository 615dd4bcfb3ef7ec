import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findByCode } from '$lib/server/certificates/certificates';
import { verificationJson } from '$lib/server/certificates/verification';
import { publicOrigin } from '$lib/server/certificates/types';
import type { RequestHandler } from './$types';

/** The verification page as JSON, for machines: same facts, same status; 404 JSON for any unknown code. */
export const GET: RequestHandler = async ({ params }) => {
	const headers = { 'cache-control': 'no-cache', 'access-control-allow-origin': '*' };
	const certificate = await findByCode(db, params.code);
	if (!certificate) return json({ status: 'not_found', message: 'No certificate has this verification code.' }, { status: 404, headers });
	return json(verificationJson(certificate, publicOrigin()), { headers });
};
