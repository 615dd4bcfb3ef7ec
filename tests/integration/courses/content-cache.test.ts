import { sql } from 'kysely';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentVersion, createContentCache } from '../../../src/lib/server/cache/content-cache';
import { importCourse } from '../../../src/lib/server/courses/import';
import { parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { getLessonView } from '../../../src/lib/server/courses/reader';
import { validCourseFiles } from '../../course-package';
import { publicCache } from '../../../src/lib/server/http-cache';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();

async function importValid(overrides: Parameters<typeof validCourseFiles>[0] = {}) {
	const { course } = parseCoursePackage(validCourseFiles(overrides), 'cached');
	await db.transaction().execute((trx) => importCourse(trx, course!, { userId: null, sourceHash: null }));
}

describe('the content cache', () => {
	it('moves the content version on every change to course content, in any table', async () => {
		const v0 = await contentVersion(db);
		await importValid();
		const v1 = await contentVersion(db);
		expect(v1).toBeGreaterThan(v0);
		await db.updateTable('lessonItem').set({ body: sql`body || ' more'` }).execute();
		expect(await contentVersion(db)).toBeGreaterThan(v1);
		const v2 = await contentVersion(db);
		await db.updateTable('organisation').set({ name: sql`name` }).execute();
		expect(await contentVersion(db)).toBeGreaterThan(v2);
	});

	it('serves a cached value until the content changes, then computes afresh', async () => {
		const cache = createContentCache(10);
		let computed = 0;
		const compute = async () => ++computed;
		expect(await cache.get(db, 'k', compute)).toBe(1);
		expect(await cache.get(db, 'k', compute)).toBe(1);
		await db.updateTable('course').set({ title: 'Changed title' }).where('slug', '=', 'cached').execute();
		expect(await cache.get(db, 'k', compute)).toBe(2);
	});

	it('keeps at most its size, dropping the least recently used', async () => {
		const cache = createContentCache(2);
		await cache.get(db, 'a', async () => 'a');
		await cache.get(db, 'b', async () => 'b');
		await cache.get(db, 'a', async () => 'a2');
		await cache.get(db, 'c', async () => 'c');
		expect(cache.size).toBe(2);
		expect(await cache.get(db, 'a', async () => 'a3')).toBe('a');
		expect(await cache.get(db, 'b', async () => 'b2')).toBe('b2');
	});

	it('does not keep failures', async () => {
		const cache = createContentCache(10);
		await expect(cache.get(db, 'x', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(await cache.get(db, 'x', async () => 'ok')).toBe('ok');
	});

	it('applies the access rule to cached views on every read', async () => {
		const cache = createContentCache(10);
		const admin = await makeUser(db, { role: 'admin' });
		const view = await getLessonView(db, 'cached', 'what-is-iwrm', null, cache);
		expect(view.lesson.title).toBe('What is IWRM?');
		await db.updateTable('course').set({ status: 'draft' }).where('slug', '=', 'cached').execute();
		await expect(getLessonView(db, 'cached', 'what-is-iwrm', null, cache)).rejects.toThrow('error_course_not_found');
		expect((await getLessonView(db, 'cached', 'what-is-iwrm', admin, cache)).lesson.slug).toBe('what-is-iwrm');
		await expect(getLessonView(db, 'cached', 'no-such-lesson', admin, cache)).rejects.toThrow('error_lesson_not_found');
	});
});

describe('the rendered-page cache for visitors', () => {

	const event = (cookie?: string, user = false, isDataRequest = false) =>
		({
			route: { id: '/(public)/courses' },
			isDataRequest,
			request: new Request('http://localhost/courses?q=water'),
			url: new URL('http://localhost/courses?q=water'),
			locals: { user: user ? { id: 'u' } : null, locale: 'en' },
			cookies: { get: (name: string) => (name === 'bilim_session' ? cookie : undefined) }
		}) as never;

	it('renders once per content version for visitors, always for anyone with a session', async () => {
		const cache = createContentCache(10);
		const handle = publicCache({ db, pages: cache, sessionCookie: 'bilim_session' });
		let renders = 0;
		const resolve = async () => {
			renders++;
			return new Response(`<p>page ${renders}</p>`, { headers: { 'content-type': 'text/html' } });
		};
		const first = await handle({ event: event(), resolve });
		const second = await handle({ event: event(), resolve });
		expect([await first.text(), await second.text(), renders]).toEqual(['<p>page 1</p>', '<p>page 1</p>', 1]);
		expect(second.headers.get('etag')).toBe(first.headers.get('etag'));

		await db.updateTable('course').set({ title: 'Changed again' }).execute();
		expect(await (await handle({ event: event(), resolve })).text()).toBe('<p>page 2</p>');

		// A session cookie (even an expired one) or a signed-in user: rendered for them, never kept.
		await handle({ event: event('some-token'), resolve });
		const mine = await handle({ event: event('some-token', true), resolve });
		expect(renders).toBe(4);
		expect(mine.headers.get('cache-control')).toBe('private, no-store');
	});

	it('sends a kept page compressed to a browser that accepts it', async () => {
		const cache = createContentCache(10);
		const handle = publicCache({ db, pages: cache, sessionCookie: 'bilim_session' });
		const page = `<p>${'Integrated water resources management. '.repeat(200)}</p>`;
		const resolve = async () => new Response(page, { headers: { 'content-type': 'text/html' } });
		const plain = await handle({ event: event(), resolve });
		expect(plain.headers.get('content-encoding')).toBeNull();
		expect(await plain.text()).toBe(page);
		const withEncoding = (accept: string) => {
			const e = event() as unknown as { request: Request };
			e.request = new Request('http://localhost/courses?q=water', { headers: { 'accept-encoding': accept } });
			return e as never;
		};
		const br = await handle({ event: withEncoding('gzip, deflate, br'), resolve });
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('Cookie, Accept-Language, Accept-Encoding');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(page.length / 10);
		expect(brotliDecompressSync(bytes).toString()).toBe(page);
		const gzip = await handle({ event: withEncoding('gzip'), resolve });
		expect(gunzipSync(Buffer.from(await gzip.arrayBuffer())).toString()).toBe(page);
		expect(gzip.headers.get('etag')).toBe(plain.headers.get('etag'));
	});

	it('never serves a page for a data request of the same URL, nor keeps data answers', async () => {
		const cache = createContentCache(10);
		const handle = publicCache({ db, pages: cache, sessionCookie: 'bilim_session' });
		const html = async () => new Response('<p>html</p>', { headers: { 'content-type': 'text/html' } });
		const json = async () => new Response('{"type":"data"}', { headers: { 'content-type': 'application/json' } });
		expect(await (await handle({ event: event(), resolve: html })).text()).toBe('<p>html</p>');
		expect(await (await handle({ event: event(undefined, false, true), resolve: json })).text()).toBe('{"type":"data"}');
		expect(await (await handle({ event: event(), resolve: json })).text()).toBe('<p>html</p>');
	});

	it('does not keep errors or redirects', async () => {
		const cache = createContentCache(10);
		const handle = publicCache({ db, pages: cache, sessionCookie: 'bilim_session' });
		let renders = 0;
		const resolve = async () => {
			renders++;
			return new Response('gone', { status: 404, headers: { 'content-type': 'text/html' } });
		};
		expect((await handle({ event: event(), resolve })).status).toBe(404);
		expect((await handle({ event: event(), resolve })).status).toBe(404);
		expect(renders).toBe(2);
	});
});
