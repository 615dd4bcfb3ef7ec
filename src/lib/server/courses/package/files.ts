import { lstat, readFile, readdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import yauzl from 'yauzl';
import { DomainError } from '../../errors';

/** A course package that cannot be imported; `problems` lists every one, formatted. */
export class CoursePackageError extends DomainError {
	constructor(readonly problems: string[]) {
		super('error_course_package_invalid', { count: problems.length });
	}
}

/** A course package in memory: relative POSIX paths (no leading slash) to bytes. */
export type PackageFiles = Map<string, Uint8Array>;

export interface Problem {
	/** Path within the course folder, '' for the package as a whole. */
	file: string;
	line?: number;
	message: string;
}

export const LIMITS = {
	fileBytes: 20 * 1024 * 1024,
	courseBytes: 200 * 1024 * 1024,
	zipBytes: 100 * 1024 * 1024,
	zipUncompressedBytes: 300 * 1024 * 1024,
	entries: 5000
};

const mb = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

/** Is this relative path safe: no absolute path, no `..`, no backslash, no NUL or control characters? */
export function isSafeRelativePath(path: string): boolean {
	if (!path || path.startsWith('/') || /^[a-zA-Z]:/.test(path) || path.includes('\\')) return false;
	if (/[\u0000-\u001f]/.test(path)) return false;
	return path.split('/').every((part) => part !== '..' && part !== '.' && part !== '');
}

/** Dotfiles (.DS_Store, .gitkeep) and macOS zip clutter; call on safe paths only. */
function isIgnored(path: string) {
	return path.split('/').some((part) => part.startsWith('.') || part === '__MACOSX');
}

/** Reads a course folder from disk. Symbolic links and over-sized files are problems, not followed. */
export async function readCourseDirectory(dir: string): Promise<{ files: PackageFiles; problems: Problem[] }> {
	const files: PackageFiles = new Map();
	const problems: Problem[] = [];
	let total = 0;
	async function walk(relative: string) {
		const entries = await readdir(join(dir, relative), { withFileTypes: true });
		for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
			const path = relative ? `${relative}/${entry.name}` : entry.name;
			if (isIgnored(path)) continue;
			const stat = await lstat(join(dir, path));
			if (stat.isSymbolicLink()) {
				problems.push({ file: path, message: 'symbolic links are not allowed: copy the file into the course folder' });
			} else if (stat.isDirectory()) {
				await walk(path);
			} else if (stat.isFile()) {
				if (stat.size > LIMITS.fileBytes) {
					problems.push({ file: path, message: `file is ${mb(stat.size)}, over the limit of ${mb(LIMITS.fileBytes)}` });
					continue;
				}
				total += stat.size;
				if (files.size >= LIMITS.entries) {
					problems.push({ file: '', message: `more than ${LIMITS.entries} files` });
					return;
				}
				files.set(path, new Uint8Array(await readFile(join(dir, path))));
			}
		}
	}
	await walk('');
	if (total > LIMITS.courseBytes) {
		problems.push({ file: '', message: `the course's files add up to ${mb(total)}, over the limit of ${mb(LIMITS.courseBytes)}` });
	}
	return { files, problems };
}

/**
 * Reads a course zip. The zip holds one course folder, or the course files at its root
 * (then `fallbackSlug`, the zip's name, is the slug). Refuses before inflating anything:
 * too many entries, declared sizes over the limits (zip bombs), paths escaping the folder,
 * symbolic links; while inflating, yauzl checks that each entry's real size matches.
 */
export async function readCourseZip(
	buffer: Uint8Array,
	fallbackSlug: string,
	limits: typeof LIMITS = LIMITS
): Promise<{ slug: string; files: PackageFiles; problems: Problem[] }> {
	const LIMITS = limits;
	const problems: Problem[] = [];
	if (buffer.byteLength > LIMITS.zipBytes) {
		return { slug: fallbackSlug, files: new Map(), problems: [{ file: '', message: `the zip is ${mb(buffer.byteLength)}, over the limit of ${mb(LIMITS.zipBytes)}` }] };
	}
	let zip: yauzl.ZipFile;
	try {
		zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
			yauzl.fromBuffer(
				Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength),
				{ lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true },
				(err, z) => (err || !z ? reject(err ?? new Error('unreadable zip')) : resolve(z))
			)
		);
	} catch (e) {
		return { slug: fallbackSlug, files: new Map(), problems: [{ file: '', message: `not a readable zip file (${(e as Error).message})` }] };
	}

	const entries: { path: string; entry: yauzl.Entry }[] = [];
	let declared = 0;
	try {
		await new Promise<void>((resolve, reject) => {
			zip.on('entry', (entry: yauzl.Entry) => {
				const raw = entry.fileName as unknown as Buffer;
				const path = raw.toString('utf8');
				const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
				if (entries.length + 1 > LIMITS.entries) {
					reject(new Error(`more than ${LIMITS.entries} entries`));
					return;
				}
				const safe = isSafeRelativePath(path.replace(/\/$/, ''));
				if (!safe) {
					problems.push({ file: path, message: 'path escapes the course folder (absolute, .. or backslash)' });
				} else if (!path.endsWith('/') && !isIgnored(path)) {
					if (mode === 0o120000) {
						problems.push({ file: path, message: 'symbolic links are not allowed' });
					} else if (entry.uncompressedSize > LIMITS.fileBytes) {
						problems.push({ file: path, message: `file is ${mb(entry.uncompressedSize)}, over the limit of ${mb(LIMITS.fileBytes)}` });
					} else {
						declared += entry.uncompressedSize;
						entries.push({ path, entry });
					}
				}
				zip.readEntry();
			});
			zip.on('end', () => resolve());
			zip.on('error', reject);
			zip.readEntry();
		});
	} catch (e) {
		zip.close();
		return { slug: fallbackSlug, files: new Map(), problems: [...problems, { file: '', message: (e as Error).message }] };
	}
	if (declared > LIMITS.zipUncompressedBytes) {
		zip.close();
		problems.push({ file: '', message: `the zip unpacks to ${mb(declared)}, over the limit of ${mb(LIMITS.zipUncompressedBytes)}` });
		return { slug: fallbackSlug, files: new Map(), problems };
	}
	if (problems.length) {
		zip.close();
		return { slug: fallbackSlug, files: new Map(), problems };
	}

	// One top folder holding course.yaml: that folder is the course.
	const tops = new Set(entries.map((e) => e.path.split('/')[0]));
	const [top] = tops;
	const nested = tops.size === 1 && top !== undefined && entries.some((e) => e.path === `${top}/course.yaml`);
	const slug = nested ? top! : fallbackSlug;

	const files: PackageFiles = new Map();
	try {
		for (const { path, entry } of entries) {
			const data = await readEntry(zip, entry, LIMITS.fileBytes);
			files.set(nested ? path.slice(top!.length + 1) : path, data);
		}
	} catch (e) {
		problems.push({ file: '', message: `the zip is damaged (${(e as Error).message})` });
	} finally {
		zip.close();
	}
	return { slug, files, problems };
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Uint8Array> {
	return new Promise((resolve, reject) => {
		zip.openReadStream(entry, (err, stream) => {
			if (err || !stream) return reject(err ?? new Error('unreadable entry'));
			const chunks: Buffer[] = [];
			let size = 0;
			stream.on('data', (chunk: Buffer) => {
				size += chunk.length;
				// Defence in depth: yauzl already checks sizes against the declared ones.
				if (size > maxBytes) {
					stream.destroy(new Error('entry larger than declared'));
					return;
				}
				chunks.push(chunk);
			});
			stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
			stream.on('error', reject);
		});
	});
}

export function zipNameToSlug(filename: string): string {
	return basename(filename).replace(/\.zip$/i, '');
}
