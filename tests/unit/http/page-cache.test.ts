import type { RequestEvent } from '@sveltejs/kit';
import { describe, expect, it, vi } from 'vitest';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { createPageCache, keepPage, pickEncoding } from '../../../src/lib/server/page-cache';

const page = (text: string) => `<!doctype html><html><head><script>start()</script></head><body><h1>${text}</h1></body></html>`;

interface Ask {
	user?: string | null;
	versions?: { content: number; data: number };
	path?: string;
	locale?: 'en' | 'ru';
	method?: string;
	dataRequest?: boolean;
	acceptEncoding?: string;
}

/** A cache and a server behind it that renders "<user> <n>" and says whether its load kept the page. */
function setup(options: { keep?: boolean | Date; status?: number; cookies?: string[] } = {}) {
	const cache = createPageCache({
		sessionCookie: 'bilim_session',
		sessionCookieHeader: () => 'bilim_session=tok; Path=/; HttpOnly; SameSite=Lax',
		maxEntries: 3
	});
	let renders = 0;
	const ask = async (a: Ask = {}) => {
		const user = a.user === undefined ? 'u1' : a.user;
		const path = a.path ?? '/my';
		const event = {
			request: new Request(`http://localhost${path}`, { method: a.method ?? 'GET', headers: a.acceptEncoding ? { 'accept-encoding': a.acceptEncoding } : {} }),
			url: new URL(`http://localhost${path}`),
			isDataRequest: a.dataRequest ?? false,
			locals: {
				user: user ? { id: user } : null,
				session: user ? { versions: a.versions ?? { content: 1, data: 1 } } : null,
				locale: a.locale ?? 'en'
			}
		} as unknown as RequestEvent;
		const resolve = vi.fn(async () => {
			renders++;
			const keep = options.keep ?? true;
			if (keep) keepPage(event.locals, keep instanceof Date ? keep : null);
			const headers = new Headers({
				'content-type': 'text/html',
				'content-security-policy': `script-src 'self' 'sha256-abc'`,
				'cache-control': 'private, no-store'
			});
			for (const c of options.cookies ?? ['bilim_session=tok; Path=/']) headers.append('set-cookie', c);
			return new Response(page(`${user} ${renders} ${event.locals.locale}`), { status: options.status ?? 200, headers });
		});
		const response = await cache.handle({ event, resolve });
		const raw = Buffer.from(await response.arrayBuffer());
		const encoding = response.headers.get('content-encoding');
		const text = (encoding === 'br' ? brotliDecompressSync(raw) : encoding === 'gzip' ? gunzipSync(raw) : raw).toString();
		return { response, text, rendered: resolve.mock.calls.length > 0 };
	};
	return { cache, ask, renders: () => renders };
}

describe('the cache of signed-in pages', () => {
	it('serves a kept page again to the same person while the versions stand, with the session cookie', async () => {
		const { ask } = setup();
		const first = await ask();
		expect(first.rendered).toBe(true);
		expect(first.text).toContain('u1 1 en');
		const second = await ask();
		expect(second.rendered).toBe(false);
		expect(second.text).toBe(first.text);
		expect(second.response.headers.get('content-security-policy')).toBe(`script-src 'self' 'sha256-abc'`);
		expect(second.response.headers.getSetCookie()).toEqual(['bilim_session=tok; Path=/; HttpOnly; SameSite=Lax']);
		expect(second.response.headers.get('cache-control')).toBe('private, no-store');
		expect(second.response.headers.get('content-length')).toBe(String(Buffer.byteLength(first.text)));
	});

	it('sends the page compressed as the browser accepts it, once compressed', async () => {
		const { ask } = setup();
		const plain = await ask();
		const br = await ask({ acceptEncoding: 'gzip, deflate, br, zstd' });
		expect(br.response.headers.get('content-encoding')).toBe('br');
		expect(br.text).toBe(plain.text);
		expect(br.response.headers.get('vary')).toContain('Accept-Encoding');
		const gzip = await ask({ acceptEncoding: 'gzip;q=1.0, br;q=0' });
		expect(gzip.response.headers.get('content-encoding')).toBe('gzip');
		expect(gzip.text).toBe(plain.text);
		expect(plain.response.headers.get('content-encoding')).toBeNull();
		expect(gzip.rendered || br.rendered).toBe(false);
	});

	it('picks the encoding from Accept-Encoding', () => {
		expect(pickEncoding(null)).toBe('identity');
		expect(pickEncoding('gzip, deflate, br')).toBe('br');
		expect(pickEncoding('BR;q=0.5, gzip')).toBe('br');
		expect(pickEncoding('br;q=0, gzip;q=0.8')).toBe('gzip');
		expect(pickEncoding('br; q=0.0, gzip;q=0')).toBe('identity');
		expect(pickEncoding('identity, *;q=0')).toBe('identity');
	});

	it('renders again when content or data changed, for another person, another language or another URL', async () => {
		const { ask } = setup();
		await ask();
		expect((await ask({ versions: { content: 2, data: 1 } })).rendered).toBe(true);
		expect((await ask({ versions: { content: 2, data: 2 } })).rendered).toBe(true);
		expect((await ask({ versions: { content: 2, data: 2 } })).rendered).toBe(false);
		const other = await ask({ user: 'u2', versions: { content: 2, data: 2 } });
		expect(other.rendered).toBe(true);
		expect(other.text).toContain('u2');
		expect((await ask({ locale: 'ru', versions: { content: 2, data: 2 } })).text).toContain('u1 5 ru');
		expect((await ask({ path: '/my?page=2', versions: { content: 2, data: 2 } })).rendered).toBe(true);
	});

	it('keeps a page that depends on the clock only until the moment it gave', async () => {
		vi.useFakeTimers({ now: new Date('2026-11-27T10:00:00Z'), toFake: ['Date'] });
		try {
			const { ask } = setup({ keep: new Date('2026-11-27T10:05:00Z') });
			await ask();
			vi.setSystemTime(new Date('2026-11-27T10:04:59Z'));
			expect((await ask()).rendered).toBe(false);
			vi.setSystemTime(new Date('2026-11-27T10:05:00Z'));
			expect((await ask()).rendered).toBe(true);
		} finally {
			vi.useRealTimers();
		}
	});

	it('keeps nothing for visitors, posts, data requests, pages that did not ask, errors, or other cookies', async () => {
		const anonymous = setup();
		await anonymous.ask({ user: null });
		expect((await anonymous.ask({ user: null })).rendered).toBe(true);
		const plain = setup();
		await plain.ask({ method: 'POST' });
		expect((await plain.ask({ method: 'POST' })).rendered).toBe(true);
		await plain.ask({ dataRequest: true });
		expect((await plain.ask({ dataRequest: true })).rendered).toBe(true);
		for (const options of [{ keep: false }, { status: 404 }, { cookies: ['bilim_session=tok', 'bilim_locale=ru'] }]) {
			const { ask } = setup(options);
			await ask();
			expect((await ask()).rendered).toBe(true);
		}
	});

	it('holds at most its number of entries, dropping the least recently used', async () => {
		const { ask, cache } = setup();
		for (const user of ['a', 'b', 'c']) await ask({ user });
		await ask({ user: 'a' }); // a is now the most recent
		await ask({ user: 'd' }); // b goes
		expect(cache.size).toBe(3);
		expect((await ask({ user: 'a' })).rendered).toBe(false);
		expect((await ask({ user: 'b' })).rendered).toBe(true);
	});
});
