import type { Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Reads the QR code printed on a PDF the way a phone does: the PDF is drawn as an image
 * (PDF.js, in Chromium) and the image is decoded (jsQR). Nothing is taken from the PDF's
 * text, so a test proves the printed code itself leads where it should.
 * Both libraries are served from node_modules to a page on a made-up origin; no network.
 */
const require = createRequire(import.meta.url);
const pdfjsDir = join(dirname(require.resolve('pdfjs-dist/package.json')), 'build');
const jsqrFile = require.resolve('jsqr/dist/jsQR.js');
const ORIGIN = 'http://qr-reader.invalid';

const PAGE = `<!doctype html><meta charset="utf-8"><title>QR reader</title><canvas></canvas>
<script src="/jsqr.js"></script>
<script type="module">
import * as pdfjs from '/pdf.mjs';
pdfjs.GlobalWorkerOptions.workerSrc = '/pdf.worker.mjs';
try {
	const doc = await pdfjs.getDocument({ url: '/doc.pdf', isEvalSupported: false }).promise;
	const page = await doc.getPage(1);
	const viewport = page.getViewport({ scale: 3 });
	const canvas = document.querySelector('canvas');
	canvas.width = viewport.width;
	canvas.height = viewport.height;
	const context = canvas.getContext('2d', { willReadFrequently: true });
	context.fillStyle = '#fff';
	context.fillRect(0, 0, canvas.width, canvas.height);
	await page.render({ canvasContext: context, viewport }).promise;
	const image = context.getImageData(0, 0, canvas.width, canvas.height);
	const code = window.jsQR(image.data, image.width, image.height);
	window.__qr = { pages: doc.numPages, text: code ? code.data : null };
} catch (e) {
	window.__qr = { error: String(e) };
}
</script>`;

export async function readQrFromPdf(browser: Browser, pdf: Buffer): Promise<{ pages: number; text: string | null }> {
	const context = await browser.newContext();
	try {
		const page = await context.newPage();
		await page.route(`${ORIGIN}/**`, (route) => {
			const path = new URL(route.request().url()).pathname;
			const js = 'text/javascript; charset=utf-8';
			if (path === '/') return route.fulfill({ contentType: 'text/html; charset=utf-8', body: PAGE });
			if (path === '/pdf.mjs') return route.fulfill({ contentType: js, body: readFileSync(join(pdfjsDir, 'pdf.min.mjs')) });
			if (path === '/pdf.worker.mjs') return route.fulfill({ contentType: js, body: readFileSync(join(pdfjsDir, 'pdf.worker.min.mjs')) });
			if (path === '/jsqr.js') return route.fulfill({ contentType: js, body: readFileSync(jsqrFile) });
			if (path === '/doc.pdf') return route.fulfill({ contentType: 'application/pdf', body: pdf });
			return route.fulfill({ status: 404, body: '' });
		});
		await page.goto(`${ORIGIN}/`);
		const result = await page.waitForFunction(() => (window as unknown as { __qr?: unknown }).__qr, undefined, { timeout: 30_000 });
		const value = (await result.jsonValue()) as { pages: number; text: string | null; error?: string };
		if (value.error) throw new Error(`the PDF could not be read: ${value.error}`);
		return value;
	} finally {
		await context.close();
	}
}
