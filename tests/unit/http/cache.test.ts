import type { RequestEvent, ResolveOptions } from '@sveltejs/kit';
import { describe, expect, it } from 'vitest';
import {
	PRIVATE_CACHE_CONTROL,
	PUBLIC_CACHE_CONTROL,
	etagMatches,
	pageEtag,
	publicCache
} from '../../../src/lib/server/http-cache';

const page = (nonce: string, text = 'Courses') =>
	`<!doctype html><html><head><script nonce="${nonce}">start()</script></head><body><h1>${text}</h1></body></html>`;

async function request(
	options: {
		route?: string;
		user?: boolean;
		method?: string;
		ifNoneMatch?: string;
		body?: string;
		status?: number;
		headers?: Record<string, string>;
	} = {}
) {
	const headers = new Headers(options.ifNoneMatch ? { 'if-none-match': options.ifNoneMatch } : {});
	const event = {
		route: { id: options.route ?? '/(public)/courses' },
		isDataRequest: false,
		request: new Request('http://localhost/courses', { method: options.method ?? 'GET', headers }),
		locals: { user: options.user ? { id: 'u1' } : null, locale: 'en' },
		url: new URL('http://localhost/courses'),
		cookies: { get: () => undefined }
	} as unknown as RequestEvent;
	const resolve = async (_event: RequestEvent, _opts?: ResolveOptions) =>
		new Response(options.body ?? page('abc'), {
			status: options.status ?? 200,
			headers: { 'content-type': 'text/html', ...options.headers }
		});
	// No page cache here (that needs a database; see the integration tests): headers only.
	return publicCache({ db: undefined as never, pages: undefined, sessionCookie: 'bilim_session' })({ event, resolve });
}

describe('caching of the public course pages', () => {
	it('gives visitors a shared-cacheable page with a weak ETag that ignores the CSP nonce', async () => {
		const first = await request({ body: page('nonce-one') });
		const second = await request({ body: page('nonce-two') });
		expect(first.status).toBe(200);
		expect(first.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
		expect(first.headers.get('vary')).toBe('Cookie, Accept-Language');
		expect(first.headers.get('etag')).toMatch(/^W\/"[A-Za-z0-9_-]+"$/);
		expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
		expect(await first.text()).toBe(page('nonce-one'));
		const other = await request({ body: page('nonce-one', 'Kurslar') });
		expect(other.headers.get('etag')).not.toBe(first.headers.get('etag'));
	});

	it('answers 304 with no body when the browser holds the same page', async () => {
		const etag = pageEtag(page('x'));
		const response = await request({ ifNoneMatch: `"other", ${etag}` });
		expect(response.status).toBe(304);
		expect(await response.text()).toBe('');
		expect(response.headers.get('etag')).toBe(etag);
		expect(response.headers.get('cache-control')).toBe(PUBLIC_CACHE_CONTROL);
		// A new nonce in a 304 would replace the one the cached page's scripts carry.
		expect(response.headers.get('content-security-policy')).toBeNull();
		expect((await request({ ifNoneMatch: 'W/"stale"' })).status).toBe(200);
	});

	it('never lets a shared cache keep a signed-in person’s page', async () => {
		const response = await request({ user: true, ifNoneMatch: pageEtag(page('abc')) });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toBe(PRIVATE_CACHE_CONTROL);
		expect(response.headers.get('etag')).toBeNull();
	});

	it('leaves errors, other routes, other methods and cookie-setting answers alone', async () => {
		for (const response of [
			await request({ status: 404 }),
			await request({ route: '/(public)/signin' }),
			await request({ method: 'POST' }),
			await request({ headers: { 'set-cookie': 'bilim_session=; Max-Age=0' } }),
			await request({ headers: { 'content-type': 'application/zip' } })
		]) {
			expect(response.headers.get('etag')).toBeNull();
			expect(response.headers.get('cache-control')).toBeNull();
		}
	});

	it('compares entity tags weakly, and accepts *', () => {
		expect(etagMatches('W/"a"', '"a"')).toBe(true);
		expect(etagMatches('"a"', 'W/"a"')).toBe(true);
		expect(etagMatches(' "b" , W/"a" ', 'W/"a"')).toBe(true);
		expect(etagMatches('*', 'W/"a"')).toBe(true);
		expect(etagMatches('"b"', 'W/"a"')).toBe(false);
		expect(etagMatches(null, 'W/"a"')).toBe(false);
	});
});
