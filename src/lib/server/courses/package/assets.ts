/** What files a course may carry, and how to recognise them. */

const TYPES: Record<string, string> = {
	png: 'image/png',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	gif: 'image/gif',
	webp: 'image/webp',
	pdf: 'application/pdf',
	txt: 'text/plain; charset=utf-8',
	csv: 'text/csv; charset=utf-8',
	docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
	odt: 'application/vnd.oasis.opendocument.text',
	ods: 'application/vnd.oasis.opendocument.spreadsheet',
	odp: 'application/vnd.oasis.opendocument.presentation',
	mp4: 'video/mp4',
	webm: 'video/webm',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg'
};

export const ALLOWED_EXTENSIONS = Object.keys(TYPES);
export const IMAGE_EXTENSIONS = ['png', 'jpg', 'jpeg', 'gif', 'webp'];
export const VIDEO_EXTENSIONS = ['mp4', 'webm'];

export function extensionOf(path: string): string {
	const name = path.split('/').pop() ?? '';
	const dot = name.lastIndexOf('.');
	return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

export function contentTypeOf(path: string): string | undefined {
	return TYPES[extensionOf(path)];
}

export function isImagePath(path: string) {
	return IMAGE_EXTENSIONS.includes(extensionOf(path));
}

const startsWith = (data: Uint8Array, bytes: number[], offset = 0) =>
	data.length >= offset + bytes.length && bytes.every((b, i) => data[offset + i] === b);
const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));

/**
 * Checks that the bytes are what the extension says, for the types a browser would render
 * inline (images, PDF, media). An HTML page renamed to .png is refused.
 */
export function contentMatchesExtension(path: string, data: Uint8Array): boolean {
	switch (extensionOf(path)) {
		case 'png':
			return startsWith(data, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		case 'jpg':
		case 'jpeg':
			return startsWith(data, [0xff, 0xd8, 0xff]);
		case 'gif':
			return startsWith(data, ascii('GIF87a')) || startsWith(data, ascii('GIF89a'));
		case 'webp':
			return startsWith(data, ascii('RIFF')) && startsWith(data, ascii('WEBP'), 8);
		case 'pdf':
			return startsWith(data, ascii('%PDF-'));
		case 'docx':
		case 'xlsx':
		case 'pptx':
		case 'odt':
		case 'ods':
		case 'odp':
			return startsWith(data, [0x50, 0x4b, 0x03, 0x04]);
		case 'mp4':
			return startsWith(data, ascii('ftyp'), 4);
		case 'webm':
			return startsWith(data, [0x1a, 0x45, 0xdf, 0xa3]);
		case 'mp3':
			return startsWith(data, ascii('ID3')) || (data[0] === 0xff && ((data[1] ?? 0) & 0xe0) === 0xe0);
		case 'ogg':
			return startsWith(data, ascii('OggS'));
		case 'txt':
		case 'csv':
			// Text: valid UTF-8 with no NUL bytes.
			try {
				new TextDecoder('utf-8', { fatal: true }).decode(data);
				return !data.includes(0);
			} catch {
				return false;
			}
		default:
			return false;
	}
}

/**
 * Resolves a path written in a lesson (relative to the lesson's module folder, or to the
 * course folder) to a path in the course, e.g. "../assets/a.png" and "assets/a.png" both to
 * "assets/a.png". Undefined when it is not a course file path or escapes the folder.
 */
export function resolveCoursePath(written: string): string | undefined {
	let path = written.trim();
	if (!path || /^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('#') || path.startsWith('/')) return undefined;
	path = path.split('#')[0]!.split('?')[0]!;
	try {
		path = decodeURI(path);
	} catch {
		return undefined;
	}
	if (path.startsWith('./')) path = path.slice(2);
	if (path.startsWith('../')) path = path.slice(3);
	const parts = path.split('/');
	if (parts.some((p) => p === '..' || p === '.' || p === '') || path.includes('\\')) return undefined;
	return path;
}
