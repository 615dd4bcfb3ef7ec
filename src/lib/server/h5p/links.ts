import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/connect';
import { appSecret } from './secret';

/**
 * Signed, expiring links to H5P content (docs/h5p.md, "Trust and isolation").
 *
 * The player runs in an opaque origin (a sandboxed frame): it sends no cookies, so the content
 * files it loads cannot be checked against the learner's session. Instead the lesson page, which
 * has checked that its reader may read the lesson, gives the player a link that carries a token:
 * an HMAC-SHA256, keyed by a secret kept in app_secret, of the content id and an expiry time.
 *
 * Tokens last 12 to 13 hours: the expiry is rounded up to the next whole hour, so every page
 * made within one hour gets the same links and the browser's cache keeps the files.
 */

export const H5P_LINK_SECRET = 'h5p_link_key';
const HOUR = 3600;
/** Hours a link stays valid at least (plus the rest of the current hour). */
export const LINK_HOURS = 12;
const TOKEN = /^([0-9a-z]{1,10})\.([A-Za-z0-9_-]{22})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const isContentId = (id: string) => UUID.test(id);

function mac(secret: Buffer, contentId: string, expires: number): Buffer {
	return createHmac('sha256', secret).update(`h5p-content:${contentId}:${expires}`).digest().subarray(0, 16);
}

/** The expiry (unix seconds) of links made at `now`. */
export function linkExpiry(now: Date): number {
	return (Math.floor(now.getTime() / 1000 / HOUR) + LINK_HOURS + 1) * HOUR;
}

/** A token for the content, valid until linkExpiry(now). */
export function signContentToken(secret: Buffer, contentId: string, now: Date): string {
	const expires = linkExpiry(now);
	return `${expires.toString(36)}.${mac(secret, contentId, expires).toString('base64url')}`;
}

export type TokenCheck = { ok: true; expires: Date } | { ok: false; reason: 'malformed' | 'expired' | 'forged' };

/** Whether `token` was made by signContentToken for this content and has not expired. */
export function verifyContentToken(secret: Buffer, contentId: string, token: string, now: Date): TokenCheck {
	const m = TOKEN.exec(token);
	if (!m || !m[1] || !m[2] || !isContentId(contentId)) return { ok: false, reason: 'malformed' };
	const expires = parseInt(m[1], 36);
	// Compared as text, not decoded: base64url decoding ignores the last character's spare bits,
	// and a token must have one spelling only.
	const given = Buffer.from(m[2], 'ascii');
	const expected = Buffer.from(mac(secret, contentId, expires).toString('base64url'), 'ascii');
	if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'forged' };
	if (expires * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
	return { ok: true, expires: new Date(expires * 1000) };
}

export const contentToken = async (db: Database, contentId: string, now: Date) => signContentToken(await appSecret(db, H5P_LINK_SECRET), contentId, now);

export const checkContentToken = async (db: Database, contentId: string, token: string, now: Date) =>
	verifyContentToken(await appSecret(db, H5P_LINK_SECRET), contentId, token, now);

/** The paths the player is given (all on this site). */
export const h5pPaths = {
	/** The player page, framed by the lesson page. */
	play: (contentId: string, token: string) => `/h5p/play/${contentId}/${token}`,
	/** The folder holding h5p.json and content/ (h5p-standalone's h5pJsonPath). */
	content: (contentId: string, token: string) => `/h5p/content/${contentId}/${token}`,
	/** Approved library folders ('H5P.TrueFalse-1.6/library.json'). */
	libraries: '/h5p/libraries'
};

/** The player link for content, signed now. */
export async function playerPath(db: Database, contentId: string, now: Date): Promise<string> {
	return h5pPaths.play(contentId, await contentToken(db, contentId, now));
}
