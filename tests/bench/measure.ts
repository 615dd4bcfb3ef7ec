// One measurement: a probe request, a short warm-up, then autocannon for the set duration.
import autocannon from 'autocannon';

import { errorMessage } from './processes';

export interface LoadSettings {
	connections: number;
	/** Seconds of measurement per target. */
	duration: number;
	/** Seconds of warm-up per target (not measured). */
	warmup: number;
}

export interface Target {
	/** Short, stable name: the key in bench-results.json. */
	name: string;
	/** Only 127.0.0.1 / localhost. */
	url: string;
	/** Sent with every request (a signed-in page's session cookie). */
	headers?: Record<string, string>;
	/** A signed-in page: a redirect (to sign in) means the session was refused, so it is not measured. */
	signedIn?: boolean;
}

export interface Measurement {
	name: string;
	url: string;
	/** False when the target answered errors (4xx, 5xx, socket errors, timeouts): its figures mean nothing. */
	ok: boolean;
	problems: string[];
	warnings: string[];
	/** Status and size of one request made before the load. */
	probe: { status: number | null; bytes: number | null };
	/** Average requests a second over the measured seconds (autocannon's figure). */
	reqPerSec: number | null;
	/** Latency percentiles in ms, from every response's own timing (sub-millisecond). */
	latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number } | null;
	responses: number;
	bytesPerResponse: number | null;
	statusCodes: Record<string, number>;
	errors: number;
	timeouts: number;
	non2xx: number;
	durationSec: number | null;
	/** 'POST' for form posts; pages are GET. */
	method?: 'GET' | 'POST';
	/** Form posts: requests answered as done (2xx or a 3xx redirect), probe and warm-up included. */
	accepted?: number;
}

// What a browser sends with every page request (compressed answers included).
const HEADERS = {
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'accept-language': 'en',
	'accept-encoding': 'gzip, deflate, br'
};

export function assertLocal(url: string) {
	const { hostname } = new URL(url);
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
		throw new Error(`the bench only loads local servers, not ${hostname}`);
	}
}

export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
	assertLocal(target.url);
	const m = emptyMeasurement(target);

	// A page that errors is not measured under load: its throughput would be the error page's.
	try {
		const response = await fetch(target.url, {
			headers: { ...HEADERS, ...target.headers },
			redirect: 'manual',
			signal: AbortSignal.timeout(15_000)
		});
		const body = await response.arrayBuffer();
		m.probe = { status: response.status, bytes: body.byteLength };
		if (response.status >= 400) {
			m.problems.push(`answers ${response.status} ${response.statusText}: not measured`);
			return m;
		}
		if (response.status >= 300 && target.signedIn) {
			m.problems.push(`answers ${response.status} (redirect to ${response.headers.get('location')}) to a signed-in user: not measured`);
			return m;
		}
		if (response.status >= 300) {
			m.warnings.push(
				`answers ${response.status} (redirect to ${response.headers.get('location')}): the figures are the redirect's, not a page's`
			);
		}
	} catch (error) {
		m.problems.push(`probe request failed: ${errorMessage(error)}`);
		return m;
	}

	const headers = { ...HEADERS, ...target.headers };
	if (settings.warmup > 0) {
		await run({ url: target.url, headers }, { ...settings, duration: settings.warmup }, () => {});
	}

	const latencies = new Latencies();
	const result = await run({ url: target.url, headers }, settings, (ms) => latencies.add(ms));
	summarise(m, result, latencies);
	return m;
}

/** Response times, grown as they come. */
class Latencies {
	values = new Float64Array(1 << 16);
	count = 0;
	add(ms: number) {
		if (this.count === this.values.length) {
			const bigger = new Float64Array(this.values.length * 2);
			bigger.set(this.values);
			this.values = bigger;
		}
		this.values[this.count++] = ms;
	}
}

/** Fills the measurement's figures and problems from an autocannon result. */
function summarise(m: Measurement, result: autocannon.Result, latencies: Latencies, options: { redirectsAreAnswers?: boolean } = {}) {
	const count = latencies.count;

	const codes: Record<string, number> = {};
	for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) codes[code] = n;
	m.statusCodes = codes;
	m.errors = result.errors;
	m.timeouts = result.timeouts;
	// A form post answered with a redirect is done, not refused.
	m.non2xx = options.redirectsAreAnswers ? result.non2xx - result['3xx'] : result.non2xx;
	m.responses = count;
	m.durationSec = result.duration;
	m.reqPerSec = round(result.requests.average, 1);
	m.bytesPerResponse = count ? Math.round(result.throughput.total / count) : null;

	const sorted = latencies.values.subarray(0, count).sort();
	if (count) {
		let sum = 0;
		for (const v of sorted) sum += v;
		m.latencyMs = {
			p50: round(percentile(sorted, 50), 2),
			p90: round(percentile(sorted, 90), 2),
			p99: round(percentile(sorted, 99), 2),
			max: round(sorted[count - 1] ?? 0, 2),
			mean: round(sum / count, 2)
		};
	}

	const clientErrors = result['4xx'];
	const serverErrors = result['5xx'];
	if (count === 0) m.problems.push('no responses at all');
	if (serverErrors) m.problems.push(`${serverErrors} responses were 5xx`);
	if (clientErrors) m.problems.push(`${clientErrors} responses were 4xx`);
	if (result.timeouts) m.problems.push(`${result.timeouts} requests timed out`);
	if (result.errors - result.timeouts > 0) m.problems.push(`${result.errors - result.timeouts} connection errors`);
	if (result['3xx'] && !m.warnings.length && !options.redirectsAreAnswers) m.warnings.push(`${result['3xx']} responses were redirects`);
	m.ok = m.problems.length === 0;
}

export interface FormPostTarget {
	name: string;
	/** The form action, e.g. http://127.0.0.1:port/cohorts/x/apply?/submit (only 127.0.0.1 / localhost). */
	url: string;
	/** The app's ORIGIN: SvelteKit refuses a form post from any other origin. */
	origin: string;
	/** application/x-www-form-urlencoded, as a browser without JavaScript sends it (unless `contentType` says otherwise). */
	body: string;
	/** When each request sends its own body (e.g. each person's xAPI statement): in the order of `cookies`. */
	bodies?: string[];
	/** The body's type; form-encoded when absent. */
	contentType?: string;
	/**
	 * One session cookie per request, never reused (each request is a different person):
	 * the first for the probe, the next `warmupRequests` for the warm-up, the rest measured.
	 */
	cookies: string[];
	/**
	 * When each request goes to its own address (e.g. each person's quiz attempt): the path and
	 * query of each, in the order of `cookies`; `url` then only gives the server.
	 */
	paths?: string[];
	warmupRequests: number;
}

/**
 * Form posts, each by a different signed-in person: a probe, a warm-up of a fixed number
 * of requests, then a measured fixed number (autocannon's `amount`, not a duration, since
 * every request uses up one person). A redirect (303, as a successful action answers a
 * browser without JavaScript) counts as an answer; 4xx and 5xx fail the measurement.
 */
export async function measureFormPosts(target: FormPostTarget, settings: LoadSettings): Promise<Measurement> {
	assertLocal(target.url);
	const m: Measurement = { ...emptyMeasurement(target), method: 'POST', accepted: 0 };
	let accepted = 0;
	const done = (r: autocannon.Result) => r['2xx'] + r['3xx'];
	const headers = {
		...HEADERS,
		origin: target.origin,
		'content-type': target.contentType ?? 'application/x-www-form-urlencoded'
	};
	const [probeCookie, ...rest] = target.cookies;
	const [probePath, ...restPaths] = target.paths ?? [];
	const [probeBody, ...restBodies] = target.bodies ?? [];
	const warmupBodies = restBodies.slice(0, target.warmupRequests);
	const measuredBodies = restBodies.slice(target.warmupRequests);
	const warmup = rest.slice(0, target.warmupRequests);
	const measured = rest.slice(target.warmupRequests);
	const warmupPaths = restPaths.slice(0, target.warmupRequests);
	const measuredPaths = restPaths.slice(target.warmupRequests);
	const probeUrl = probePath ? new URL(probePath, target.url).href : target.url;
	if (!probeCookie || measured.length === 0) {
		m.problems.push('no signed-in people left to post as');
		return m;
	}
	try {
		const response = await fetch(probeUrl, {
			method: 'POST',
			headers: { ...headers, cookie: probeCookie },
			body: probeBody ?? target.body,
			redirect: 'manual',
			signal: AbortSignal.timeout(15_000)
		});
		const body = await response.arrayBuffer();
		m.probe = { status: response.status, bytes: body.byteLength };
		if (response.status >= 400) {
			const text = new TextDecoder().decode(body).replace(/\s+/g, ' ').slice(0, 200);
			m.problems.push(`answers ${response.status} ${response.statusText} (${text}): not measured`);
			return m;
		}
		accepted = 1;
	} catch (error) {
		m.problems.push(`probe request failed: ${errorMessage(error)}`);
		return m;
	}

	const post = (cookies: string[], paths: string[], bodies: string[]) => {
		let next = 0;
		return {
			method: 'POST',
			body: target.body,
			headers,
			amount: cookies.length,
			// Called once per request: the next person's cookie (and address). Past the end it would
			// repeat one, which the app refuses (a second submission), so such a run fails loudly.
			setupRequest: (request: autocannon.RequestParams) => {
				const i = Math.min(next++, cookies.length - 1);
				return {
					...request,
					...(paths.length ? { path: paths[i]! } : {}),
					...(bodies.length ? { body: bodies[i]! } : {}),
					headers: { ...request.headers, cookie: cookies[i]! }
				};
			}
		};
	};
	if (warmup.length) {
		const warm = await run({ url: target.url, ...post(warmup, warmupPaths, warmupBodies) }, { ...settings, duration: settings.warmup }, () => {});
		accepted += done(warm);
	}
	const latencies = new Latencies();
	const result = await run({ url: target.url, ...post(measured, measuredPaths, measuredBodies) }, settings, (ms) => latencies.add(ms));
	m.accepted = accepted + done(result);
	summarise(m, result, latencies, { redirectsAreAnswers: true });
	if (latencies.count < measured.length) m.problems.push(`${latencies.count} of ${measured.length} posts were answered`);
	m.ok = m.problems.length === 0;
	return m;
}

function emptyMeasurement(target: { name: string; url: string }): Measurement {
	return {
		name: target.name,
		url: target.url,
		ok: false,
		problems: [],
		warnings: [],
		probe: { status: null, bytes: null },
		reqPerSec: null,
		latencyMs: null,
		responses: 0,
		bytesPerResponse: null,
		statusCodes: {},
		errors: 0,
		timeouts: 0,
		non2xx: 0,
		durationSec: null
	};
}

interface RunRequest {
	url: string;
	headers: Record<string, string>;
	method?: string;
	body?: string;
	/** A fixed number of requests instead of the duration. */
	amount?: number;
	setupRequest?: (request: autocannon.RequestParams) => autocannon.RequestParams;
}

/** One autocannon run, stopped by force if it overruns its duration by 30 s. */
async function run(request: RunRequest, settings: LoadSettings, onLatency: (ms: number) => void) {
	const { url, headers, method, body, amount, setupRequest } = request;
	const instance = autocannon({
		url,
		connections: Math.min(settings.connections, amount ?? Infinity),
		duration: settings.duration,
		timeout: 10,
		headers,
		...(amount ? { amount } : {}),
		...(setupRequest ? { requests: [{ method, body, setupRequest }] } : method ? { method, body } : {})
	});
	instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
	// A fixed amount of requests has no set duration: it may take minutes on a slow machine.
	const guardMs = (amount ? Math.max(300, settings.duration * 20) : settings.duration + 30) * 1000;
	let overran = false;
	let stuck: (value: 'stuck') => void = () => {};
	const guard = setTimeout(() => {
		overran = true;
		instance.stop();
	}, guardMs);
	const hardLimit = setTimeout(() => stuck('stuck'), guardMs + 15_000);
	try {
		const result = await Promise.race([instance, new Promise<'stuck'>((resolve) => (stuck = resolve))]);
		if (result === 'stuck') throw new Error(`autocannon did not finish against ${url}`);
		if (overran) console.warn(`bench: autocannon overran its ${guardMs / 1000 - 30} s against ${url} and was stopped`);
		return result;
	} finally {
		clearTimeout(guard);
		clearTimeout(hardLimit);
	}
}

function percentile(sorted: Float64Array, p: number) {
	if (!sorted.length) return 0;
	const rank = Math.ceil((p / 100) * sorted.length) - 1;
	return sorted[Math.min(sorted.length - 1, Math.max(0, rank))] ?? 0;
}

export function round(value: number, digits: number) {
	const f = 10 ** digits;
	return Math.round(value * f) / f;
}
