// The part of autocannon's programmatic API the bench harness uses (autocannon ships no types).
declare module 'autocannon' {
	import type { EventEmitter } from 'node:events';

	namespace autocannon {
		interface Options {
			url: string;
			connections?: number;
			/** Seconds. */
			duration?: number;
			/** Seconds a request may take before it counts as a timeout. */
			timeout?: number;
			pipelining?: number;
			method?: string;
			headers?: Record<string, string>;
			body?: string;
			/** Requests to make in all; overrides `duration`. */
			amount?: number;
			/** Requests made in turn by each connection; `setupRequest` may change one before it is sent. */
			requests?: { method?: string; body?: string; headers?: Record<string, string>; setupRequest?: (request: RequestParams) => RequestParams }[];
		}

		/** A request as `setupRequest` sees and returns it. */
		interface RequestParams {
			method: string;
			path: string;
			headers: Record<string, string>;
			body?: string;
		}

		/** autocannon's summary of one histogram (latency in ms, requests and bytes a second). */
		interface Stats {
			average: number;
			mean: number;
			stddev: number;
			min: number;
			max: number;
			total: number;
			p50: number;
			p90: number;
			p99: number;
		}

		interface Result {
			url: string;
			connections: number;
			/** Seconds. */
			duration: number;
			start: Date;
			finish: Date;
			errors: number;
			timeouts: number;
			mismatches: number;
			non2xx: number;
			resets: number;
			'1xx': number;
			'2xx': number;
			'3xx': number;
			'4xx': number;
			'5xx': number;
			statusCodeStats: Record<string, { count: number }>;
			latency: Stats & { totalCount: number };
			requests: Stats & { sent: number };
			throughput: Stats;
		}

		interface Instance extends EventEmitter, PromiseLike<Result> {
			/** Ends the run early; the promise then resolves with what was measured. */
			stop(): void;
			on(event: 'response', listener: (client: unknown, statusCode: number, bytes: number, responseTimeMs: number) => void): this;
			on(event: string, listener: (...args: unknown[]) => void): this;
		}
	}

	function autocannon(options: autocannon.Options): autocannon.Instance;
	export = autocannon;
}
