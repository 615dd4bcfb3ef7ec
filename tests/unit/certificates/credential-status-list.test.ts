import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
	buildStatusListCredential,
	decodeStatusList,
	encodeStatusList,
	isStatusSet,
	STATUS_LIST_MIN_SIZE,
	statusListSize
} from '../../../src/lib/server/certificates/status-list';

const ORIGIN = 'https://bilim.example';

function setBits(bitstring: Uint8Array): number[] {
	const out: number[] = [];
	for (let i = 0; i < bitstring.length * 8; i++) if (isStatusSet(bitstring, i)) out.push(i);
	return out;
}

describe('the revocation bitstring (Bitstring Status List v1.0)', () => {
	it('comes back with the same bits set, and no others', () => {
		const revoked = [0, 1, 7, 8, 9, 4242, 65_536, STATUS_LIST_MIN_SIZE - 1];
		const bits = decodeStatusList(encodeStatusList(revoked));
		expect(bits.length).toBe(16 * 1024);
		expect(setBits(bits)).toEqual(revoked);
	});

	it('is all zeros, 16 KB, when nothing is revoked', () => {
		const bits = decodeStatusList(encodeStatusList([]));
		expect(bits.length).toBe(16_384);
		expect(bits.every((b) => b === 0)).toBe(true);
	});

	it('puts index 0 in the left-most bit of the first byte', () => {
		const bits = decodeStatusList(encodeStatusList([0, 15]));
		expect(bits[0]).toBe(0b1000_0000);
		expect(bits[1]).toBe(0b0000_0001);
	});

	it('is GZIP, base64url without padding, with the multibase prefix u', () => {
		const encoded = encodeStatusList([3]);
		expect(encoded).toMatch(/^u[A-Za-z0-9_-]+$/);
		const raw = gunzipSync(Buffer.from(encoded.slice(1), 'base64url'));
		expect(raw.length).toBe(16_384);
		expect(raw[0]).toBe(0b0001_0000);
	});

	it('reads the example list of the specification (§2.2)', () => {
		const bits = decodeStatusList('uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA');
		expect(bits.length).toBe(16_384);
		expect(setBits(bits)).toEqual([]);
	});

	it('grows by whole 131,072-entry blocks when indexes pass the minimum', () => {
		expect(statusListSize(-1)).toBe(131_072);
		expect(statusListSize(131_071)).toBe(131_072);
		expect(statusListSize(131_072)).toBe(262_144);
		expect(statusListSize(400_000)).toBe(524_288);
		const bits = decodeStatusList(encodeStatusList([5, 200_000], statusListSize(200_000)));
		expect(bits.length).toBe(32_768);
		expect(setBits(bits)).toEqual([5, 200_000]);
	});

	it('refuses indexes outside the list and lists under the minimum', () => {
		expect(() => encodeStatusList([STATUS_LIST_MIN_SIZE])).toThrow(RangeError);
		expect(() => encodeStatusList([-1])).toThrow(RangeError);
		expect(() => encodeStatusList([], 8)).toThrow(RangeError);
		expect(() => isStatusSet(new Uint8Array(2), 16)).toThrow(RangeError);
		expect(() => decodeStatusList('zabc')).toThrow();
	});
});

describe('the status list credential (§2.2 BitstringStatusListCredential)', () => {
	it('states the list with the fields the specification requires', () => {
		const c = buildStatusListCredential(ORIGIN, [2, 9], 9, new Date('2026-11-28T10:20:30.456Z'));
		expect(c).toEqual({
			'@context': ['https://www.w3.org/ns/credentials/v2'],
			id: `${ORIGIN}/api/credentials/status/revocation`,
			type: ['VerifiableCredential', 'BitstringStatusListCredential'],
			issuer: `${ORIGIN}/api/issuer`,
			validFrom: '2026-11-28T10:20:30Z',
			credentialSubject: {
				id: `${ORIGIN}/api/credentials/status/revocation#list`,
				type: 'BitstringStatusList',
				statusPurpose: 'revocation',
				encodedList: expect.stringMatching(/^u/)
			}
		});
		expect(setBits(decodeStatusList(c.credentialSubject.encodedList))).toEqual([2, 9]);
	});
});
