/**
 * Which URLs an author's Markdown may point at. Shared by the Markdown parser (which
 * refuses forbidden schemes outright) and the rewrite step (which resolves course files
 * and marks external links).
 */

export type UrlKind =
	/** `#section`: a place in the same page */
	| 'anchor'
	/** http: or https: */
	| 'web'
	| 'mailto'
	/** a path without a scheme, for the caller to resolve to a course file */
	| 'relative'
	/** anything else: other schemes, `//host` network paths, empty */
	| 'forbidden';

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

/**
 * Browsers drop tabs and newlines anywhere in a URL and strip leading and trailing C0
 * controls and spaces before they look for the scheme, which is how `jav&#x09;ascript:`
 * and ` javascript:` still run. Mirror that so obfuscated schemes are seen as schemes.
 */
function asBrowserSeesIt(url: string): string {
	return url.replace(/[\t\n\r]/g, '').replace(/^[\u0000-\u0020]+|[\u0000-\u0020]+$/g, '');
}

export function classifyUrl(raw: string): UrlKind {
	const url = asBrowserSeesIt(raw);
	if (url === '') return 'forbidden';
	if (url.startsWith('#')) return 'anchor';
	const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
	if (scheme === 'http' || scheme === 'https') return 'web';
	if (scheme === 'mailto') return 'mailto';
	if (scheme !== undefined) return 'forbidden';
	// `//host`, and `/\host` or `\\host`, which browsers read the same way: another site
	// without a scheme. Authors write https:// for those.
	if (/^[\\/]{2}/.test(url)) return 'forbidden';
	return 'relative';
}

/** Schemes other than http, https and mailto. Relative and empty URLs are not forbidden here. */
export function hasForbiddenScheme(raw: string): boolean {
	const url = asBrowserSeesIt(raw);
	const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
	return scheme !== undefined && scheme !== 'http' && scheme !== 'https' && scheme !== 'mailto';
}

/** Splits `assets/guide.pdf#page=2` into the file path as the author means it and the fragment. */
export function splitRelative(url: string): { path: string; fragment: string } {
	const hash = url.indexOf('#');
	const fragment = hash === -1 ? '' : url.slice(hash);
	const beforeHash = hash === -1 ? url : url.slice(0, hash);
	const query = beforeHash.indexOf('?');
	const encoded = query === -1 ? beforeHash : beforeHash.slice(0, query);
	// markdown-it percent-encodes destinations (`<assets/my file.png>` becomes
	// `assets/my%20file.png`); the resolver wants the file name as written.
	let path = encoded;
	try {
		path = decodeURIComponent(encoded);
	} catch {
		// a stray `%` in a file name: keep it as it is
	}
	return { path, fragment };
}
