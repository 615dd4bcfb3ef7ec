import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildOpenBadgeCredential, issuerProfile } from '../../../src/lib/server/certificates/credential';
import type { CredentialFacts } from '../../../src/lib/server/certificates/types';

const ORIGIN = 'https://bilim.example';

const facts: CredentialFacts = {
	certificateId: '5d0e2c9e-9b1a-4c5e-8f3a-2b7d6e1f0a11',
	code: 'abcdefghijklmnopqrstuvwx',
	serial: 'BLM-2026-000123',
	holderName: 'Әсел Құрманғазықызы',
	holderEmail: 'Asel.K@Example.org ',
	courseId: '0b6f7d2e-1c3a-4b5d-9e8f-7a6b5c4d3e2f',
	courseTitle: 'Leading public organisations',
	courseDescription: 'Strategy, people and change in the public sector.',
	criteriaNarrative: 'Completed all 8 modules (24 hours) and the final assignment.',
	cohortName: 'Almaty, spring 2026',
	hours: 24,
	issuerName: 'Bilim Academy',
	issuedAt: new Date('2026-11-27T09:15:42.789Z'),
	statusIndex: 42
};

const credential = buildOpenBadgeCredential(facts, ORIGIN);

describe('an Open Badges 3.0 credential for a certificate', () => {
	it('has the contexts in the order OB 3.0 requires, and both types', () => {
		expect(credential['@context']).toEqual(['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json']);
		expect(credential.type).toContain('VerifiableCredential');
		expect(credential.type).toContain('OpenBadgeCredential');
	});

	it('is identified by its public verification page and named after the course', () => {
		expect(credential.id).toBe(`${ORIGIN}/verify/abcdefghijklmnopqrstuvwx`);
		expect(credential.name).toBe('Leading public organisations');
	});

	it('names the issuer Profile published by the site', () => {
		expect(credential.issuer).toEqual({ id: `${ORIGIN}/api/issuer`, type: ['Profile'], name: 'Bilim Academy', url: ORIGIN });
		expect(issuerProfile(ORIGIN, 'Bilim Academy')).toEqual(credential.issuer);
	});

	it('is valid from the moment of issue, in whole seconds with a time zone', () => {
		expect(credential.validFrom).toBe('2026-11-27T09:15:42Z');
	});

	it('describes the achievement: the course, how it was earned, as a certificate of completion', () => {
		expect(credential.credentialSubject.type).toEqual(['AchievementSubject']);
		expect(credential.credentialSubject.achievement).toEqual({
			id: 'urn:uuid:0b6f7d2e-1c3a-4b5d-9e8f-7a6b5c4d3e2f',
			type: ['Achievement'],
			achievementType: 'CertificateOfCompletion',
			name: 'Leading public organisations',
			description: 'Strategy, people and change in the public sector.',
			criteria: { narrative: 'Completed all 8 modules (24 hours) and the final assignment.' }
		});
		expect(credential.credentialSubject.term).toBe('Almaty, spring 2026');
	});

	it('names the holder in clear and identifies them by a salted hash of their email, never the email', () => {
		const [name, email] = credential.credentialSubject.identifier;
		expect(name).toEqual({ type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: 'Әсел Құрманғазықызы' });
		expect(email).toMatchObject({ type: 'IdentityObject', identityType: 'emailAddress', hashed: true });
		expect(email!.salt).toMatch(/^[0-9a-f]{16}$/);
		const expected = createHash('sha256').update(`asel.k@example.org${email!.salt}`, 'utf8').digest('hex');
		expect(email!.identityHash).toBe(`sha256$${expected}`);
		expect(JSON.stringify(credential).toLowerCase()).not.toContain('asel.k@example.org');
	});

	it('gives the subject an opaque URN id (the JWT sub), different for each certificate', () => {
		expect(credential.credentialSubject.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
		const other = buildOpenBadgeCredential({ ...facts, certificateId: '11111111-2222-4333-8444-555555555555' }, ORIGIN);
		expect(other.credentialSubject.id).not.toBe(credential.credentialSubject.id);
		expect(other.credentialSubject.identifier[1]!.salt).not.toBe(credential.credentialSubject.identifier[1]!.salt);
	});

	it('points at its place in the revocation list', () => {
		expect(credential.credentialStatus).toEqual({
			id: `${ORIGIN}/api/credentials/status/revocation#42`,
			type: 'BitstringStatusListEntry',
			statusPurpose: 'revocation',
			statusListIndex: '42',
			statusListCredential: `${ORIGIN}/api/credentials/status/revocation`
		});
	});

	it('declares the Open Badges JSON schema', () => {
		expect(credential.credentialSchema).toEqual([
			{ id: 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json', type: '1EdTechJsonSchemaValidator2019' }
		]);
	});

	it('is the same credential for the same facts', () => {
		expect(buildOpenBadgeCredential({ ...facts }, ORIGIN)).toEqual(credential);
	});

	it('leaves out what it does not have: no cohort, no email, no description or criteria text', () => {
		const bare = buildOpenBadgeCredential({ ...facts, cohortName: null, holderEmail: '', courseDescription: ' ', criteriaNarrative: '' }, ORIGIN);
		expect(bare.credentialSubject).not.toHaveProperty('term');
		expect(bare.credentialSubject.identifier).toHaveLength(1);
		expect(bare.credentialSubject.achievement.description).toBe('Leading public organisations');
		expect(bare.credentialSubject.achievement.criteria.narrative).toBe('Leading public organisations');
	});

	it('has every property OB 3.0 marks required ([1]), non-empty', () => {
		const required = [
			credential.id,
			credential.issuer.id,
			credential.validFrom,
			credential.credentialSubject.achievement.id,
			credential.credentialSubject.achievement.name,
			credential.credentialSubject.achievement.description
		];
		for (const value of required) expect(value).toBeTruthy();
		for (const identity of credential.credentialSubject.identifier) {
			expect(Object.keys(identity)).toEqual(expect.arrayContaining(['type', 'hashed', 'identityHash', 'identityType']));
		}
	});
});
