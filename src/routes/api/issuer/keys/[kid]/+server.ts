import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findPublishedKey } from '$lib/server/certificates/keys';
import { publicOrigin } from '$lib/server/certificates/types';
import type { RequestHandler } from './$types';

const HEADERS = { 'access-control-allow-origin': '*' };

/**
 * The public JWK a credential's `kid` names (Open Badges 3.0 §8.5 "Dereferencing the Public
 * Key"). `kid` is the JWK Thumbprint URI (or the bare thumbprint); unknown keys answer 404.
 */
export const GET: RequestHandler = async ({ params }) => {
	const jwk = await findPublishedKey(db, publicOrigin(), params.kid);
	if (!jwk) return json({ error: 'unknown_key' }, { status: 404, headers: { ...HEADERS, 'cache-control': 'no-cache' } });
	return json(jwk, { headers: { ...HEADERS, 'cache-control': 'public, max-age=3600' } });
};
