import { createPublicKey, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import { findPublishedKey } from '../../../src/lib/server/certificates/keys';
import { decodeStatusList, invalidStatusIndexes, isStatusSet, statusListCredential } from '../../../src/lib/server/certificates/status-list';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const ORIGIN = 'https://bilim.example';
const LIST_URL = `${ORIGIN}/api/credentials/status/revocation`;

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
let n = 0;
/** A certificate row at `statusIndex`, valid unless revoked or superseded. */
async function certificate(statusIndex: number, state: 'valid' | 'revoked' | 'superseded' = 'valid') {
	n++;
	const now = new Date();
	await db
		.insertInto('certificate')
		.values({
			serial: `BLM-2026-${String(n).padStart(6, '0')}`,
			code: Array.from(randomBytes(24), (b) => BASE32[b % 32]).join(''),
			courseId: crypto.randomUUID(),
			holderName: `Holder ${n}`,
			courseTitle: 'Course',
			courseSlug: 'course',
			hours: 10,
			issuerName: 'Bilim',
			locale: 'en',
			statusIndex,
			credentialJwt: 'x.y.z',
			issuedAt: now,
			...(state === 'revoked' ? { revokedAt: now, revokedReason: 'issued in error' } : {}),
			...(state === 'superseded' ? { supersededAt: now } : {})
		})
		.execute();
}

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** The published list, its signature checked with node:crypto against the JWK its kid URL answers. */
async function publishedList() {
	const jwt = await statusListCredential(db, ORIGIN);
	const [header, payload, signature] = jwt.split('.');
	const h = b64json(header!);
	const jwk = await findPublishedKey(db, ORIGIN, h.kid.split('/').pop());
	const valid = verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' }), Buffer.from(signature!, 'base64url'));
	expect(valid).toBe(true);
	return { header: h, payload: b64json(payload!), jwt };
}

describe('the published revocation list', () => {
	it('is a signed, empty list of 131,072 entries before anything is issued', async () => {
		const { header, payload } = await publishedList();
		expect(header).toMatchObject({ alg: 'EdDSA', typ: 'vc+jwt', cty: 'vc' });
		expect(payload).toMatchObject({
			'@context': ['https://www.w3.org/ns/credentials/v2'],
			id: LIST_URL,
			type: ['VerifiableCredential', 'BitstringStatusListCredential'],
			issuer: `${ORIGIN}/api/issuer`,
			iss: `${ORIGIN}/api/issuer`,
			credentialSubject: { id: `${LIST_URL}#list`, type: 'BitstringStatusList', statusPurpose: 'revocation' }
		});
		expect(payload).not.toHaveProperty('vc');
		const bits = decodeStatusList(payload.credentialSubject.encodedList);
		expect(bits.length * 8).toBe(131_072);
		expect(bits.every((b) => b === 0)).toBe(true);
	});

	it('sets the bits of revoked and superseded certificates, and only theirs', async () => {
		await certificate(0);
		await certificate(1, 'revoked');
		await certificate(2);
		await certificate(3, 'superseded');
		await certificate(9, 'revoked');
		const bits = decodeStatusList((await publishedList()).payload.credentialSubject.encodedList);
		expect([0, 1, 2, 3, 4, 9].map((i) => isStatusSet(bits, i))).toEqual([false, true, false, true, false, true]);
	});

	it('shows a revocation on the next request', async () => {
		await db.updateTable('certificate').set({ revokedAt: new Date(), revokedReason: 'name misspelt' }).where('statusIndex', '=', 2).execute();
		const bits = decodeStatusList((await publishedList()).payload.credentialSubject.encodedList);
		expect(isStatusSet(bits, 2)).toBe(true);
		expect(isStatusSet(bits, 0)).toBe(false);
	});

	it('grows to the next multiple of 131,072 entries when an index passes the end', async () => {
		await certificate(131_072 + 5, 'revoked');
		const bits = decodeStatusList((await publishedList()).payload.credentialSubject.encodedList);
		expect(bits.length * 8).toBe(262_144);
		expect(isStatusSet(bits, 131_077)).toBe(true);
		expect(isStatusSet(bits, 131_076)).toBe(false);
		expect(isStatusSet(bits, 1)).toBe(true);
	});

	it('is read from the database in one query', async () => {
		let queries = 0;
		const counting: KyselyPlugin = {
			transformQuery: (args) => {
				queries++;
				return args.node;
			},
			transformResult: async (args) => args.result
		};
		const { invalid, maxIndex } = await invalidStatusIndexes(db.withPlugin(counting));
		expect(queries).toBe(1);
		expect(invalid).toEqual([1, 2, 3, 9, 131_077]);
		expect(maxIndex).toBe(131_077);
	});
});
