import yauzl from 'yauzl';
import { H5P_LIMITS, type H5pLimits } from './limits';
import type { H5pProblem } from './package';

/**
 * Reads the entries of an .h5p zip safely, collecting every problem: the compressed size, the
 * entry count, the uncompressed total both as the central directory declares it and as actually
 * inflated (yauzl's validateEntrySizes stops a stream that yields more than its entry declared,
 * and we count as well), and each entry's path. Nothing is written anywhere: files come back in memory.
 */

export interface ZipFileEntry {
	path: string;
	data: Uint8Array;
}

export interface ZipReadResult {
	/** Regular files with safe paths, reserved names (".x", "__MACOSX/") left out. Empty when unreadable. */
	files: ZipFileEntry[];
	problems: H5pProblem[];
	/** False when the zip could not be read at all or is over a size limit (no point checking its contents). */
	readable: boolean;
}

const MB = 1024 * 1024;
const mb = (bytes: number) => Math.ceil((bytes / MB) * 10) / 10;
const SYMLINK = 0o120000;

/** Why a path inside a package is unsafe, as a problem key; undefined when it is fine. */
export function unsafePathKey(path: string, limits: H5pLimits = H5P_LIMITS): string | undefined {
	// eslint-disable-next-line no-control-regex
	if (/[\u0000-\u001f]/.test(path)) return 'error_h5p_path_control';
	if (path.includes('\\')) return 'error_h5p_path_backslash';
	if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) return 'error_h5p_path_absolute';
	if (path.split('/').some((s) => s === '..' || s === '.')) return 'error_h5p_path_parent';
	if (path.length > limits.pathLength) return 'error_h5p_path_too_long';
	return undefined;
}

/** H5P core's rule: a path with a segment starting with "." or "_" is not part of the package. */
export function isReservedPath(path: string): boolean {
	return /(^[._]|\/[._])/.test(path);
}

export async function readZipEntries(bytes: Uint8Array, limits: H5pLimits = H5P_LIMITS): Promise<ZipReadResult> {
	const problems: H5pProblem[] = [];
	if (bytes.byteLength > limits.compressedBytes) {
		problems.push({ key: 'error_h5p_too_large', params: { size: mb(bytes.byteLength), max: mb(limits.compressedBytes) } });
		return { files: [], problems, readable: false };
	}
	let zip: yauzl.ZipFile;
	try {
		zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
			lazyEntries: true,
			autoClose: false,
			decodeStrings: false,
			validateEntrySizes: true,
			strictFileNames: true
		});
	} catch {
		problems.push({ key: 'error_h5p_not_zip' });
		return { files: [], problems, readable: false };
	}
	try {
		if (zip.entryCount > limits.entries) {
			problems.push({ key: 'error_h5p_too_many_entries', params: { count: zip.entryCount, max: limits.entries } });
			return { files: [], problems, readable: false };
		}
		const wanted: { path: string; entry: yauzl.Entry }[] = [];
		let declared = 0;
		try {
			await new Promise<void>((resolve, reject) => {
				zip.on('entry', (entry: yauzl.Entry) => {
					const raw = entry.fileName as unknown as Buffer;
					const path = yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, raw, entry.extraFields, true);
					declared += entry.uncompressedSize;
					const isDir = path.endsWith('/');
					const unsafe = unsafePathKey(isDir ? path.slice(0, -1) : path, limits);
					if (unsafe) problems.push({ key: unsafe, params: { path: printable(path) } });
					else if (!isDir && !isReservedPath(path)) {
						if (((entry.externalFileAttributes >>> 16) & 0o170000) === SYMLINK) {
							problems.push({ key: 'error_h5p_symlink', params: { path } });
						} else if (entry.isEncrypted()) {
							problems.push({ key: 'error_h5p_entry_damaged', params: { path } });
						} else wanted.push({ path, entry });
					}
					zip.readEntry();
				});
				zip.once('end', () => resolve());
				zip.once('error', reject);
				zip.readEntry();
			});
		} catch {
			problems.push({ key: 'error_h5p_zip_damaged' });
			return { files: [], problems, readable: false };
		}
		if (declared > limits.uncompressedBytes) {
			problems.push({ key: 'error_h5p_too_large_unpacked', params: { size: mb(declared), max: mb(limits.uncompressedBytes) } });
			return { files: [], problems, readable: false };
		}

		const files: ZipFileEntry[] = [];
		let inflated = 0;
		for (const { path, entry } of wanted) {
			const budget = limits.uncompressedBytes - inflated;
			const read = await readEntry(zip, entry, budget);
			if (read === 'over') {
				// The directory lied about the sizes: the real total is over the limit.
				problems.push({ key: 'error_h5p_too_large_unpacked', params: { size: `> ${mb(limits.uncompressedBytes)}`, max: mb(limits.uncompressedBytes) } });
				return { files: [], problems, readable: false };
			}
			if (read === 'damaged') {
				problems.push({ key: 'error_h5p_entry_damaged', params: { path } });
				continue;
			}
			inflated += read.byteLength;
			files.push({ path, data: read });
		}
		return { files, problems, readable: true };
	} finally {
		zip.close();
	}
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, budget: number): Promise<Uint8Array | 'over' | 'damaged'> {
	return new Promise((resolve) => {
		zip.openReadStream(entry, (err, stream) => {
			if (err || !stream) return resolve('damaged');
			const chunks: Buffer[] = [];
			let size = 0;
			let over = false;
			stream.on('data', (chunk: Buffer) => {
				size += chunk.length;
				if (size > budget) {
					over = true;
					stream.destroy();
					return;
				}
				chunks.push(chunk);
			});
			stream.on('close', () => {
				if (over) resolve('over');
			});
			stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
			stream.on('error', () => resolve(over ? 'over' : 'damaged'));
		});
	});
}

/** A path for a message: control characters shown as \u0000 so the message stays readable. */
function printable(path: string): string {
	// eslint-disable-next-line no-control-regex
	return path.replace(/[\u0000-\u001f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
