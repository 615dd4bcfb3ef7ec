import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

// Secure whenever the site is served over https (every real deployment); plain http only
// on a developer's own machine.
const options = (event: Pick<RequestEvent, 'url'>) =>
	({ httpOnly: true, sameSite: 'lax', secure: event.url.protocol === 'https:', path: '/' }) as const;

export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: Date) {
	event.cookies.set(SESSION_COOKIE, token, { ...options(event), expires: expiresAt });
}

export function clearSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>) {
	event.cookies.delete(SESSION_COOKIE, options(event));
}

/** The Set-Cookie header that setSessionCookie gives, for a response made without SvelteKit's resolve. */
export function sessionCookieHeader(event: Pick<RequestEvent, 'cookies' | 'url' | 'locals'>): string | null {
	const token = event.cookies.get(SESSION_COOKIE);
	const session = event.locals.session;
	if (!token || !session) return null;
	return event.cookies.serialize(SESSION_COOKIE, token, { ...options(event), expires: session.expiresAt });
}
