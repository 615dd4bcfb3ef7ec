import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { libraryFile } from '$lib/server/h5p/store';
import { YEAR_CACHE, crossOriginHeaders, fileResponse, preflight } from '$lib/server/h5p/serve';
import type { RequestHandler } from './$types';

/**
 * A file of an approved H5P library ('H5P.TrueFalse-1.6/library.json'). Libraries are public
 * code, the same for every content that uses them, and never change once stored (one per
 * major.minor): cached for a year. A pending library answers 404 until an administrator approves it.
 */
export const GET: RequestHandler = async ({ params, request }) => {
	const file = await libraryFile(db, params.folder, params.file);
	if (!file) error(404, { message: 'error_page_not_found' });
	return fileResponse(request, file.data, crossOriginHeaders(file.contentType, YEAR_CACHE), undefined, `library:${params.folder}/${params.file}`);
};

export const OPTIONS: RequestHandler = ({ request }) => preflight(request);
