import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { checkContentToken } from '$lib/server/h5p/links';
import { contentFile } from '$lib/server/h5p/store';
import { crossOriginHeaders, fileResponse, preflight } from '$lib/server/h5p/serve';
import type { RequestHandler } from './$types';

/**
 * A file of H5P content (h5p.json, content/content.json, content/images/…) for the player,
 * under a signed link the lesson page made for a reader who may read the lesson (links.ts).
 * The player sends no cookies, so the token is the check: 403 when it is wrong or expired.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const now = new Date();
	const check = await checkContentToken(db, params.content, params.token, now);
	if (!check.ok) error(403, { message: 'error_h5p_link_expired' });
	const file = await contentFile(db, params.content, params.file);
	if (!file) error(404, { message: 'error_page_not_found' });
	// Kept by this browser at most until the link expires (the same link serves the same bytes).
	const seconds = Math.max(0, Math.floor((check.expires.getTime() - now.getTime()) / 1000));
	return fileResponse(request, file.data, crossOriginHeaders(file.contentType, `private, max-age=${seconds}`), undefined, `content:${params.content}/${params.file}`);
};

export const OPTIONS: RequestHandler = ({ request }) => preflight(request);
