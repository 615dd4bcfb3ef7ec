// What a page costs a learner on a paid connection: every request and byte a real browser
// (the machine's Chromium, as in the browser tests; never a downloaded one) makes to show it,
// on a first visit with an empty cache and on a repeat visit. Used for the lesson page with an
// H5P activity, whose player, libraries and content load inside its frame.
import { existsSync } from 'node:fs';
import { chromium, type Request } from 'playwright-core';

export interface PageWeight {
	name: string;
	path: string;
	ok: boolean;
	problems: string[];
	/** Requests and bytes over the network (headers and bodies as sent, compressed). */
	first: { requests: number; bytes: number } | null;
	repeat: { requests: number; bytes: number } | null;
}

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function findChromium(env = process.env): string | null {
	const candidates = env.CHROMIUM_PATH ? [env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
	return candidates.find((p) => existsSync(p)) ?? null;
}

/**
 * Loads `base + path` twice in one browser profile, signed in with `cookie`, and waits each time
 * until `ready` (a selector inside any frame) shows and the network is quiet.
 */
export async function measurePageWeight(options: { name: string; base: string; path: string; cookie?: string; readyInFrame: string }): Promise<PageWeight> {
	const out: PageWeight = { name: options.name, path: options.path, ok: false, problems: [], first: null, repeat: null };
	const executablePath = findChromium();
	if (!executablePath) {
		out.problems.push('no Chromium on this machine (apt-get install chromium, or set CHROMIUM_PATH): page weight not measured');
		return out;
	}
	const browser = await chromium.launch({ executablePath, args: ARGS });
	try {
		const context = await browser.newContext();
		if (options.cookie) {
			const [name, ...rest] = options.cookie.split(';')[0]!.split('=');
			await context.addCookies([{ name: name!, value: rest.join('='), url: options.base }]);
		}
		let requests: Request[] = [];
		context.on('requestfinished', (r) => requests.push(r));
		const visit = async () => {
			requests = [];
			const page = await context.newPage();
			await page.goto(options.base + options.path, { waitUntil: 'load' });
			await waitInFrames(page, options.readyInFrame, 30_000);
			await page.waitForLoadState('networkidle');
			await page.waitForTimeout(500);
			let count = 0;
			let bytes = 0;
			for (const r of requests) {
				const sizes = await r.sizes();
				// Chromium reports an answer from its cache with a body size of minus its headers'
				// size: nothing crossed the network.
				const received = sizes.responseHeadersSize + sizes.responseBodySize;
				if (received <= 0) continue;
				count += 1;
				bytes += sizes.requestHeadersSize + sizes.requestBodySize + received;
			}
			await page.close();
			return { requests: count, bytes };
		};
		out.first = await visit();
		out.repeat = await visit();
		out.ok = true;
	} catch (error) {
		out.problems.push(error instanceof Error ? error.message : String(error));
	} finally {
		await browser.close();
	}
	return out;
}

async function waitInFrames(page: import('playwright-core').Page, selector: string, timeoutMs: number) {
	const until = Date.now() + timeoutMs;
	while (Date.now() < until) {
		for (const frame of page.frames()) {
			if (await frame.$(selector).catch(() => null)) return;
		}
		await page.waitForTimeout(200);
	}
	throw new Error(`"${selector}" did not appear in any frame within ${timeoutMs / 1000} s`);
}
