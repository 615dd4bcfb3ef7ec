/**
 * The file extensions H5P itself allows in a package (H5P core's default whitelist), and the
 * content types we serve them with.
 */

export const CONTENT_EXTENSIONS: readonly string[] = [
	'json', 'png', 'jpg', 'jpeg', 'gif', 'bmp', 'tif', 'tiff', 'svg', 'eot', 'ttf', 'woff', 'woff2',
	'otf', 'webm', 'mp4', 'ogg', 'mp3', 'm4a', 'wav', 'txt', 'pdf', 'rtf', 'doc', 'docx', 'xls',
	'xlsx', 'ppt', 'pptx', 'odt', 'ods', 'odp', 'xml', 'csv', 'diff', 'patch', 'swf', 'md',
	'textile', 'vtt', 'webvtt'
];

/** Libraries may carry code as well. */
export const LIBRARY_EXTENSIONS: readonly string[] = [...CONTENT_EXTENSIONS, 'js', 'css'];

const TYPES: Record<string, string> = {
	json: 'application/json',
	js: 'text/javascript; charset=utf-8',
	css: 'text/css; charset=utf-8',
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	bmp: 'image/bmp',
	tif: 'image/tiff',
	tiff: 'image/tiff',
	svg: 'image/svg+xml',
	eot: 'application/vnd.ms-fontobject',
	ttf: 'font/ttf',
	woff: 'font/woff',
	woff2: 'font/woff2',
	otf: 'font/otf',
	webm: 'video/webm',
	mp4: 'video/mp4',
	ogg: 'audio/ogg',
	mp3: 'audio/mpeg',
	m4a: 'audio/mp4',
	wav: 'audio/wav',
	txt: 'text/plain; charset=utf-8',
	pdf: 'application/pdf',
	rtf: 'application/rtf',
	doc: 'application/msword',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xls: 'application/vnd.ms-excel',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	ppt: 'application/vnd.ms-powerpoint',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	odp: 'application/vnd.oasis.opendocument.presentation',
	xml: 'application/xml',
	csv: 'text/csv; charset=utf-8',
	diff: 'text/plain; charset=utf-8',
	patch: 'text/plain; charset=utf-8',
	swf: 'application/x-shockwave-flash',
	md: 'text/markdown; charset=utf-8',
	textile: 'text/plain; charset=utf-8',
	vtt: 'text/vtt; charset=utf-8',
	webvtt: 'text/vtt; charset=utf-8'
};

/** The extension of a path, lower case, without the dot ('' when none). */
export function extensionOf(path: string): string {
	const name = path.slice(path.lastIndexOf('/') + 1);
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

/** The content type to serve a package file with (by extension; unknown -> octet-stream). */
export function contentTypeFor(path: string): string {
	return TYPES[extensionOf(path)] ?? 'application/octet-stream';
}
