import type { Handle } from '@sveltejs/kit';
import { createHash } from 'node:crypto';

/**
 * HTTP caching of the public course pages (the catalog, course pages, lessons), in one place.
 *
 * - A visitor who is not signed in gets `Cache-Control: public, max-age=60,
 *   stale-while-revalidate=300`, a weak ETag of the page, and `304 Not Modified` when the
 *   browser (or a proxy) already holds that page.
 * - A signed-in person gets `Cache-Control: private, no-store`: their pages may show drafts
 *   and are never kept by a shared cache.
 *
 * SvelteKit computes no ETag for server-rendered pages, so the body is hashed here. The CSP
 * nonce differs in every response; it is left out of the hash, or no page would ever match.
 * See docs/architecture.md, "Caching".
 */

export const PUBLIC_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=300';
export const PRIVATE_CACHE_CONTROL = 'private, no-store';
const ROUTES = '/(public)/courses';

const CACHEABLE_TYPE = /^(text\/html|application\/json)\b/;
const NONCE = /nonce="[^"]*"/g;

/** A weak validator: same page for the reader, same tag, whatever the nonce. */
export function pageEtag(body: string): string {
	return `W/"${createHash('sha1').update(body.replace(NONCE, 'nonce=""')).digest('base64url')}"`;
}

/** If-None-Match holds this tag (weak comparison, RFC 9110 13.1.2), or `*`. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
	if (!ifNoneMatch) return false;
	const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
	return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
}

export const publicCacheHandle: Handle = async ({ event, resolve }) => {
	const isCoursePage = event.route.id?.startsWith(ROUTES) ?? false;
	if (!isCoursePage || (event.request.method !== 'GET' && event.request.method !== 'HEAD')) return resolve(event);

	const response = await resolve(event);
	if (event.locals.user) {
		response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
		return response;
	}
	const type = response.headers.get('content-type') ?? '';
	// A response that sets a cookie (e.g. clearing an expired session) is this visitor's own.
	if (response.status !== 200 || !CACHEABLE_TYPE.test(type) || response.headers.has('set-cookie')) return response;

	const body = await response.text();
	const etag = pageEtag(body);
	const headers = new Headers(response.headers);
	headers.set('etag', etag);
	headers.set('cache-control', PUBLIC_CACHE_CONTROL);
	// The page's language comes from the cookie or Accept-Language; a shared cache must key on them.
	headers.set('vary', mergeVary(headers.get('vary'), ['Cookie', 'Accept-Language']));
	if (etagMatches(event.request.headers.get('if-none-match'), etag)) {
		// Only validators and caching headers: a 304's headers replace the stored ones, and a
		// new CSP nonce would then no longer match the scripts of the page the browser holds.
		const notModified = new Headers();
		for (const name of ['etag', 'cache-control', 'vary']) {
			const value = headers.get(name);
			if (value !== null) notModified.set(name, value);
		}
		return new Response(null, { status: 304, headers: notModified });
	}
	headers.delete('content-length');
	return new Response(body, { status: 200, statusText: response.statusText, headers });
};

function mergeVary(current: string | null, add: string[]) {
	const names = (current ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	for (const name of add) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
	return names.join(', ');
}
