import type { Handle, RequestEvent } from '@sveltejs/kit';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/**
 * The cache of signed-in pages: a page whose load calls `keepPage` (today "My learning" and the
 * review dashboard) is kept, rendered and compressed, for the person who asked, and served to
 * them again without a load or a render for as long as nothing it shows has changed.
 *
 * Why it stays correct with any number of app instances: every entry is stamped with the
 * session's `versions`, read in the same statement that validates the session. They are moved
 * on, at commit, by database triggers on every change to course content (content_version) and
 * to people, cohorts and admissions (data_version, migration 15), by whichever instance makes
 * the change. They are read before the page's data, so an entry never holds data older than
 * its stamp. Pages that depend on the clock ("the next session") give the moment they stop
 * being true (`until`). The key is the person, the language and the URL: nobody is ever served
 * another person's entry, and a person whose session ends is not served at all. The CSP allows
 * SvelteKit's inline script by its hash (svelte.config.js), so a page sent again carries no
 * per-response secret. See docs/architecture.md, "The cache of signed-in pages".
 */

export interface PageCacheOptions {
	/** The session cookie's name: the only cookie a kept page's response may set. */
	sessionCookie: string;
	/** Serialises the session cookie for a response served from the cache. */
	sessionCookieHeader: (event: RequestEvent) => string | null;
	maxEntries?: number;
	/** Total size of the kept pages (as sent, compressed forms included), in bytes. */
	maxBytes?: number;
}

export type Encoding = 'br' | 'gzip' | 'identity';

interface Entry {
	version: string;
	until: number;
	status: number;
	headers: [string, string][];
	bodies: Record<Encoding, Uint8Array>;
	size: number;
}

/** Called by a page's load: this person's page may be served again until `until` (null: until data changes). */
export function keepPage(locals: App.Locals, until: Date | null = null) {
	locals.keepPage = { until: until ? until.getTime() : Number.POSITIVE_INFINITY };
}

/** The best encoding the browser accepts (q=0 refuses one), as browsers send Accept-Encoding. */
export function pickEncoding(acceptEncoding: string | null): Encoding {
	const accepted = new Set<string>();
	for (const part of (acceptEncoding ?? '').toLowerCase().split(',')) {
		const [name, ...params] = part.trim().split(';');
		if (!name || params.some((p) => /^\s*q\s*=\s*0(\.0*)?\s*$/.test(p))) continue;
		accepted.add(name.trim());
	}
	if (accepted.has('br')) return 'br';
	if (accepted.has('gzip')) return 'gzip';
	return 'identity';
}

/** A page is compressed once, when it is kept (brotli at a middle level: fast, and small). */
export function compressed(body: Uint8Array): Record<Encoding, Uint8Array> {
	return {
		identity: body,
		br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: body.byteLength } }),
		gzip: gzipSync(body, { level: 6 })
	};
}

export function createPageCache(options: PageCacheOptions) {
	const maxEntries = options.maxEntries ?? 500;
	const maxBytes = options.maxBytes ?? 32 * 1024 * 1024;
	const entries = new Map<string, Entry>();
	let bytes = 0;

	const remove = (key: string) => {
		const entry = entries.get(key);
		if (!entry) return;
		entries.delete(key);
		bytes -= entry.size;
	};
	const add = (key: string, entry: Entry) => {
		remove(key);
		if (entry.size > maxBytes / 4) return;
		entries.set(key, entry);
		bytes += entry.size;
		while (entries.size > maxEntries || bytes > maxBytes) remove(entries.keys().next().value!);
	};

	const handle: Handle = async ({ event, resolve }) => {
		const { user, session } = event.locals;
		const versions = session?.versions;
		if (event.request.method !== 'GET' || event.isDataRequest || !user || !versions) return resolve(event);
		const version = `${versions.content}.${versions.data}`;

		const key = `${user.id}\u0000${event.locals.locale}\u0000${event.url.pathname}${event.url.search}`;
		const hit = entries.get(key);
		if (hit && hit.version === version && Date.now() < hit.until) {
			entries.delete(key);
			entries.set(key, hit);
			return served(hit, pickEncoding(event.request.headers.get('accept-encoding')), options.sessionCookieHeader(event));
		}
		if (hit) remove(key);

		const response = await resolve(event);
		const keep = event.locals.keepPage;
		const type = response.headers.get('content-type') ?? '';
		if (!keep || response.status !== 200 || !type.startsWith('text/html') || response.headers.has('content-encoding')) return response;
		// Only the session cookie (renewed on every request, and set again when served from here).
		const cookies = response.headers.getSetCookie();
		if (cookies.some((c) => !c.startsWith(`${options.sessionCookie}=`))) return response;

		const body = new Uint8Array(await response.arrayBuffer());
		const bodies = compressed(body);
		// SvelteKit's ETag is the uncompressed page's; these pages are never revalidated (no-store).
		const headers = [...response.headers].filter(([name]) => !['set-cookie', 'content-length', 'etag'].includes(name));
		const entry: Entry = {
			version,
			until: keep.until,
			status: response.status,
			headers,
			bodies,
			size: body.byteLength + bodies.br.byteLength + bodies.gzip.byteLength
		};
		add(key, entry);
		return served(entry, pickEncoding(event.request.headers.get('accept-encoding')), cookies[0] ?? null);
	};

	return {
		handle,
		get size() {
			return entries.size;
		}
	};
}

function served(entry: Entry, encoding: Encoding, sessionCookie: string | null): Response {
	const headers = new Headers(entry.headers);
	const body = entry.bodies[encoding];
	if (encoding !== 'identity') headers.set('content-encoding', encoding);
	headers.append('vary', 'Accept-Encoding');
	headers.set('content-length', String(body.byteLength));
	if (sessionCookie) headers.append('set-cookie', sessionCookie);
	return new Response(body as Uint8Array<ArrayBuffer>, { status: entry.status, headers });
}
