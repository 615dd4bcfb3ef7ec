import { gunzipSync, gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { issuerUrl, signWithIssuerKey } from './keys';

/**
 * The revocation list of every certificate this site issued, published as a W3C Bitstring
 * Status List v1.0 credential (https://www.w3.org/TR/vc-bitstring-status-list/).
 *
 * Each certificate owns one position (certificate.status_index, from a sequence); its bit is set
 * once the certificate is no longer valid: revoked, or superseded by a corrected copy.
 * Revocation is never undone, so statusPurpose is 'revocation' (§2.1: "This status is not
 * reversible").
 */

/** §2.2 / §3.3: "The uncompressed bitstring MUST be at least 16KB in size": 131,072 entries. */
export const STATUS_LIST_MIN_SIZE = 131_072;
/** Refuse to expand a list past this many bits (a hostile or broken list is not a zip bomb). */
const MAX_BITS = 64 * 1024 * 1024 * 8;

/** Where the list is published (routes/api/credentials/status/revocation). */
export function statusListUrl(origin: string): string {
	return `${origin}/api/credentials/status/revocation`;
}

/**
 * §3.3 "Bitstring Generation Algorithm" and §2.2 `encodedList`: a bitstring of `size` bits, zero
 * but at `setIndexes`, "the first index, with a value of zero (0), is located at the left-most
 * bit", GZIP-compressed (RFC 1952), base64url without padding, with the Multibase prefix 'u'.
 */
export function encodeStatusList(setIndexes: readonly number[], size: number = STATUS_LIST_MIN_SIZE): string {
	if (!Number.isInteger(size) || size < STATUS_LIST_MIN_SIZE || size % 8 !== 0) {
		throw new RangeError(`A status list has a whole number of bytes and at least ${STATUS_LIST_MIN_SIZE} entries`);
	}
	const bits = new Uint8Array(size / 8);
	for (const index of setIndexes) {
		if (!Number.isInteger(index) || index < 0 || index >= size) throw new RangeError(`Status index ${index} is outside a list of ${size}`);
		bits[index >> 3]! |= 0x80 >> (index & 7);
	}
	return `u${gzipSync(bits).toString('base64url')}`;
}

/** §3.4 "Bitstring Expansion Algorithm": the uncompressed bitstring of an `encodedList`. */
export function decodeStatusList(encodedList: string): Uint8Array {
	if (!encodedList.startsWith('u')) throw new Error('Not a Multibase base64url (u…) status list');
	const bits = gunzipSync(Buffer.from(encodedList.slice(1), 'base64url'), { maxOutputLength: MAX_BITS / 8 });
	return new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength);
}

/** The status bit at `index` (§3.2 step 10; a RANGE_ERROR outside the list). */
export function isStatusSet(bitstring: Uint8Array, index: number): boolean {
	if (!Number.isInteger(index) || index < 0 || index >= bitstring.length * 8) throw new RangeError(`Status index ${index} is outside the list`);
	return (bitstring[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

/** Entries for `maxIndex`: the minimum, or the next multiple of it that holds the index. */
export function statusListSize(maxIndex: number): number {
	return Math.max(1, Math.ceil((maxIndex + 1) / STATUS_LIST_MIN_SIZE)) * STATUS_LIST_MIN_SIZE;
}

/** The indexes of certificates no longer valid, and the highest index given so far, in one query. */
export async function invalidStatusIndexes(db: Database): Promise<{ invalid: number[]; maxIndex: number }> {
	// Two index lookups in one statement: max() reads the unique index on status_index, and the
	// array the partial index certificate_invalid_idx (migration 18).
	const row = await db
		.selectNoFrom((eb) => [
			eb.selectFrom('certificate').select((e) => e.fn.max('statusIndex').as('m')).as('maxIndex'),
			sql<number[]>`array(${eb
				.selectFrom('certificate')
				.select('statusIndex')
				.where((w) => w.or([w('revokedAt', 'is not', null), w('supersededAt', 'is not', null)]))
				.orderBy('statusIndex')})`.as('invalid')
		])
		.executeTakeFirstOrThrow();
	return { invalid: row.invalid.map(Number), maxIndex: row.maxIndex ?? -1 };
}

export interface BitstringStatusListCredential {
	'@context': ['https://www.w3.org/ns/credentials/v2'];
	id: string;
	type: ['VerifiableCredential', 'BitstringStatusListCredential'];
	issuer: string;
	validFrom: string;
	credentialSubject: { id: string; type: 'BitstringStatusList'; statusPurpose: 'revocation'; encodedList: string };
}

/** §2.2 "BitstringStatusListCredential", unsigned: the list as of now. */
export function buildStatusListCredential(origin: string, invalid: readonly number[], maxIndex: number, now: Date): BitstringStatusListCredential {
	const url = statusListUrl(origin);
	return {
		'@context': ['https://www.w3.org/ns/credentials/v2'],
		// §2.2 `id`: MAY match the entries' statusListCredential, which it does.
		id: url,
		type: ['VerifiableCredential', 'BitstringStatusListCredential'],
		issuer: issuerUrl(origin),
		validFrom: wholeSeconds(now),
		credentialSubject: {
			id: `${url}#list`,
			type: 'BitstringStatusList',
			statusPurpose: 'revocation',
			encodedList: encodeStatusList(invalid, statusListSize(maxIndex))
		}
	};
}

/**
 * The revocation list as a signed VC-JWT, read fresh from the database (one query).
 *
 * Secured per VC-JOSE-COSE §3.1.1 "Securing JSON-LD Verifiable Credentials with JOSE": the
 * payload is the credential itself, `typ` "vc+jwt" and `cty` "vc"; served as application/vc+jwt.
 * JWT claims (§"JOSE Header Parameters and JWT Claims"): `iss` matches `issuer`; `iat` is when
 * this copy was signed; no `nbf` (NOT RECOMMENDED there) and no `jti` (the list's `id` is the
 * same for every copy, and a `jti` names one token).
 */
export async function statusListCredential(db: Database, origin: string, now: Date = new Date()): Promise<string> {
	const { invalid, maxIndex } = await invalidStatusIndexes(db);
	const credential = buildStatusListCredential(origin, invalid, maxIndex, now);
	return signWithIssuerKey(db, origin, { typ: 'vc+jwt', cty: 'vc' }, { ...credential, iss: credential.issuer, iat: Math.floor(now.getTime() / 1000) });
}

/** An XML Schema dateTimeStamp in whole seconds, as JWT NumericDates count them. */
export function wholeSeconds(date: Date): string {
	return new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
