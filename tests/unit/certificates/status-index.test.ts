import { describe, expect, it } from 'vitest';
import { BLOCK, statusIndexFor } from '../../../src/lib/server/certificates/status-index';

const KEY = new Uint8Array(32).fill(7);

describe('statusIndexFor', () => {
	// 131,072 positions: counted first and asserted once (an expect per position made this test
	// take seconds, and time out on a busy machine).
	it('gives every certificate of a block its own position inside the block', () => {
		const seen = new Set<number>();
		const outside: number[] = [];
		for (let n = 0; n < BLOCK; n++) {
			const i = statusIndexFor(KEY, n);
			if (!(Number.isInteger(i) && i >= 0 && i < BLOCK)) outside.push(n);
			seen.add(i);
		}
		expect(outside).toEqual([]);
		expect(seen.size).toBe(BLOCK);
	}, 30_000);

	it('does not give away the order of issue, and differs per site key', () => {
		const first = Array.from({ length: 20 }, (_, n) => statusIndexFor(KEY, n));
		expect(first).not.toEqual([...first].sort((a, b) => a - b));
		const other = Array.from({ length: 20 }, (_, n) => statusIndexFor(new Uint8Array(32).fill(9), n));
		expect(other).not.toEqual(first);
	});

	it('moves to the next block after 131,072 certificates, and refuses a bad number', () => {
		const i = statusIndexFor(KEY, BLOCK + 5);
		expect(i >= BLOCK && i < 2 * BLOCK).toBe(true);
		expect(() => statusIndexFor(KEY, -1)).toThrow(RangeError);
		expect(() => statusIndexFor(KEY, 1.5)).toThrow(RangeError);
	});
});
