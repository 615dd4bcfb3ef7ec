import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { defaultIssuerName, issuerDocument } from '$lib/server/certificates/credential';
import { publicOrigin } from '$lib/server/certificates/types';
import type { RequestHandler } from './$types';

/**
 * The issuer Profile every credential names as `issuer.id` (Open Badges 3.0 §B.1.14), with its
 * signing key. Public and the same for everyone; any site may read it (verifiers run in browsers).
 */
export const GET: RequestHandler = async () => {
	const origin = publicOrigin();
	return json(await issuerDocument(db, origin, defaultIssuerName()), {
		headers: { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' }
	});
};
