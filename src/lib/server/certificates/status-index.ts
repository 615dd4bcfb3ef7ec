import { createHmac } from 'node:crypto';

/**
 * Where a certificate sits in the revocation status list. Bitstring Status List v1.0 §2.1 asks
 * for positions that do not give away the order of issue or the size of a group ("herd
 * privacy"), so the n-th certificate does not take position n: a keyed permutation of each
 * block of 131,072 positions does (a 4-round Feistel network over 18 bits, walked until it
 * lands inside the block). A permutation never repeats a position, so positions need no
 * retry; the key (app_secret) is the site's own, so nobody else can undo the shuffle.
 */

export const BLOCK = 131_072;
const HALF_BITS = 9;
const HALF_MASK = (1 << HALF_BITS) - 1;

function round(key: Uint8Array, r: number, value: number): number {
	const mac = createHmac('sha256', key).update(Uint8Array.of(r, value >> 8, value & 0xff)).digest();
	return ((mac[0]! << 8) | mac[1]!) & HALF_MASK;
}

function feistel(key: Uint8Array, x: number): number {
	let left = x >> HALF_BITS;
	let right = x & HALF_MASK;
	for (let r = 0; r < 4; r++) [left, right] = [right, left ^ round(key, r, right)];
	return (left << HALF_BITS) | right;
}

/** The status-list position of the certificate numbered `n` (0, 1, 2 …): distinct for distinct n. */
export function statusIndexFor(key: Uint8Array, n: number): number {
	if (!Number.isInteger(n) || n < 0) throw new RangeError(`not a certificate number: ${n}`);
	const block = Math.floor(n / BLOCK);
	let x = n % BLOCK;
	do x = feistel(key, x);
	while (x >= BLOCK);
	return block * BLOCK + x;
}
