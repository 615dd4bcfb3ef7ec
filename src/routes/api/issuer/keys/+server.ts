import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { issuerSigningKey } from '$lib/server/certificates/keys';
import { publicOrigin } from '$lib/server/certificates/types';
import type { RequestHandler } from './$types';

/** The issuer's public keys as a JWK Set (RFC 7517 §5), for JOSE tooling that reads key sets. */
export const GET: RequestHandler = async () => {
	const { publicJwk } = await issuerSigningKey(db, publicOrigin());
	return json({ keys: [publicJwk] }, { headers: { 'cache-control': 'public, max-age=3600', 'access-control-allow-origin': '*' } });
};
