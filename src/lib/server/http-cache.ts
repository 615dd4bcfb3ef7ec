import type { Handle } from '@sveltejs/kit';
import { sql } from 'kysely';
import { createHash } from 'node:crypto';
import type { ContentCache } from './cache/content-cache';
import type { Database } from './db/connect';
import { compressed, pickEncoding, type Encoding } from './page-cache';

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

interface CachedPage {
	headers: [string, string][];
	body: string;
	etag: string;
	/** The page as sent, uncompressed and compressed (once, when it is kept). */
	bodies: Record<Encoding, Uint8Array>;
}

class Uncacheable extends Error {}

export interface PublicCacheOptions {
	db: Database;
	/** Where rendered pages for anonymous visitors are kept; undefined to render every time. */
	pages?: ContentCache;
	sessionCookie: string;
}

/**
 * The handle, last in hooks.server.ts's sequence. For visitors with no session at all it also
 * keeps the rendered page in the content cache (keyed by language and URL, and made stale by
 * any change to course content, through any app instance), so a busy catalog costs one
 * primary-key query per request instead of a render. Such a page is served with the CSP nonce
 * it was rendered with: the same trade-off as a shared cache in front of the app (see
 * docs/architecture.md, "Caching"); these pages carry no user input but sanitised Markdown.
 */
export function publicCache(options: PublicCacheOptions): Handle {
	return async ({ event, resolve }) => {
		if (event.route.id === VERIFY_ROUTE) return verificationPage(options, event, resolve);
		const isCoursePage = event.route.id?.startsWith(ROUTES) ?? false;
		const method = event.request.method;
		if (!isCoursePage || (method !== 'GET' && method !== 'HEAD')) return resolve(event);
		if (event.locals.user) {
			const response = await resolve(event);
			response.headers.set('cache-control', PRIVATE_CACHE_CONTROL);
			return response;
		}
		// Pages only: a data request (__data.json) has the same event.url as its page, and its
		// answer depends on which nodes the client asks for (x-sveltekit-invalidated), which
		// event.url no longer shows; the content views it is built from are cached anyway.
		const anonymous = method === 'GET' && !event.isDataRequest && !event.cookies.get(options.sessionCookie);
		if (!anonymous || !options.pages) return withValidators(event.request, await resolve(event));

		let own: Response | undefined;
		try {
			const key = `page:${event.locals.locale}:${event.url.pathname}${event.url.search}`;
			const page = await options.pages.get<CachedPage>(options.db, key, async () => {
				const response = await resolve(event);
				own = response;
				if (!isCacheable(response)) throw new Uncacheable();
				const body = await response.text();
				return { headers: [...response.headers], body, etag: pageEtag(body), bodies: compressed(Buffer.from(body)) };
			});
			return validated(event.request, new Headers(page.headers), page.body, page.etag, page.bodies);
		} catch (e) {
			if (!(e instanceof Uncacheable)) throw e;
			// Not a page to keep (an error, a redirect): this request's own answer, or a fresh one
			// for a request that waited on it.
			return own ? withValidators(event.request, own) : withValidators(event.request, await resolve(event));
		}
	};
}

const VERIFY_ROUTE = '/(public)/verify/[code]';

/** The sum of data_version's slots: moved on by every committed change to certificates (migration 18). */
async function dataVersion(db: Database): Promise<number> {
	const row = await db.selectNoFrom(sql<string>`(select coalesce(sum(version), 0) from data_version)`.as('v')).executeTakeFirstOrThrow();
	return Number(row.v);
}

/**
 * A certificate's public verification page, for visitors with no session: kept rendered (by
 * language and address) and stamped with the data version, which every change to a certificate
 * moves on through any app instance (a revocation included), so the page is never older than
 * the database and costs one small query instead of a query and a render. It keeps its own
 * `Cache-Control: no-cache`: browsers and proxies must ask again every time, and get a 304
 * while it has not changed. Unknown codes (404) are not kept.
 */
async function verificationPage(options: PublicCacheOptions, event: Parameters<Handle>[0]['event'], resolve: Parameters<Handle>[0]['resolve']) {
	const anonymous = event.request.method === 'GET' && !event.isDataRequest && !event.cookies.get(options.sessionCookie);
	if (!anonymous || !options.pages) return resolve(event);
	let own: Response | undefined;
	try {
		const key = `verify:${event.locals.locale}:${event.url.pathname}`;
		const page = await options.pages.get<CachedPage>(
			options.db,
			key,
			async () => {
				const response = await resolve(event);
				own = response;
				if (!isCacheable(response)) throw new Uncacheable();
				const body = await response.text();
				return { headers: [...response.headers], body, etag: pageEtag(body), bodies: compressed(Buffer.from(body)) };
			},
			await dataVersion(options.db)
		);
		const headers = new Headers(page.headers);
		headers.set('etag', page.etag);
		headers.set('vary', mergeVary(headers.get('vary'), ['Cookie', 'Accept-Language', 'Accept-Encoding']));
		if (etagMatches(event.request.headers.get('if-none-match'), page.etag)) {
			const notModified = new Headers();
			for (const name of ['etag', 'cache-control', 'vary']) {
				const value = headers.get(name);
				if (value !== null) notModified.set(name, value);
			}
			return new Response(null, { status: 304, headers: notModified });
		}
		const encoding = pickEncoding(event.request.headers.get('accept-encoding'));
		if (encoding !== 'identity') headers.set('content-encoding', encoding);
		headers.set('content-length', String(page.bodies[encoding].byteLength));
		return new Response(page.bodies[encoding] as Uint8Array<ArrayBuffer>, { status: 200, headers });
	} catch (e) {
		if (!(e instanceof Uncacheable)) throw e;
		return own ?? resolve(event);
	}
}

function isCacheable(response: Response) {
	const type = response.headers.get('content-type') ?? '';
	// A response that sets a cookie (e.g. clearing an expired session) is this visitor's own.
	return response.status === 200 && CACHEABLE_TYPE.test(type) && !response.headers.has('set-cookie');
}

/** Public caching headers, an ETag, and 304 for a matching If-None-Match. */
async function withValidators(request: Request, response: Response): Promise<Response> {
	if (!isCacheable(response)) return response;
	const body = await response.text();
	return validated(request, new Headers(response.headers), body, pageEtag(body));
}

function validated(request: Request, headers: Headers, body: string, etag: string, bodies?: Record<Encoding, Uint8Array>): Response {
	headers.set('etag', etag);
	headers.set('cache-control', PUBLIC_CACHE_CONTROL);
	// The page's language comes from the cookie or Accept-Language; a shared cache must key on them.
	// A kept page is also sent compressed, as the browser accepts.
	headers.set('vary', mergeVary(headers.get('vary'), ['Cookie', 'Accept-Language', ...(bodies ? ['Accept-Encoding'] : [])]));
	if (etagMatches(request.headers.get('if-none-match'), etag)) {
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
	if (!bodies) return new Response(body, { status: 200, headers });
	// A kept page goes compressed as the browser accepts it (a weak ETag holds for every coding).
	const encoding = pickEncoding(request.headers.get('accept-encoding'));
	if (encoding !== 'identity') headers.set('content-encoding', encoding);
	headers.set('content-length', String(bodies[encoding].byteLength));
	return new Response(bodies[encoding] as Uint8Array<ArrayBuffer>, { status: 200, headers });
}

function mergeVary(current: string | null, add: string[]) {
	const names = (current ?? '')
		.split(',')
		.map((v) => v.trim())
		.filter(Boolean);
	for (const name of add) if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) names.push(name);
	return names.join(', ');
}
