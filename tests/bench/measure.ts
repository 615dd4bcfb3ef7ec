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
}

const HEADERS = {
	accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
	'accept-language': 'en'
};

export function assertLocal(url: string) {
	const { hostname } = new URL(url);
	if (!['127.0.0.1', 'localhost', '[::1]'].includes(hostname)) {
		throw new Error(`the bench only loads local servers, not ${hostname}`);
	}
}

export async function measure(target: Target, settings: LoadSettings): Promise<Measurement> {
	assertLocal(target.url);
	const m: Measurement = {
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

	// A page that errors is not measured under load: its throughput would be the error page's.
	try {
		const response = await fetch(target.url, {
			headers: HEADERS,
			redirect: 'manual',
			signal: AbortSignal.timeout(15_000)
		});
		const body = await response.arrayBuffer();
		m.probe = { status: response.status, bytes: body.byteLength };
		if (response.status >= 400) {
			m.problems.push(`answers ${response.status} ${response.statusText}: not measured`);
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

	if (settings.warmup > 0) {
		await run(target.url, { ...settings, duration: settings.warmup }, () => {});
	}

	let latencies = new Float64Array(1 << 16);
	let count = 0;
	const result = await run(target.url, settings, (ms) => {
		if (count === latencies.length) {
			const bigger = new Float64Array(latencies.length * 2);
			bigger.set(latencies);
			latencies = bigger;
		}
		latencies[count++] = ms;
	});

	const codes: Record<string, number> = {};
	for (const [code, { count: n }] of Object.entries(result.statusCodeStats)) codes[code] = n;
	m.statusCodes = codes;
	m.errors = result.errors;
	m.timeouts = result.timeouts;
	m.non2xx = result.non2xx;
	m.responses = count;
	m.durationSec = result.duration;
	m.reqPerSec = round(result.requests.average, 1);
	m.bytesPerResponse = count ? Math.round(result.throughput.total / count) : null;

	const sorted = latencies.subarray(0, count).sort();
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
	if (result['3xx'] && !m.warnings.length) m.warnings.push(`${result['3xx']} responses were redirects`);
	m.ok = m.problems.length === 0;
	return m;
}

/** One autocannon run, stopped by force if it overruns its duration by 30 s. */
async function run(url: string, settings: LoadSettings, onLatency: (ms: number) => void) {
	const instance = autocannon({
		url,
		connections: settings.connections,
		duration: settings.duration,
		timeout: 10,
		headers: HEADERS
	});
	instance.on('response', (_client, _status, _bytes, ms) => onLatency(ms));
	const guardMs = (settings.duration + 30) * 1000;
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
		if (overran) console.warn(`bench: autocannon overran its ${settings.duration} s against ${url} and was stopped`);
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
