import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, SignJWT, type JWK, type JWTPayload } from 'jose';
import type { Database } from '../db/connect';
import { appSecret } from '../h5p/secret';
import { publicOrigin } from './types';

/**
 * The issuer's Ed25519 signing key, for the Open Badges credentials and the revocation list.
 *
 * Where it comes from:
 * - BILIM_SIGNING_KEY, when set: a PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") or the 32-byte
 *   Ed25519 seed in base64url. For sites that keep keys in a secret store, or move between
 *   databases and must keep the key their credentials were signed with.
 * - else a seed made at first use and kept in app_secret (h5p/secret.ts): every app instance
 *   reads the same one, and a fresh install gets its own.
 *
 * Credentials name the key by a URL (the JOSE `kid`) that answers the public JWK:
 * `${origin}/api/issuer/keys/urn:ietf:params:oauth:jwk-thumbprint:sha-256:<thumbprint>`.
 * - Open Badges 3.0 §8.2.3 "Create the JOSE Header": `kid` is "a URI that can be dereferenced
 *   to an object of type JWK"; §8.5 "Dereferencing the Public Key": an HTTP URL answering a JWK.
 * - VC-JOSE-COSE §"Key Discovery" (#using-controller-documents): with URL identifiers the `kid`
 *   is RECOMMENDED to be an absolute URL that includes a JWK Thumbprint URI (RFC 7638, RFC 9278).
 */

export const SIGNING_KEY_ENV = 'BILIM_SIGNING_KEY';
const SECRET_NAME = 'credential-signing-ed25519';
/** RFC 9278: the JWK Thumbprint URI of a SHA-256 thumbprint. */
const THUMBPRINT_URN = 'urn:ietf:params:oauth:jwk-thumbprint:sha-256:';
/** The PKCS#8 DER of an Ed25519 private key is this prefix (RFC 8410 §7) and the 32-byte seed. */
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

interface KeyMaterial {
	privateKey: KeyObject;
	/** The public key as a JWK (kty, crv, x): what verifiers fetch. */
	jwk: JWK;
	/** RFC 7638 SHA-256 thumbprint, base64url */
	thumbprint: string;
}

export interface IssuerSigningKey {
	privateKey: KeyObject;
	/** The public JWK as published at `kid` (with `kid`, `alg` and `use`; never `d`). */
	publicJwk: JWK;
	/** An absolute URL that answers `publicJwk`. */
	kid: string;
}

/** The issuer Profile's URL: the `issuer.id` of every credential (routes/api/issuer). */
export function issuerUrl(origin: string): string {
	return `${origin}/api/issuer`;
}

/** The URL that answers a key's public JWK. */
export function keyUrl(origin: string, thumbprint: string): string {
	return `${issuerUrl(origin)}/keys/${THUMBPRINT_URN}${thumbprint}`;
}

// Per database handle, then per source (the env value, or '' for the database seed): the key
// never changes while the app runs, and a test that sets the variable gets that key.
const cache = new WeakMap<object, Map<string, Promise<KeyMaterial>>>();

function keyMaterial(db: Database): Promise<KeyMaterial> {
	const source = process.env[SIGNING_KEY_ENV]?.trim() ?? '';
	let keys = cache.get(db);
	if (!keys) cache.set(db, (keys = new Map()));
	let key = keys.get(source);
	if (!key) {
		key = load(db, source);
		keys.set(source, key);
		// A failure (database down, bad variable) is not kept: the next call tries again.
		key.catch(() => keys.delete(source));
	}
	return key;
}

async function load(db: Database, source: string): Promise<KeyMaterial> {
	const privateKey = source ? parseSigningKey(source) : fromSeed(await appSecret(db, SECRET_NAME));
	const { kty, crv, x } = createPublicKey(privateKey).export({ format: 'jwk' });
	const jwk: JWK = { kty, crv, x };
	return { privateKey, jwk, thumbprint: await calculateJwkThumbprint(jwk, 'sha256') };
}

function fromSeed(seed: Buffer): KeyObject {
	return createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
}

/** BILIM_SIGNING_KEY's value as an Ed25519 private key; an Error naming the variable (never its value) if it is not one. */
export function parseSigningKey(value: string): KeyObject {
	const bad = (what: string) =>
		new Error(
			`${SIGNING_KEY_ENV} ${what}: give an Ed25519 private key as PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----") or its 32-byte seed in base64url`
		);
	if (value.startsWith('-----BEGIN')) {
		let key: KeyObject;
		try {
			// A PEM put in a one-line variable often carries its line breaks as "\n".
			key = createPrivateKey({ key: value.replace(/\\n/g, '\n'), format: 'pem' });
		} catch {
			throw bad('is not a readable PEM private key');
		}
		if (key.asymmetricKeyType !== 'ed25519') throw bad(`is a ${key.asymmetricKeyType} key, not Ed25519`);
		return key;
	}
	if (!/^[A-Za-z0-9_-]{43}=?$/.test(value)) throw bad('is neither a PEM key nor a base64url 32-byte seed');
	return fromSeed(Buffer.from(value.replace(/=$/, ''), 'base64url'));
}

/** The signing key, its public JWK and its `kid` URL under `origin`. */
export async function issuerSigningKey(db: Database, origin: string = publicOrigin()): Promise<IssuerSigningKey> {
	const { privateKey, jwk, thumbprint } = await keyMaterial(db);
	const kid = keyUrl(origin, thumbprint);
	return { privateKey, kid, publicJwk: { ...jwk, kid, alg: 'EdDSA', use: 'sig' } };
}

/**
 * The public JWK a `kid` URL answers, by the URL's last segment (the thumbprint URI, or the bare
 * thumbprint); undefined for a key this site does not sign with.
 */
export async function findPublishedKey(db: Database, origin: string, keyId: string): Promise<JWK | undefined> {
	const key = await issuerSigningKey(db, origin);
	const { thumbprint } = await keyMaterial(db);
	const wanted = keyId.startsWith(THUMBPRINT_URN) ? keyId.slice(THUMBPRINT_URN.length) : keyId;
	return wanted === thumbprint ? key.publicJwk : undefined;
}

/**
 * A compact JWS (JWT) of `payload` with the issuer key: `alg` EdDSA (RFC 8037) and `kid` set
 * here, `typ`/`cty` from the caller (the two credential kinds follow different profiles).
 */
export async function signWithIssuerKey(
	db: Database,
	origin: string,
	header: { typ: string; cty?: string },
	payload: JWTPayload
): Promise<string> {
	const { privateKey, kid } = await issuerSigningKey(db, origin);
	return new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid, ...header }).sign(privateKey);
}
