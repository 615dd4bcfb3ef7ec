import { createHash } from 'node:crypto';
import type { Database } from '../db/connect';
import { issuerSigningKey, issuerUrl, signWithIssuerKey } from './keys';
import { statusListUrl, wholeSeconds } from './status-list';
import { verifyUrl, type CredentialFacts } from './types';

/**
 * Each certificate as an Open Badges 3.0 credential (1EdTech, "Open Badges Specification v3.0",
 * https://www.imsglobal.org/spec/ob/v3p0/), which is a W3C Verifiable Credential (VC Data Model
 * 2.0, https://www.w3.org/TR/vc-data-model-2.0/), secured as a VC-JWT and signed once, when the
 * certificate is issued. Section references below are to those documents: "OB §B.1.3" is the
 * data model appendix of Open Badges 3.0, "VCDM #validity-period" a section anchor of VC DM 2.0.
 */

/** OB §B.1.2: "@context ... MUST be an ordered set where the first item is ... credentials/v2, and the second ... context-3.0.3.json". */
export const OB_CONTEXT = ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'] as const;
/** OB §B.1.21: "One instance of CredentialSchema MUST have an id that is the URL of the JSON Schema for this credential defined by this specification". */
const OB_SCHEMA = {
	id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json',
	type: '1EdTechJsonSchemaValidator2019'
} as const;

/** OB §B.1.14 Profile (the parts we state). */
export interface IssuerProfile {
	id: string;
	type: ['Profile'];
	name: string;
	url: string;
}

/** OB §B.1.12 IdentityObject. */
export interface IdentityObject {
	type: 'IdentityObject';
	/** OB §B.1.30 IdentifierTypeEnum */
	identityType: 'name' | 'emailAddress';
	hashed: boolean;
	/** an IdentityHash ('sha256$<hex>') when hashed, else the plain value */
	identityHash: string;
	salt?: string;
}

/** OB §B.1.1 Achievement (the parts we state). */
export interface Achievement {
	id: string;
	type: ['Achievement'];
	/** OB §B.1.28 AchievementType */
	achievementType: 'CertificateOfCompletion';
	name: string;
	description: string;
	criteria: { narrative: string };
}

/** OB §B.1.3 AchievementSubject (the parts we state). */
export interface AchievementSubject {
	id: string;
	type: ['AchievementSubject'];
	identifier: IdentityObject[];
	achievement: Achievement;
	term?: string;
}

/** Bitstring Status List v1.0 §2.1 BitstringStatusListEntry. */
export interface BitstringStatusListEntry {
	id: string;
	type: 'BitstringStatusListEntry';
	statusPurpose: 'revocation';
	statusListIndex: string;
	statusListCredential: string;
}

/** OB §B.1.2 AchievementCredential, typed OpenBadgeCredential. */
export interface OpenBadgeCredential {
	'@context': typeof OB_CONTEXT;
	id: string;
	type: ['VerifiableCredential', 'OpenBadgeCredential'];
	name: string;
	issuer: IssuerProfile;
	validFrom: string;
	credentialSubject: AchievementSubject;
	credentialStatus: BitstringStatusListEntry;
	credentialSchema: [typeof OB_SCHEMA];
}

/** The issuing organisation's name for the published Profile: ISSUER_NAME, else 'Bilim'. */
export function defaultIssuerName(): string {
	return process.env.ISSUER_NAME?.trim() || 'Bilim';
}

/** The issuer Profile stated in credentials and published at /api/issuer. */
export function issuerProfile(origin: string, name: string): IssuerProfile {
	return { id: issuerUrl(origin), type: ['Profile'], name, url: origin };
}

/**
 * The credential a certificate states (pure: the same facts give the same credential).
 *
 * - `id` (VCDM #identifiers, OB §B.1.2 [1]): the public verification page, which answers for the
 *   certificate as long as the site exists.
 * - `validFrom` (VCDM #validity-period; OB §B.1.2 [1]): when it was issued, in whole seconds,
 *   because OB §8.2.6 requires the JWT `nbf` (a NumericDate, in seconds) to equal it.
 * - `credentialSubject.id`: OB §8.2.4 makes the JWT `sub` required and equal to it, and §8.2.6
 *   rejects a credential whose `sub` does not match. The holder has no DID, so it is an opaque
 *   urn:uuid made from the certificate: it names the holder of this one credential and does not
 *   link one person's credentials to each other.
 * - `identifier` (OB §B.1.3, §B.1.12): the holder's name in clear ("Either the IdentityHash of
 *   the identity or the plaintext value"; AchievementSubject has no `name` property), and their
 *   email address only as a salted IdentityHash ("sha256$" + hex SHA-256 of identifier + salt,
 *   OB §B.1.12 / derived type IdentityHash), so the email is never in the credential.
 * - `term` (OB §B.1.3: "The academic term in which this assertion was achieved"): the cohort.
 * - `credentialStatus`: Bitstring Status List §2.1; the entry `id` is the list URL plus the index
 *   (it "MUST NOT be the URL for the status list"), `statusListIndex` a base-10 string.
 */
export function buildOpenBadgeCredential(facts: CredentialFacts, origin: string): OpenBadgeCredential {
	const identifier: IdentityObject[] = [{ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: facts.holderName }];
	const email = facts.holderEmail.trim().toLowerCase();
	if (email) {
		const salt = derived('identity-salt', facts.certificateId).slice(0, 16);
		identifier.push({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true, identityHash: `sha256$${sha256Hex(email + salt)}`, salt });
	}
	const description = facts.courseDescription.trim() || facts.courseTitle;
	const statusList = statusListUrl(origin);
	return {
		'@context': OB_CONTEXT,
		id: verifyUrl(origin, facts.code),
		type: ['VerifiableCredential', 'OpenBadgeCredential'],
		name: facts.courseTitle,
		issuer: issuerProfile(origin, facts.issuerName),
		validFrom: wholeSeconds(facts.issuedAt),
		credentialSubject: {
			id: `urn:uuid:${uuidFrom(derived('holder', facts.certificateId))}`,
			type: ['AchievementSubject'],
			identifier,
			achievement: {
				id: `urn:uuid:${facts.courseId}`,
				type: ['Achievement'],
				// OB §B.1.28: "Credential that acknowledges completion of an assignment, training or other activity".
				achievementType: 'CertificateOfCompletion',
				name: facts.courseTitle,
				description,
				criteria: { narrative: facts.criteriaNarrative.trim() || description }
			},
			...(facts.cohortName ? { term: facts.cohortName } : {})
		},
		credentialStatus: {
			id: `${statusList}#${facts.statusIndex}`,
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: String(facts.statusIndex),
			statusListCredential: statusList
		},
		credentialSchema: [OB_SCHEMA]
	};
}

/**
 * The credential as a compact JWS (VC-JWT), per OB §8.2 "JSON Web Token Proof Format":
 *
 * - JOSE header (§8.2.3): `alg`, `kid` (a URL answering the public JWK) and `typ` "JWT";
 *   "Additional JOSE Headers are NOT allowed", and `typ`, "If present, MUST be set to 'JWT'".
 *   VC-JOSE-COSE §3.1.1 would have `typ` "vc+jwt" and `cty` "vc", but only as a SHOULD, so the
 *   Open Badges MUSTs win for an OpenBadgeCredential. (`alg` EdDSA: §8.2.3 requires RS256 "as a
 *   minimum" and permits others.)
 * - JWT payload (§8.2.4): "the JSON object of the OpenBadgeCredential" (no `vc` claim, which
 *   VC-JOSE-COSE also forbids) with `iss` = issuer.id, `jti` = id, `nbf` = validFrom and
 *   `sub` = credentialSubject.id, all required; no `exp`, as there is no validUntil. `iat` is
 *   when it was signed (VC-JOSE-COSE: the issuance time of the signature).
 */
export async function signCredential(db: Database, credential: OpenBadgeCredential, origin: string): Promise<string> {
	return signWithIssuerKey(
		db,
		origin,
		{ typ: 'JWT' },
		{
			...credential,
			iss: credential.issuer.id,
			jti: credential.id,
			sub: credential.credentialSubject.id,
			nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
			iat: Math.floor(Date.now() / 1000)
		}
	);
}

/**
 * The issuer Profile document served at /api/issuer (its `id`): OB §B.1.14 Profile, plus the
 * signing key as a Controlled Identifiers v1.0 verification method (type JsonWebKey with
 * publicKeyJwk, as VC-JOSE-COSE §"Using Controller Documents" requires), listed under
 * assertionMethod, so that tools that resolve the issuer rather than the `kid` find the key.
 */
export async function issuerDocument(db: Database, origin: string, name: string) {
	const { kid, publicJwk } = await issuerSigningKey(db, origin);
	const profile = issuerProfile(origin, name);
	return {
		'@context': [...OB_CONTEXT, 'https://www.w3.org/ns/cid/v1'],
		...profile,
		verificationMethod: [{ id: kid, type: 'JsonWebKey', controller: profile.id, publicKeyJwk: publicJwk }],
		assertionMethod: [kid]
	};
}

function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** A stable value for `purpose` and a certificate; public by design (it ends up in the credential). */
function derived(purpose: string, certificateId: string): string {
	return sha256Hex(`bilim:${purpose}:${certificateId}`);
}

/** The first 128 bits of a hex digest as an RFC 9562 UUID, version 8 (custom, name-based). */
function uuidFrom(hex: string): string {
	const h = hex.slice(0, 32).split('');
	h[12] = '8';
	h[16] = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
	const s = h.join('');
	return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20, 32)}`;
}
