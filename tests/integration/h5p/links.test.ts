import { describe, expect, it } from 'vitest';
import { appSecret } from '../../../src/lib/server/h5p/secret';
import {
	H5P_LINK_SECRET,
	LINK_HOURS,
	checkContentToken,
	contentToken,
	linkExpiry,
	playerPath,
	signContentToken,
	verifyContentToken
} from '../../../src/lib/server/h5p/links';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const CONTENT = '3f1c2a9e-8b7d-4c6e-9f00-112233445566';
const OTHER = '3f1c2a9e-8b7d-4c6e-9f00-665544332211';
const HOUR = 3600_000;

describe('the link secret', () => {
	it('is made once, kept in app_secret, and the same for every reader of the database', async () => {
		const first = await appSecret(db, H5P_LINK_SECRET);
		expect(first.byteLength).toBe(32);
		const rows = await db.selectFrom('appSecret').select(['name', 'value']).where('name', '=', H5P_LINK_SECRET).execute();
		expect(rows).toHaveLength(1);
		expect(Buffer.from(rows[0]!.value, 'base64url').equals(first)).toBe(true);
		// Another handle on the same database (as another app instance has) reads the same key.
		const again = await db.transaction().execute((trx) => appSecret(trx, H5P_LINK_SECRET));
		expect(again.equals(first)).toBe(true);
	});

	it('differs per name', async () => {
		const a = await appSecret(db, 'test_a');
		const b = await appSecret(db, 'test_b');
		expect(a.equals(b)).toBe(false);
	});
});

describe('signed content links', () => {
	const secret = Buffer.alloc(32, 7);
	const now = new Date('2026-11-28T10:20:00Z');

	it('last 12 to 13 hours, to the next whole hour', () => {
		const expiry = linkExpiry(now) * 1000;
		expect(expiry).toBe(new Date('2026-11-28T23:00:00Z').getTime());
		expect(expiry - now.getTime()).toBeGreaterThanOrEqual(LINK_HOURS * HOUR);
		expect(expiry - now.getTime()).toBeLessThanOrEqual((LINK_HOURS + 1) * HOUR);
	});

	it('are the same all hour long, so the browser cache keeps the files', () => {
		const a = signContentToken(secret, CONTENT, new Date('2026-11-28T10:00:00Z'));
		const b = signContentToken(secret, CONTENT, new Date('2026-11-28T10:59:59Z'));
		const c = signContentToken(secret, CONTENT, new Date('2026-11-28T11:00:00Z'));
		expect(a).toBe(b);
		expect(c).not.toBe(a);
	});

	it('are accepted for their content until they expire', () => {
		const token = signContentToken(secret, CONTENT, now);
		expect(verifyContentToken(secret, CONTENT, token, now)).toEqual({ ok: true, expires: new Date('2026-11-28T23:00:00Z') });
		expect(verifyContentToken(secret, CONTENT, token, new Date('2026-11-28T22:59:59Z')).ok).toBe(true);
		expect(verifyContentToken(secret, CONTENT, token, new Date('2026-11-28T23:00:00Z'))).toEqual({ ok: false, reason: 'expired' });
	});

	it('are refused for other content, with another key, or changed', () => {
		const token = signContentToken(secret, CONTENT, now);
		expect(verifyContentToken(secret, OTHER, token, now)).toEqual({ ok: false, reason: 'forged' });
		expect(verifyContentToken(Buffer.alloc(32, 8), CONTENT, token, now)).toEqual({ ok: false, reason: 'forged' });
		// A later expiry with the old signature: the expiry is signed too.
		const [, mac] = token.split('.');
		const later = `${(linkExpiry(now) + 3600 * 24).toString(36)}.${mac}`;
		expect(verifyContentToken(secret, CONTENT, later, now)).toEqual({ ok: false, reason: 'forged' });
		const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
		expect(verifyContentToken(secret, CONTENT, flipped, now).ok).toBe(false);
		// Every other spelling of the same bytes is refused too (the last character has spare bits).
		for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') {
			const other = token.slice(0, -1) + c;
			expect(verifyContentToken(secret, CONTENT, other, now).ok).toBe(other === token);
		}
	});

	it('are refused when malformed', () => {
		for (const token of ['', 'abc', 'zz.', '.AAAAAAAAAAAAAAAAAAAAAA', 'zz.AAAA', 'zz.AAAAAAAAAAAAAAAAAAAAAA/', '../x']) {
			expect(verifyContentToken(secret, CONTENT, token, now)).toEqual({ ok: false, reason: 'malformed' });
		}
		const token = signContentToken(secret, CONTENT, now);
		expect(verifyContentToken(secret, 'not-a-uuid', token, now)).toEqual({ ok: false, reason: 'malformed' });
	});

	it('are made with the database key and checked with it', async () => {
		const token = await contentToken(db, CONTENT, now);
		expect((await checkContentToken(db, CONTENT, token, now)).ok).toBe(true);
		expect((await checkContentToken(db, OTHER, token, now)).ok).toBe(false);
		expect(await playerPath(db, CONTENT, now)).toBe(`/h5p/play/${CONTENT}/${token}`);
	});
});
