import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readBodyText } from '$lib/server/http';
import { contentCache } from '$lib/server/cache';
import { receiveStatement } from '$lib/server/h5p/results';
import { MAX_STATEMENT_BYTES } from '$lib/server/h5p/xapi';
import type { RequestHandler } from './$types';

/**
 * An xAPI statement from the H5P activity of this lesson, relayed by the lesson page (JSON,
 * same origin only). Answers `{ stored, result, changed }`, or `{ message }` (a message key)
 * with 401, 403, 404, 400, 409, 413 or 422. See docs/assessment.md, "H5P activities".
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const headers = { 'cache-control': 'no-store' };
	const length = Number(request.headers.get('content-length') ?? 0);
	if (length > MAX_STATEMENT_BYTES) return json({ message: 'error_h5p_xapi_too_large' }, { status: 413, headers });
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
		return json({ message: 'error_h5p_xapi_malformed' }, { status: 400, headers });
	}
	const body = await readBodyText(request, MAX_STATEMENT_BYTES);
	if (body === null) return json({ message: 'error_h5p_xapi_too_large' }, { status: 413, headers });
	const answer = await receiveStatement(db, locals.user, { courseSlug: params.slug, lessonSlug: params.lesson }, body, {
		origin: url.origin,
		requestOrigin: request.headers.get('origin'),
		cache: contentCache
	});
	return json(answer.body, { status: answer.status, headers });
};

