import type { RequestEvent } from '@sveltejs/kit';
import { SESSION_COOKIE } from './session';

// Secure whenever the site is served over https (every real deployment); plain http only
// on a developer's own machine.
export function setSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>, token: string, expiresAt: Date) {
	event.cookies.set(SESSION_COOKIE, token, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		expires: expiresAt,
		path: '/'
	});
}

export function clearSessionCookie(event: Pick<RequestEvent, 'cookies' | 'url'>) {
	event.cookies.delete(SESSION_COOKIE, {
		httpOnly: true,
		sameSite: 'lax',
		secure: event.url.protocol === 'https:',
		path: '/'
	});
}
