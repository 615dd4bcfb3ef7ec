import { json } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { readBodyText } from '$lib/server/http';
import { contentCache } from '$lib/server/cache';
import { MAX_STATE_BODY_BYTES, receiveState } from '$lib/server/h5p/state';
import type { RequestHandler } from './$types';

/**
 * The learner's place in the H5P activity of this lesson (its getCurrentState()), relayed by
 * the lesson page: JSON `{ state }` (a JSON text, or null to forget it), same origin only.
 * Answers `{ saved }`, or `{ message }` (a message key) with 400, 401, 403, 404 or 413.
 */
export const POST: RequestHandler = async ({ locals, params, request, url }) => {
	const headers = { 'cache-control': 'no-store' };
	const tooLarge = () => json({ message: 'error_h5p_state_too_large' }, { status: 413, headers });
	if (Number(request.headers.get('content-length') ?? 0) > MAX_STATE_BODY_BYTES) return tooLarge();
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json')) {
		return json({ message: 'error_h5p_state_malformed' }, { status: 400, headers });
	}
	const body = await readBodyText(request, MAX_STATE_BODY_BYTES);
	if (body === null) return tooLarge();
	const answer = await receiveState(db, locals.user, { courseSlug: params.slug, lessonSlug: params.lesson }, body, {
		origin: url.origin,
		requestOrigin: request.headers.get('origin'),
		cache: contentCache
	});
	return json(answer.body, { status: answer.status, headers });
};

