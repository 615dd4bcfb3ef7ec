import type { Handle, HandleServerError, ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { dev } from '$app/environment';
import { db } from '$lib/server/db';
import { SESSION_COOKIE, validateSessionToken } from '$lib/server/auth/session';
import { setSessionCookie, clearSessionCookie, sessionCookieHeader } from '$lib/server/auth/cookies';
import { LOCALE_COOKIE, pickLocale } from '$lib/i18n/negotiate';
import { withLocale } from '$lib/server/i18n';
import { startup } from '$lib/server/startup';
import { log } from '$lib/server/log';
import { publicCache } from '$lib/server/http-cache';
import { contentCache } from '$lib/server/cache';
import { createPageCache } from '$lib/server/page-cache';

export const init: ServerInit = async () => {
	await startup(db);
	process.once('sveltekit:shutdown', () => void db.destroy());
};

const auth: Handle = async ({ event, resolve }) => {
	const token = event.cookies.get(SESSION_COOKIE);
	event.locals.user = null;
	event.locals.session = null;
	if (token) {
		const { session, user } = await validateSessionToken(db, token);
		if (session) {
			setSessionCookie(event, token, session.expiresAt);
			event.locals.session = session;
			event.locals.user = user;
		} else {
			clearSessionCookie(event);
		}
	}
	return resolve(event);
};

const i18n: Handle = async ({ event, resolve }) => {
	const locale = pickLocale({
		profile: event.locals.user?.locale,
		cookie: event.cookies.get(LOCALE_COOKIE),
		acceptLanguage: event.request.headers.get('accept-language')
	});
	event.locals.locale = locale;
	return withLocale(locale, () =>
		resolve(event, { transformPageChunk: ({ html }) => html.replace('%lang%', locale) })
	);
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	// The H5P player is framed by our lesson pages; its own policy allows that (frame-ancestors 'self', h5p/serve.ts).
	if (!event.url.pathname.startsWith('/h5p/play/')) response.headers.set('X-Frame-Options', 'DENY');
	response.headers.set('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
	if (!dev && event.url.protocol === 'https:') {
		response.headers.set('Strict-Transport-Security', 'max-age=31536000');
	}
	return response;
};

const pageCacheSize = Number(process.env.PAGE_CACHE_ENTRIES ?? 500);
const pageCache =
	Number.isFinite(pageCacheSize) && pageCacheSize > 0
		? createPageCache({ sessionCookie: SESSION_COOKIE, sessionCookieHeader, maxEntries: pageCacheSize })
		: undefined;

// The caches come last, so they see the final HTML and who is signed in.
export const handle = sequence(
	auth,
	i18n,
	securityHeaders,
	...(pageCache ? [pageCache.handle] : []),
	publicCache({ db, pages: contentCache, sessionCookie: SESSION_COOKIE })
);

export const handleError: HandleServerError = ({ error, event, status, message }) => {
	if (status === 404) return { message: 'error_page_not_found' };
	const id = crypto.randomUUID();
	// The path only: query strings can carry tokens, and cookies are never logged.
	log.error('request failed', {
		id,
		status,
		method: event.request.method,
		path: event.route.id ?? event.url.pathname,
		error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
		message
	});
	return { message: status >= 500 ? 'error_unexpected' : message, id };
};
