import { createHash } from 'node:crypto';
import { ALLOWED_EXTENSIONS, contentMatchesExtension, contentTypeOf, extensionOf } from '../courses/package/assets';
import { ValidationError } from '../errors';
import type { AssignmentSettings } from './assignment-settings';

/**
 * The files a learner hands in: what the assignment accepts (extension, size, count) and
 * whether the bytes are what the extension says. A refused file is named in the message
 * with the reason, so the learner knows which one to fix.
 */

/** An uploaded file before it is read (a browser File fits, with `bytes` reading it). */
export interface Upload {
	name: string;
	size: number;
	bytes(): Promise<Uint8Array>;
}

export interface CheckedFile {
	name: string;
	contentType: string;
	size: number;
	sha256: string;
	data: Uint8Array;
}

const MB = 1024 * 1024;
const MAX_NAME = 200;
/** Extensions stored as plain text: their content must be UTF-8 without NUL bytes. */
const TEXT = new Set(['txt', 'csv', 'md']);
const TEXT_TYPES: Record<string, string> = { md: 'text/markdown; charset=utf-8' };

/**
 * The name as the learner chose it, made safe to store and show: no folders (some browsers
 * send "C:\fakepath\..."), no control characters, at most 200 characters with the extension kept.
 * Unlike course files, submission names keep their script (Cyrillic names stay readable).
 */
export function submissionFileName(raw: string): string {
	const base = (raw.split(/[\\/]/).pop() ?? '')
		.normalize('NFC')
		.replace(/[\u0000-\u001f\u007f"<>|*?:]+/g, '_')
		.trim()
		.replace(/^\.+/, '');
	if (base.length <= MAX_NAME) return base;
	const ext = extensionOf(base);
	const keep = ext ? `.${ext}` : '';
	return `${base.slice(0, MAX_NAME - keep.length)}${keep}`;
}

/** Whether a form's file field actually carries a file (an empty picker sends a nameless, empty one). */
export function isChosen(upload: Upload): boolean {
	return upload.name !== '' || upload.size > 0;
}

export function megabytes(bytes: number): string {
	return (Math.ceil((bytes / MB) * 10) / 10).toString();
}

/**
 * Checks the metadata of every new file (type by extension, size) before any is read, then
 * the content of each. Throws a ValidationError on the field `files` naming the first bad file.
 */
export async function checkUploads(uploads: Upload[], settings: AssignmentSettings): Promise<CheckedFile[]> {
	const types = settings.fileTypes.map((t) => `.${t}`).join(', ');
	const limit = settings.maxFileMb * MB;
	const seen = new Set<string>();
	const named = uploads.map((u) => ({ upload: u, name: submissionFileName(u.name) }));
	for (const { upload, name } of named) {
		if (!name) throw new ValidationError('files', 'error_assignment_file_name');
		const ext = extensionOf(name);
		if (!ext || !settings.fileTypes.includes(ext)) throw new ValidationError('files', 'error_assignment_file_type', { name, types });
		if (upload.size === 0) throw new ValidationError('files', 'error_assignment_file_empty', { name });
		if (upload.size > limit) {
			throw new ValidationError('files', 'error_assignment_file_too_large', { name, size: megabytes(upload.size), max: settings.maxFileMb });
		}
		const key = name.toLowerCase();
		if (seen.has(key)) throw new ValidationError('files', 'error_assignment_file_twice', { name });
		seen.add(key);
	}
	const checked: CheckedFile[] = [];
	for (const { upload, name } of named) {
		const data = await upload.bytes();
		// The size the browser announced is not trusted: the bytes are what is stored.
		if (data.byteLength === 0) throw new ValidationError('files', 'error_assignment_file_empty', { name });
		if (data.byteLength > limit) {
			throw new ValidationError('files', 'error_assignment_file_too_large', { name, size: megabytes(data.byteLength), max: settings.maxFileMb });
		}
		const ext = extensionOf(name);
		if (!contentLooksRight(ext, name, data)) throw new ValidationError('files', 'error_assignment_file_content', { name, ext });
		checked.push({
			name,
			contentType: contentTypeFor(ext, name),
			size: data.byteLength,
			sha256: createHash('sha256').update(data).digest('hex'),
			data
		});
	}
	return checked;
}

/**
 * The content check where it is cheap: the signature of the common types (PDF, images, Office
 * and OpenDocument zips, media) and valid UTF-8 for text. Other types an author allows
 * (e.g. .zip, .dwg) are taken as they come: they are only ever served as downloads.
 */
function contentLooksRight(ext: string, name: string, data: Uint8Array): boolean {
	if (TEXT.has(ext)) return isText(data);
	if (ALLOWED_EXTENSIONS.includes(ext)) return contentMatchesExtension(name, data);
	return true;
}

function isText(data: Uint8Array): boolean {
	if (data.includes(0)) return false;
	try {
		new TextDecoder('utf-8', { fatal: true }).decode(data);
		return true;
	} catch {
		return false;
	}
}

function contentTypeFor(ext: string, name: string): string {
	return TEXT_TYPES[ext] ?? contentTypeOf(name) ?? 'application/octet-stream';
}
