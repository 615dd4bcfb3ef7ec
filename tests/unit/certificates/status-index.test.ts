import { describe, expect, it } from 'vitest';
import { BLOCK, statusIndexFor } from '../../../src/lib/server/certificates/status-index';

const KEY = new Uint8Array(32).fill(7);

describe('statusIndexFor', () => {
	it('gives every certificate of a block its own position inside the block', () => {
		const seen = new Set<number>();
		for (let n = 0; n < BLOCK; n++) {
			const i = statusIndexFor(KEY, n);
			expect(i >= 0 && i < BLOCK).toBe(true);
			seen.add(i);
		}
		expect(seen.size).toBe(BLOCK);
	});

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
