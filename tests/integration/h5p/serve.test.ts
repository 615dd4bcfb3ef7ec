import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FILE_CSP, PLAYER_CSP, PLAYER_VERSION, crossOriginHeaders, fileResponse, playerAsset, playerAssetPath, playerPage } from '../../../src/lib/server/h5p/serve';

describe('the player code', () => {
	it('serves h5p-standalone with our prologue and epilogue around H5P core', () => {
		expect(PLAYER_VERSION).toMatch(/^3\.8\.2-[0-9a-f]{10}$/);
		expect(playerAsset('main.bundle.js')?.contentType).toBe('text/javascript; charset=utf-8');
		const frame = new TextDecoder().decode(playerAsset('frame.js')!.body);
		const storage = frame.indexOf("memoryStorage('localStorage')");
		const core = frame.indexOf('H5P.externalDispatcher');
		const userData = frame.indexOf('H5P.getUserData = function (contentId');
		expect(storage).toBeGreaterThan(-1);
		expect(core).toBeGreaterThan(storage);
		expect(userData).toBeGreaterThan(core);
		expect(playerAsset('host.js')?.contentType).toBe('text/javascript; charset=utf-8');
		expect(playerAsset('styles/h5p.css')?.contentType).toBe('text/css; charset=utf-8');
		expect(playerAsset('fonts/h5p-core-30.woff2')?.contentType).toBe('font/woff2');
		expect(playerAsset('images/throbber.gif')?.contentType).toBe('image/gif');
	});

	it('serves nothing else', () => {
		for (const file of ['../package.json', 'fonts/../../package.json', 'h5p.d.ts', 'main.bundle.js.LICENSE.txt', 'styles/../../package.json', 'frame.bundle.js', '']) {
			expect(playerAsset(file), file).toBeUndefined();
		}
	});

	it('names its version in its paths', () => {
		expect(playerAssetPath('host.js')).toBe(`/h5p/player/${PLAYER_VERSION}/host.js`);
	});
});

describe('the player page', () => {
	it('runs sandboxed in an opaque origin, framed by our pages only, with only our code', () => {
		const directives = PLAYER_CSP.split('; ');
		expect(directives[0]).toBe('sandbox allow-scripts allow-popups');
		expect(directives).toContain("frame-ancestors 'self'");
		expect(directives).toContain("default-src 'none'");
		expect(directives).toContain("connect-src 'self'");
		// Our files only (no inline script, nothing from elsewhere); H5P content types evaluate templates.
		expect(directives).toContain("script-src 'self' 'unsafe-eval'");
	});

	it('carries its settings as inert JSON, escaped', () => {
		const html = playerPage({
			contentId: 'c1',
			contentPath: '/h5p/content/c1/tok',
			librariesPath: '/h5p/libraries',
			title: '</script><script>alert(1)</script> & "quotes"',
			lang: 'ru',
			failed: 'Не удалось'
		});
		expect(html).toContain('<html lang="ru" class="h5p-iframe">');
		expect(html).not.toContain('</script><script>alert(1)');
		expect(html).toContain('<title>&#60;/script&#62;&#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;quotes&#34;</title>');
		const json = /<script type="application\/json" id="bilim-h5p-config">(.*?)<\/script>/.exec(html)![1]!;
		expect(JSON.parse(json)).toMatchObject({
			contentId: 'c1',
			h5pJsonPath: '/h5p/content/c1/tok',
			librariesPath: '/h5p/libraries',
			frameJs: playerAssetPath('frame.js'),
			frameCss: playerAssetPath('styles/h5p.css'),
			title: '</script><script>alert(1)</script> & "quotes"'
		});
		// No inline script runs: the page's policy allows none.
		expect(html.match(/<script(?![^>]*type="application\/json")[^>]*>/g)).toEqual([
			`<script src="${playerAssetPath('main.bundle.js')}">`,
			`<script src="${playerAssetPath('host.js')}" defer>`
		]);
	});
});

describe('files for the sandboxed player', () => {
	const data = new TextEncoder().encode('0123456789');
	const headers = crossOriginHeaders('image/svg+xml', 'public, max-age=60');

	it('may be read from the opaque origin and never run as our page', () => {
		expect(headers).toMatchObject({
			'access-control-allow-origin': '*',
			'x-content-type-options': 'nosniff',
			'content-security-policy': FILE_CSP,
			'content-type': 'image/svg+xml'
		});
		expect(FILE_CSP).toBe("sandbox; default-src 'none'");
	});

	it('answer byte ranges (audio and video seek with them)', async () => {
		const at = (range: string) => fileResponse(new Request('http://x/', { headers: { range } }), data, headers);
		let r = at('bytes=2-4');
		expect(r.status).toBe(206);
		expect(r.headers.get('content-range')).toBe('bytes 2-4/10');
		expect(await r.text()).toBe('234');
		r = at('bytes=7-');
		expect(await r.text()).toBe('789');
		r = at('bytes=-3');
		expect(r.headers.get('content-range')).toBe('bytes 7-9/10');
		expect(await r.text()).toBe('789');
		r = at('bytes=5-100');
		expect(await r.text()).toBe('56789');
		expect(at('bytes=10-').status).toBe(416);
		expect(at('bytes=4-2').status).toBe(416);
		r = fileResponse(new Request('http://x/'), data, headers);
		expect(r.status).toBe(200);
		expect(r.headers.get('accept-ranges')).toBe('bytes');
		expect(r.headers.get('content-length')).toBe('10');
	});

	it('answer 304 to a matching If-None-Match', () => {
		const r = fileResponse(new Request('http://x/', { headers: { 'if-none-match': '"v1"' } }), data, headers, '"v1"');
		expect(r.status).toBe(304);
	});

	it('go compressed when the browser accepts it: scripts, styles and JSON under a fixed key, never media or ranges', async () => {
		const script = new TextEncoder().encode('H5P.x = 1;\n'.repeat(2000));
		const js = crossOriginHeaders('text/javascript; charset=utf-8', 'public, max-age=60');
		const ask = (encoding: string | null, extra: Record<string, string> = {}) =>
			new Request('http://x/', { headers: { ...(encoding ? { 'accept-encoding': encoding } : {}), ...extra } });

		const br = fileResponse(ask('gzip, deflate, br'), script, js, undefined, 'test:a.js');
		expect(br.headers.get('content-encoding')).toBe('br');
		expect(br.headers.get('vary')).toBe('accept-encoding');
		const brBytes = new Uint8Array(await br.arrayBuffer());
		expect(brBytes.byteLength).toBeLessThan(script.byteLength / 10);
		expect(new Uint8Array(brotliDecompressSync(brBytes))).toEqual(script);

		const gz = fileResponse(ask('gzip'), script, js, undefined, 'test:a.js');
		expect(gz.headers.get('content-encoding')).toBe('gzip');
		expect(new Uint8Array(gunzipSync(new Uint8Array(await gz.arrayBuffer())))).toEqual(script);

		// Not accepted, no key, a range asked for, or not text: as stored.
		expect(fileResponse(ask(null), script, js, undefined, 'test:a.js').headers.get('content-encoding')).toBeNull();
		expect(fileResponse(ask('br'), script, js).headers.get('content-encoding')).toBeNull();
		expect(fileResponse(ask('br', { range: 'bytes=0-9' }), script, js, undefined, 'test:a.js').status).toBe(206);
		const png = crossOriginHeaders('image/png', 'public, max-age=60');
		expect(fileResponse(ask('br'), script, png, undefined, 'test:a.png').headers.get('content-encoding')).toBeNull();
	});
});
