import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, normalize, sep } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { pickEncoding } from '../page-cache';
import { contentTypeFor } from './mime';
import frameEpilogue from './player/frame-postlude.js?raw';
import framePrologue from './player/frame-prelude.js?raw';
import hostScript from './player/host.js?raw';

/**
 * How the H5P player and its files are served (docs/h5p.md, "Trust and isolation").
 *
 * - The player page (/h5p/play/<content>/<token>) is sent with `Content-Security-Policy:
 *   sandbox allow-scripts allow-popups`, so it runs in an opaque origin even when opened on its
 *   own: no cookies, no access to the learner's pages. It may be framed by our pages only.
 * - Everything it loads from us is therefore a cross-origin request: the player's code (h5p-
 *   standalone's dist plus our host.js), approved libraries and the content's files all carry
 *   `Access-Control-Allow-Origin: *` (fonts and fetch() need it; nothing sent depends on cookies).
 * - Libraries never change once stored (one per major.minor, the first patch kept): cached for a
 *   year. The player's code is cached for a year under a path naming its version.
 * - Library and content files are never documents of this site: `Content-Security-Policy:
 *   sandbox; default-src 'none'` and nosniff, so an uploaded SVG or text file cannot run here.
 */

const require = createRequire(import.meta.url);
const standaloneMain = require.resolve('h5p-standalone');
const DIST = dirname(standaloneMain);
const STANDALONE_VERSION: string = JSON.parse(readFileSync(join(DIST, '..', 'package.json'), 'utf8')).version;

/** h5p-standalone's version and a digest of our own player code: part of every player asset's path. */
export const PLAYER_VERSION = `${STANDALONE_VERSION}-${createHash('sha256').update(framePrologue).update(frameEpilogue).update(hostScript).digest('hex').slice(0, 10)}`;

export const playerAssetPath = (file: string) => `/h5p/player/${PLAYER_VERSION}/${file}`;

export const YEAR_CACHE = 'public, max-age=31536000, immutable';

/** Video hosts H5P content may embed (as the lesson page allows, svelte.config.js). */
const VIDEO_FRAMES = ['https://www.youtube-nocookie.com', 'https://www.youtube.com', 'https://player.vimeo.com'];

/** The player page's policy: opaque origin, our code and files only, framed by our pages only. */
export const PLAYER_CSP = [
	'sandbox allow-scripts allow-popups',
	"default-src 'none'",
	// Only our files run, but they may evaluate strings: H5P content types do (MultiChoice's
	// EmbeddedJS templates compile with new Function). It adds nothing to what approved library
	// code can already do in this sandbox, and nothing inline or from elsewhere runs.
	"script-src 'self' 'unsafe-eval'",
	// H5P content types set style attributes all over; styles cannot reach out of the sandbox.
	"style-src 'self' 'unsafe-inline'",
	"img-src 'self' data: blob:",
	"media-src 'self' data: blob:",
	"font-src 'self' data:",
	"connect-src 'self'",
	`frame-src 'self' ${VIDEO_FRAMES.join(' ')}`,
	"frame-ancestors 'self'",
	"base-uri 'self'",
	"form-action 'none'"
].join('; ');

/** Library and content files: inert if ever opened as a document. */
export const FILE_CSP = "sandbox; default-src 'none'";

interface Asset {
	body: Uint8Array;
	contentType: string;
}

const assets = new Map<string, Asset | null>();

/** Files of h5p-standalone's dist the player uses, and our own code. */
const DIST_FILE = /^(main\.bundle\.js|styles\/h5p\.css|fonts\/[A-Za-z0-9_./-]+\.(woff2?|ttf|eot|otf)|images\/[A-Za-z0-9_.-]+\.(svg|gif|png))$/;

function loadAsset(file: string): Asset | null {
	const js = 'text/javascript; charset=utf-8';
	if (file === 'host.js') return { body: Buffer.from(hostScript), contentType: js };
	if (file === 'frame.js') {
		// H5P's core with our prologue (in-memory storage for the opaque origin) and epilogue
		// (user data kept in memory): see player/frame-*.js.
		const core = readFileSync(join(DIST, 'frame.bundle.js'), 'utf8');
		return { body: Buffer.from(`${framePrologue}\n;${core}\n;${frameEpilogue}\n`), contentType: js };
	}
	if (!DIST_FILE.test(file) || file.split('/').some((part) => part === '..' || part === '.')) return null;
	const path = normalize(join(DIST, file));
	if (!path.startsWith(DIST + sep)) return null;
	try {
		return { body: readFileSync(path), contentType: contentTypeFor(file) };
	} catch {
		return null;
	}
}

/** A player asset by its path under the version ('main.bundle.js', 'fonts/h5p-core-30.woff2'); undefined when there is none. */
export function playerAsset(file: string): Asset | undefined {
	if (!assets.has(file)) assets.set(file, loadAsset(file));
	return assets.get(file) ?? undefined;
}

/** Headers shared by everything the sandboxed player loads from us. */
export function crossOriginHeaders(contentType: string, cacheControl: string): Record<string, string> {
	return {
		'content-type': contentType,
		'cache-control': cacheControl,
		'access-control-allow-origin': '*',
		'cross-origin-resource-policy': 'cross-origin',
		'x-content-type-options': 'nosniff',
		'content-security-policy': FILE_CSP
	};
}

/**
 * The answer to a CORS preflight. The player's own requests never need one (plain GETs), but a
 * browser that adds headers of its own to every request (an extension, a test driver) asks
 * first; nothing here depends on who asks.
 */
export function preflight(request: Request): Response {
	return new Response(null, {
		status: 204,
		headers: {
			'access-control-allow-origin': '*',
			'access-control-allow-methods': 'GET, HEAD',
			'access-control-allow-headers': request.headers.get('access-control-request-headers') ?? '',
			'access-control-max-age': '86400'
		}
	});
}

/**
 * Compressed copies of files that never change under their key (the player's code per version,
 * a library version's files, a content's files): made once per instance, and dropped oldest
 * first past COMPRESSED_BYTES. A cache only: any instance makes the same bytes.
 *
 * The player runs in an opaque origin, and Chromium keeps no cache across pages for an opaque
 * origin's requests, so a learner's browser fetches the player's files on every visit: they are
 * sent compressed (frame.js, 148 KB, is about 40 KB in gzip).
 */
const COMPRESSED_BYTES = 16 * 1024 * 1024;
const compressedCopies = new Map<string, Uint8Array>();
let compressedTotal = 0;

const COMPRESSIBLE = /^(text\/|application\/(javascript|json|xml)|image\/svg\+xml)/;

function compressedCopy(key: string, data: Uint8Array, encoding: 'br' | 'gzip'): Uint8Array {
	const id = `${encoding}:${key}`;
	const hit = compressedCopies.get(id);
	if (hit) {
		compressedCopies.delete(id);
		compressedCopies.set(id, hit);
		return hit;
	}
	const body =
		encoding === 'br'
			? brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 6, [constants.BROTLI_PARAM_SIZE_HINT]: data.byteLength } })
			: gzipSync(data, { level: 6 });
	compressedCopies.set(id, body);
	compressedTotal += body.byteLength;
	for (const [old, bytes] of compressedCopies) {
		if (compressedTotal <= COMPRESSED_BYTES) break;
		compressedCopies.delete(old);
		compressedTotal -= bytes.byteLength;
	}
	return body;
}

/**
 * A file's answer, honouring a single byte range (audio and video seek with them) and
 * If-None-Match when an etag is given. With `key` (a name under which the bytes never change),
 * text, script, style and JSON files are sent compressed when the browser accepts it.
 */
export function fileResponse(request: Request, data: Uint8Array, headers: Record<string, string>, etag?: string, key?: string): Response {
	const compressible = key !== undefined && COMPRESSIBLE.test(headers['content-type'] ?? '') && data.byteLength > 1024;
	const all = { ...headers, 'accept-ranges': 'bytes', ...(etag ? { etag } : {}), ...(compressible ? { vary: 'accept-encoding' } : {}) };
	if (etag && request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers: all });
	if (compressible && !request.headers.has('range')) {
		const encoding = pickEncoding(request.headers.get('accept-encoding'));
		if (encoding !== 'identity') {
			const body = compressedCopy(key, data, encoding);
			return new Response(body as BodyInit, {
				headers: { ...all, 'accept-ranges': 'none', 'content-encoding': encoding, 'content-length': String(body.byteLength) }
			});
		}
	}
	const size = data.byteLength;
	const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.get('range') ?? '');
	if (range && (range[1] || range[2])) {
		const suffix = !range[1];
		const start = suffix ? Math.max(0, size - Number(range[2])) : Number(range[1]);
		const end = suffix || !range[2] ? size - 1 : Math.min(Number(range[2]), size - 1);
		if (start >= size || end < start) {
			return new Response(null, { status: 416, headers: { ...all, 'content-range': `bytes */${size}` } });
		}
		return new Response(data.subarray(start, end + 1) as BodyInit, {
			status: 206,
			headers: { ...all, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) }
		});
	}
	return new Response(data as BodyInit, { headers: { ...all, 'content-length': String(size) } });
}

/** JSON for a <script type="application/json">: nothing in it can close the element. */
function scriptJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PlayerPageInput {
	contentId: string;
	/** Where h5p.json and content/ are (signed: links.ts). */
	contentPath: string;
	librariesPath: string;
	title: string;
	/** The page's language (the reader's). */
	lang: string;
	/** Shown when the content cannot start. */
	failed: string;
}

/**
 * The player page's HTML (served with PLAYER_CSP). The content runs in this page (h5p-standalone's
 * 'div' embedding, see player/host.js); the class on <html> gives it the styles H5P's own frame
 * has (h5p.css: html.h5p-iframe).
 */
export function playerPage(input: PlayerPageInput): string {
	const config = {
		contentId: input.contentId,
		h5pJsonPath: input.contentPath,
		librariesPath: input.librariesPath,
		frameJs: playerAssetPath('frame.js'),
		frameCss: playerAssetPath('styles/h5p.css'),
		title: input.title,
		failed: input.failed
	};
	return `<!doctype html>
<html lang="${escapeHtml(input.lang)}" class="h5p-iframe">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<script type="application/json" id="bilim-h5p-config">${scriptJson(config)}</script>
<script src="${playerAssetPath('main.bundle.js')}"></script>
<script src="${playerAssetPath('host.js')}" defer></script>
</head>
<body>
<div id="bilim-h5p"></div>
</body>
</html>
`;
}
