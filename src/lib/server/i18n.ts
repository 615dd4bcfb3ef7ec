import { AsyncLocalStorage } from 'node:async_hooks';
import { baseLocale, overwriteGetLocale } from '../paraglide/runtime.js';
import type { Locale } from '../i18n/negotiate';

/**
 * Each request renders in its own language. The locale lives in AsyncLocalStorage for the
 * request's duration, and Paraglide's getLocale reads it there.
 */
const storage = new AsyncLocalStorage<Locale>();
overwriteGetLocale(() => storage.getStore() ?? baseLocale);

export function withLocale<T>(locale: Locale, fn: () => T): T {
	return storage.run(locale, fn);
}
