import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { NotFoundError } from '$lib/server/errors';
import { getSubmissionFileForReader } from '$lib/server/assessments/assignments';
import { isUuid } from '$lib/server/assessments/submissions';
import type { RequestHandler } from './$types';

/**
 * A file a learner handed in, for the learner, the facilitators of their cohort and admins
 * (others get 404, as if there were none). Always a download: a learner's file is never shown
 * as a page of this site, whatever it contains.
 */
export const GET: RequestHandler = async ({ params, locals }) => {
	if (!isUuid(params.id)) error(404, { message: 'error_file_not_found' });
	let file;
	try {
		file = await getSubmissionFileForReader(db, locals.user, params.id);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, { message: e.message });
		throw e;
	}
	const ascii = file.name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
	return new Response(file.data as BodyInit, {
		headers: {
			'content-type': file.contentType,
			'content-length': String(file.data.byteLength),
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${rfc5987(file.name)}`
		}
	});
};

/** RFC 5987's encoding: encodeURIComponent leaves a few characters the header must not carry raw. */
function rfc5987(name: string): string {
	return encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
