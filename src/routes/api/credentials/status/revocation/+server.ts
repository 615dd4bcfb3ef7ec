import { db } from '$lib/server/db';
import { statusListCredential } from '$lib/server/certificates/status-list';
import { publicOrigin } from '$lib/server/certificates/types';
import type { RequestHandler } from './$types';

/**
 * The revocation list of every certificate (Bitstring Status List v1.0), as a signed VC-JWT
 * (application/vc+jwt, VC-JOSE-COSE). Built fresh on every request and not kept by caches, so
 * a revocation shows at once; verifiers may revalidate as often as they like.
 */
export const GET: RequestHandler = async () => {
	return new Response(await statusListCredential(db, publicOrigin()), {
		headers: { 'content-type': 'application/vc+jwt', 'cache-control': 'no-cache', 'access-control-allow-origin': '*' }
	});
};
