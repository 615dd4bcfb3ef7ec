import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, verify, type JsonWebKey } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential, issuerDocument, signCredential } from '../../../src/lib/server/certificates/credential';
import { findPublishedKey, issuerSigningKey, SIGNING_KEY_ENV } from '../../../src/lib/server/certificates/keys';
import type { CredentialFacts } from '../../../src/lib/server/certificates/types';
import type { Database } from '../../../src/lib/server/db/connect';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const ORIGIN = 'https://bilim.example';

const facts: CredentialFacts = {
	certificateId: crypto.randomUUID(),
	code: 'abcdefghijklmnopqrstuvw2',
	serial: 'BLM-2026-000001',
	holderName: 'Айгерим Сәрсенбаева',
	holderEmail: 'aigerim@example.org',
	courseId: crypto.randomUUID(),
	courseTitle: 'Public policy',
	courseDescription: 'Policy analysis for practitioners.',
	criteriaNarrative: 'Completed every module.',
	cohortName: null,
	hours: 12,
	issuerName: 'Bilim',
	issuedAt: new Date('2026-11-27T08:00:00.250Z'),
	statusIndex: 7
};

/** Another app instance on the same database: a new handle, so nothing cached by the first. */
const anotherInstance = (d: Database) => d.withSchema('public');

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));

/** Checks a compact JWS with node:crypto alone, against a JWK: the way an outside verifier would. */
function signatureHolds(jwt: string, jwk: JsonWebKey): boolean {
	const [header, payload, signature] = jwt.split('.');
	return verify(null, Buffer.from(`${header}.${payload}`), createPublicKey({ key: jwk, format: 'jwk' }), Buffer.from(signature!, 'base64url'));
}

/** The JWK the credential's kid URL answers, through the function behind /api/issuer/keys/[kid]. */
async function publishedKeyFor(jwt: string): Promise<JsonWebKey> {
	const { kid } = b64json(jwt.split('.')[0]!);
	expect(kid.startsWith(`${ORIGIN}/api/issuer/keys/`)).toBe(true);
	const jwk = await findPublishedKey(db, ORIGIN, decodeURIComponent(kid.slice(`${ORIGIN}/api/issuer/keys/`.length)));
	expect(jwk).toBeDefined();
	return jwk as JsonWebKey;
}

afterEach(() => {
	delete process.env[SIGNING_KEY_ENV];
});

describe('the issuer signing key', () => {
	it('is made once and is the same on every call and in every app instance', async () => {
		const first = await issuerSigningKey(db, ORIGIN);
		const again = await issuerSigningKey(db, ORIGIN);
		const elsewhere = await issuerSigningKey(anotherInstance(db), ORIGIN);
		expect(again.kid).toBe(first.kid);
		expect(elsewhere.kid).toBe(first.kid);
		expect(elsewhere.publicJwk).toEqual(first.publicJwk);
		const rows = await db.selectFrom('appSecret').select('name').where('name', '=', 'credential-signing-ed25519').execute();
		expect(rows).toHaveLength(1);
	});

	it('is an Ed25519 key published without its private part, under a JWK thumbprint URL', async () => {
		const { publicJwk, kid } = await issuerSigningKey(db, ORIGIN);
		expect(publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig', kid });
		expect(publicJwk).not.toHaveProperty('d');
		expect(kid).toMatch(/^https:\/\/bilim\.example\/api\/issuer\/keys\/urn:ietf:params:oauth:jwk-thumbprint:sha-256:[A-Za-z0-9_-]{43}$/);
	});

	it('is found by the key route by thumbprint URI or bare thumbprint, and nothing else is', async () => {
		const { kid, publicJwk } = await issuerSigningKey(db, ORIGIN);
		const urn = kid.split('/').pop()!;
		expect(await findPublishedKey(db, ORIGIN, urn)).toEqual(publicJwk);
		expect(await findPublishedKey(db, ORIGIN, urn.split(':').pop()!)).toEqual(publicJwk);
		expect(await findPublishedKey(db, ORIGIN, 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:nope')).toBeUndefined();
		expect(await findPublishedKey(db, ORIGIN, '')).toBeUndefined();
	});

	it('comes from BILIM_SIGNING_KEY when set: a PKCS#8 PEM', async () => {
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		process.env[SIGNING_KEY_ENV] = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		const key = await issuerSigningKey(db, ORIGIN);
		expect(key.publicJwk.x).toBe(publicKey.export({ format: 'jwk' }).x);
	});

	it('comes from BILIM_SIGNING_KEY when set: a PEM with escaped line breaks, or a base64url seed', async () => {
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		process.env[SIGNING_KEY_ENV] = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString().trim().replace(/\n/g, '\\n');
		expect((await issuerSigningKey(db, ORIGIN)).publicJwk.x).toBe(publicKey.export({ format: 'jwk' }).x);

		const seed = randomBytes(32);
		process.env[SIGNING_KEY_ENV] = seed.toString('base64url');
		const fromSeed = await issuerSigningKey(db, ORIGIN);
		const der = privateKey.export({ format: 'der', type: 'pkcs8' });
		// The same 16-byte PKCS#8 prefix, with this seed: the key any Ed25519 tool derives from it.
		const expected = createPublicKey(createPrivateKey({ key: Buffer.concat([der.subarray(0, 16), seed]), format: 'der', type: 'pkcs8' }));
		expect(fromSeed.publicJwk.x).toBe(expected.export({ format: 'jwk' }).x);
	});

	it('refuses a malformed BILIM_SIGNING_KEY with an error naming the variable, not its value', async () => {
		for (const garbage of ['not-a-key', 'c2hvcnQ', '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----']) {
			process.env[SIGNING_KEY_ENV] = garbage;
			const error = await issuerSigningKey(db, ORIGIN).catch((e: Error) => e);
			expect(error).toBeInstanceOf(Error);
			expect((error as Error).message).toContain('BILIM_SIGNING_KEY');
			expect((error as Error).message).not.toContain(garbage);
		}
		const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		process.env[SIGNING_KEY_ENV] = rsa;
		await expect(issuerSigningKey(db, ORIGIN)).rejects.toThrow(/BILIM_SIGNING_KEY is a rsa key, not Ed25519/);
	});

	it('goes back to the database key when the variable is unset', async () => {
		const stored = await issuerSigningKey(db, ORIGIN);
		process.env[SIGNING_KEY_ENV] = randomBytes(32).toString('base64url');
		expect((await issuerSigningKey(db, ORIGIN)).kid).not.toBe(stored.kid);
		delete process.env[SIGNING_KEY_ENV];
		expect((await issuerSigningKey(db, ORIGIN)).kid).toBe(stored.kid);
	});
});

describe('a signed Open Badges credential', () => {
	const credential = buildOpenBadgeCredential(facts, ORIGIN);

	it('verifies with node:crypto against the JWK its kid URL publishes', async () => {
		const jwt = await signCredential(db, credential, ORIGIN);
		expect(signatureHolds(jwt, await publishedKeyFor(jwt))).toBe(true);
	});

	it('carries the OB 3.0 JOSE header and no other header', async () => {
		const jwt = await signCredential(db, credential, ORIGIN);
		const header = b64json(jwt.split('.')[0]!);
		expect(header).toEqual({ alg: 'EdDSA', kid: (await issuerSigningKey(db, ORIGIN)).kid, typ: 'JWT' });
	});

	it('is the credential itself, with the JWT claims OB 3.0 §8.2.4 requires matching it', async () => {
		const jwt = await signCredential(db, credential, ORIGIN);
		const { iss, jti, sub, nbf, iat, ...rest } = b64json(jwt.split('.')[1]!);
		expect(rest).toEqual(JSON.parse(JSON.stringify(credential)));
		expect(rest).not.toHaveProperty('vc');
		expect(iss).toBe(credential.issuer.id);
		expect(jti).toBe(credential.id);
		expect(sub).toBe(credential.credentialSubject.id);
		expect(new Date(nbf * 1000).toISOString().replace('.000Z', 'Z')).toBe(credential.validFrom);
		expect(Math.abs(iat - Date.now() / 1000)).toBeLessThan(60);
	});

	it('fails verification once its payload is changed', async () => {
		const jwt = await signCredential(db, credential, ORIGIN);
		const [header, payload, signature] = jwt.split('.');
		const forged = { ...b64json(payload!), name: 'Doctor of Everything' };
		const tampered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
		expect(signatureHolds(tampered, await publishedKeyFor(jwt))).toBe(false);
	});

	it('fails verification against another key', async () => {
		const jwt = await signCredential(db, credential, ORIGIN);
		const stranger = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' });
		expect(signatureHolds(jwt, stranger)).toBe(false);
	});

	it('is signed with BILIM_SIGNING_KEY when set, and verifies with that key', async () => {
		const { privateKey, publicKey } = generateKeyPairSync('ed25519');
		process.env[SIGNING_KEY_ENV] = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
		const jwt = await signCredential(db, credential, ORIGIN);
		expect(signatureHolds(jwt, publicKey.export({ format: 'jwk' }))).toBe(true);
		expect(signatureHolds(jwt, await publishedKeyFor(jwt))).toBe(true);
	});
});

describe('the issuer Profile document', () => {
	it('is an OB Profile that lists the signing key as a JsonWebKey verification method', async () => {
		const doc = await issuerDocument(db, ORIGIN, 'Bilim Academy');
		const { kid, publicJwk } = await issuerSigningKey(db, ORIGIN);
		expect(doc).toEqual({
			'@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'https://www.w3.org/ns/cid/v1'],
			id: `${ORIGIN}/api/issuer`,
			type: ['Profile'],
			name: 'Bilim Academy',
			url: ORIGIN,
			verificationMethod: [{ id: kid, type: 'JsonWebKey', controller: `${ORIGIN}/api/issuer`, publicKeyJwk: publicJwk }],
			assertionMethod: [kid]
		});
		expect(JSON.stringify(doc)).not.toContain('"d"');
	});
});
