import { error, fail, type RequestEvent } from '@sveltejs/kit';
import {
	ConflictError,
	ForbiddenError,
	NotFoundError,
	RateLimitError,
	ValidationError
} from './errors';

/**
 * Maps a domain error to the answer a form expects: the message key beside the field it
 * concerns, with the submitted values (never passwords) kept. Anything else is rethrown
 * and becomes a logged 500.
 */
export function failFrom(e: unknown, values: Record<string, string> = {}) {
	if (e instanceof ValidationError) {
		return fail(400, { values, errors: { [e.field]: e.message }, params: e.params });
	}
	if (e instanceof RateLimitError) {
		const minutes = Math.max(1, Math.ceil((e.retryAt.getTime() - Date.now()) / 60_000));
		return fail(429, { values, errors: { form: 'error_rate_limited' }, params: { minutes } });
	}
	if (e instanceof ConflictError) return fail(409, { values, errors: { form: e.message }, params: e.params });
	if (e instanceof NotFoundError) error(404, { message: e.message });
	if (e instanceof ForbiddenError) error(403, { message: e.message });
	throw e;
}

export function clientIp(event: Pick<RequestEvent, 'getClientAddress'>) {
	try {
		return event.getClientAddress();
	} catch {
		return 'unknown';
	}
}

/** Only same-site paths: an open redirect through ?next= would help phishing. */
export function safeRedirectPath(value: unknown, fallback = '/'): string {
	if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) {
		return fallback;
	}
	return value.slice(0, 500);
}

/**
 * A request's body as text, or null once it passes `limit` bytes: read as it arrives, so a
 * missing or false content-length is no way round the limit.
 */
export async function readBodyText(request: Request, limit: number): Promise<string | null> {
	if (!request.body) return '';
	const reader = request.body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			await reader.cancel();
			return null;
		}
		chunks.push(value);
	}
	return Buffer.concat(chunks).toString('utf8');
}
