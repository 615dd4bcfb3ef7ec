import { overwriteGetLocale } from '$lib/paraglide/runtime.js';

// The server chose the language and wrote it into <html lang>; the browser follows it.
overwriteGetLocale(() => (document.documentElement.lang === 'ru' ? 'ru' : 'en'));
