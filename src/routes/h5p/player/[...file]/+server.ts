import { error } from '@sveltejs/kit';
import { PLAYER_VERSION, YEAR_CACHE, crossOriginHeaders, fileResponse, preflight, playerAsset } from '$lib/server/h5p/serve';
import type { RequestHandler } from './$types';

/**
 * The H5P player's code: h5p-standalone's dist and our host script, under
 * /h5p/player/<version>/. The current version is cached for a year; a page made before an
 * upgrade asks for an older version and gets today's files, not kept.
 */
export const GET: RequestHandler = ({ params, request }) => {
	const slash = params.file.indexOf('/');
	const version = params.file.slice(0, slash);
	const asset = slash > 0 ? playerAsset(params.file.slice(slash + 1)) : undefined;
	if (!asset) error(404, { message: 'error_page_not_found' });
	const headers = crossOriginHeaders(asset.contentType, version === PLAYER_VERSION ? YEAR_CACHE : 'no-cache');
	return fileResponse(request, asset.body, headers, `"${PLAYER_VERSION}"`, `player:${params.file}`);
};

export const OPTIONS: RequestHandler = ({ request }) => preflight(request);
