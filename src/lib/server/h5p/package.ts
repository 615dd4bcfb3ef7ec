import { createHash } from 'node:crypto';
import { z } from 'zod';
import { H5P_LIMITS, type H5pLimits } from './limits';
import { CONTENT_EXTENSIONS, LIBRARY_EXTENSIONS, extensionOf } from './mime';
import { readZipEntries, type ZipFileEntry } from './zip';

export { buildPackage, packDirectory } from './pack';

/** A library version as H5P names it: machineName and major.minor (the patch never matters for matching). */
export interface LibraryRef {
	machineName: string;
	majorVersion: number;
	minorVersion: number;
}

/** One reason a package is refused: an error_h5p_* message key and its parameters (render with t()). */
export interface H5pProblem {
	key: string;
	params?: Record<string, unknown>;
}

export interface H5pFile {
	/** Path inside its folder: 'images/cat.png' under content/, 'scripts/x.js' in a library folder. */
	path: string;
	data: Uint8Array;
}

export interface H5pPackageLibrary extends LibraryRef {
	patchVersion: number;
	title: string;
	runnable: boolean;
	/** library.json as read. */
	metadata: Record<string, unknown>;
	/** 'H5P.TrueFalse-1.6' */
	folder: string;
	/** Every file of the folder, library.json included. */
	files: H5pFile[];
	/** preloadedDependencies of library.json. */
	dependencies: LibraryRef[];
}

export interface H5pPackage {
	title: string;
	/** The main library with the version the package depends on. */
	mainLibrary: LibraryRef;
	/** h5p.json as read. */
	h5pJson: Record<string, unknown>;
	/** content/content.json as text. */
	contentJson: string;
	/** Files under content/ other than content.json. */
	contentFiles: H5pFile[];
	/** Library folders carried by the package. */
	libraries: H5pPackageLibrary[];
	/** Every library the content needs (preloaded dependencies followed recursively), packaged or installed. */
	closure: LibraryRef[];
	/** Bytes of the .h5p file and its sha256 (hex). */
	size: number;
	sha256: string;
}

/** Whether the site already has this library version (any patch). */
export type InstalledLookup = (machineName: string, majorVersion: number, minorVersion: number) => boolean;

export type ReadPackageResult = { ok: true; pkg: H5pPackage } | { ok: false; problems: H5pProblem[] };

/** 'H5P.TrueFalse-1.6' */
export function libraryFolder(ref: LibraryRef): string {
	return `${ref.machineName}-${ref.majorVersion}.${ref.minorVersion}`;
}

/** 'H5P.TrueFalse 1.6', as messages and h5p_content.main_library show it. */
export function libraryLabel(ref: LibraryRef): string {
	return `${ref.machineName} ${ref.majorVersion}.${ref.minorVersion}`;
}

/** Parses 'H5P.TrueFalse-1.6' into a ref; undefined when it is not such a name. */
export function parseLibraryFolder(folder: string): LibraryRef | undefined {
	const m = /^([A-Za-z][A-Za-z0-9._-]{0,126})-(\d{1,6})\.(\d{1,6})$/.exec(folder);
	return m ? { machineName: m[1]!, majorVersion: Number(m[2]), minorVersion: Number(m[3]) } : undefined;
}

/** More problems than this are summed up in one line ("… and 120 more problems"). */
export const MAX_LISTED_PROBLEMS = 50;

const MACHINE_NAME = /^[A-Za-z][A-Za-z0-9._-]{0,126}$/;
// H5P writes versions as numbers in library.json and as strings in h5p.json.
const Version = z.union([z.number().int().min(0).max(999999), z.string().regex(/^\d{1,6}$/).transform(Number)]);
const DependencySchema = z.object({
	machineName: z.string().regex(MACHINE_NAME),
	majorVersion: Version,
	minorVersion: Version
});
const NonEmpty = z.string().trim().min(1).max(1000);
const H5pJsonSchema = z.object({
	title: NonEmpty,
	language: NonEmpty,
	mainLibrary: z.string().regex(MACHINE_NAME),
	preloadedDependencies: z.array(DependencySchema).min(1).max(1000)
});
const LibraryJsonSchema = z.object({
	title: NonEmpty,
	machineName: z.string().regex(MACHINE_NAME),
	majorVersion: Version,
	minorVersion: Version,
	patchVersion: Version,
	runnable: z.union([z.boolean(), z.literal(0), z.literal(1)]).optional(),
	preloadedDependencies: z.array(DependencySchema).max(1000).optional()
});

/** A key for maps of library versions: name and major.minor. */
export const refKey = (ref: LibraryRef) => `${ref.machineName}\u0000${ref.majorVersion}.${ref.minorVersion}`;
const depRef = (d: z.infer<typeof DependencySchema>): LibraryRef => ({
	machineName: d.machineName,
	majorVersion: d.majorVersion,
	minorVersion: d.minorVersion
});

/**
 * The valid entries of a preloadedDependencies list (h5p.json or library.json, as stored), leniently:
 * used on metadata that was validated when it was installed.
 */
export function dependencyRefs(list: unknown): LibraryRef[] {
	if (!Array.isArray(list)) return [];
	return list.flatMap((d) => {
		const parsed = DependencySchema.safeParse(d);
		return parsed.success ? [depRef(parsed.data)] : [];
	});
}

/**
 * Reads and validates an .h5p package before anything is stored, collecting every problem:
 * the zip itself (size, entries, paths, file types; see zip.ts), h5p.json, content/content.json,
 * each library folder's library.json, and the preloaded dependencies followed recursively
 * through the packaged libraries. A dependency the package leaves out is fine when `installed`
 * says the site has that major.minor (see installedLibraries in store.ts).
 */
export async function readH5pPackage(
	bytes: Uint8Array,
	options: { installed?: InstalledLookup; limits?: H5pLimits } = {}
): Promise<ReadPackageResult> {
	const limits = options.limits ?? H5P_LIMITS;
	const zip = await readZipEntries(bytes, limits);
	const problems = [...zip.problems];
	if (!zip.readable) return refuse(problems);

	const byPath = new Map<string, Uint8Array>();
	const folders = new Map<string, ZipFileEntry[]>();
	const contentFiles: H5pFile[] = [];
	for (const file of zip.files) {
		const slash = file.path.indexOf('/');
		const top = slash < 0 ? file.path : file.path.slice(0, slash);
		const rest = slash < 0 ? '' : file.path.slice(slash + 1);
		const ext = extensionOf(file.path);
		const allowed = slash < 0 || top === 'content' ? CONTENT_EXTENSIONS : LIBRARY_EXTENSIONS;
		if (!allowed.includes(ext)) {
			problems.push(ext ? { key: 'error_h5p_file_type', params: { path: file.path, ext } } : { key: 'error_h5p_file_no_extension', params: { path: file.path } });
			continue;
		}
		byPath.set(file.path, file.data);
		if (slash < 0) continue; // h5p.json; other top-level files are not part of the content
		if (top === 'content') {
			if (rest !== 'content.json') contentFiles.push({ path: rest, data: file.data });
		} else {
			const list = folders.get(top) ?? [];
			list.push({ path: rest, data: file.data });
			folders.set(top, list);
		}
	}

	const h5pJson = readJson(byPath, 'h5p.json', 'error_h5p_json_missing', problems, limits);
	const h5p = h5pJson === undefined ? undefined : validate(H5pJsonSchema, h5pJson, 'h5p.json', problems);
	const contentJson = readText(byPath, 'content/content.json', 'error_h5p_content_missing', problems, limits);
	if (contentJson !== undefined) parseJson(contentJson, 'content/content.json', problems);

	const libraries = new Map<string, H5pPackageLibrary>();
	for (const [folder, files] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
		const library = readLibrary(folder, files, problems);
		if (!library) continue;
		const key = refKey(library);
		if (libraries.has(key)) problems.push({ key: 'error_h5p_library_twice', params: { library: libraryLabel(library) } });
		else libraries.set(key, library);
	}

	let mainLibrary: LibraryRef | undefined;
	let closure: LibraryRef[] = [];
	if (h5p) {
		const roots = h5p.preloadedDependencies.map(depRef);
		mainLibrary = roots.find((r) => r.machineName === h5p.mainLibrary);
		if (!mainLibrary) problems.push({ key: 'error_h5p_main_library_not_dependency', params: { library: h5p.mainLibrary } });
		closure = followDependencies(roots, libraries, options.installed, problems);
	}

	if (problems.length || !h5p || !mainLibrary || contentJson === undefined) return refuse(problems);
	return {
		ok: true,
		pkg: {
			title: h5p.title.trim(),
			mainLibrary,
			h5pJson: h5pJson as Record<string, unknown>,
			contentJson,
			contentFiles: contentFiles.sort((a, b) => a.path.localeCompare(b.path)),
			libraries: [...libraries.values()],
			closure,
			size: bytes.byteLength,
			sha256: createHash('sha256').update(bytes).digest('hex')
		}
	};
}

function refuse(problems: H5pProblem[]): ReadPackageResult {
	if (problems.length <= MAX_LISTED_PROBLEMS) return { ok: false, problems };
	return {
		ok: false,
		problems: [...problems.slice(0, MAX_LISTED_PROBLEMS), { key: 'error_h5p_more_problems', params: { count: problems.length - MAX_LISTED_PROBLEMS } }]
	};
}

/**
 * Walks the preloaded dependencies breadth first. A packaged library is followed through its
 * library.json; one the site has installed is taken as complete (it was checked when installed).
 * Each missing library is one problem naming it, its version and who needs it.
 */
function followDependencies(
	roots: LibraryRef[],
	packaged: Map<string, H5pPackageLibrary>,
	installed: InstalledLookup | undefined,
	problems: H5pProblem[]
): LibraryRef[] {
	const seen = new Map<string, LibraryRef>();
	const missing = new Set<string>();
	let queue = roots.map((ref) => ({ ref, by: null as LibraryRef | null }));
	// Each library is visited once, so cycles end and the walk is linear in the package's size.
	while (queue.length) {
		const next: typeof queue = [];
		for (const { ref, by } of queue) {
			const key = refKey(ref);
			if (seen.has(key) || missing.has(key)) continue;
			const library = packaged.get(key);
			if (library) {
				seen.set(key, ref);
				for (const dep of library.dependencies) next.push({ ref: dep, by: library });
			} else if (installed?.(ref.machineName, ref.majorVersion, ref.minorVersion)) {
				seen.set(key, ref);
			} else {
				missing.add(key);
				problems.push(
					by
						? { key: 'error_h5p_library_missing_for', params: { library: libraryLabel(ref), by: libraryLabel(by) } }
						: { key: 'error_h5p_library_missing', params: { library: libraryLabel(ref) } }
				);
			}
		}
		queue = next;
	}
	return [...seen.values()];
}

function readLibrary(folder: string, files: ZipFileEntry[], problems: H5pProblem[]): H5pPackageLibrary | undefined {
	const json = files.find((f) => f.path === 'library.json');
	if (!json) {
		problems.push({ key: 'error_h5p_library_json_missing', params: { folder } });
		return undefined;
	}
	const path = `${folder}/library.json`;
	const data = parseJson(decodeText(json.data), path, problems);
	if (data === undefined) return undefined;
	const lib = validate(LibraryJsonSchema, data, path, problems);
	if (!lib) return undefined;
	const ref = { machineName: lib.machineName, majorVersion: lib.majorVersion, minorVersion: lib.minorVersion };
	// H5P accepts a folder named after the machine name alone or with its major.minor.
	if (folder !== libraryFolder(ref) && folder !== ref.machineName) {
		problems.push({ key: 'error_h5p_library_folder_name', params: { folder, library: libraryLabel(ref), expected: libraryFolder(ref) } });
		return undefined;
	}
	return {
		...ref,
		patchVersion: lib.patchVersion,
		title: lib.title.trim(),
		runnable: lib.runnable === true || lib.runnable === 1,
		metadata: data as Record<string, unknown>,
		folder: libraryFolder(ref),
		files: files.sort((a, b) => a.path.localeCompare(b.path)),
		dependencies: (lib.preloadedDependencies ?? []).map(depRef)
	};
}

function validate<T extends z.ZodType>(schema: T, data: unknown, path: string, problems: H5pProblem[]): z.infer<T> | undefined {
	const parsed = schema.safeParse(data);
	if (parsed.success) return parsed.data;
	const fields = new Set<string>();
	for (const issue of parsed.error.issues) {
		const field = issue.path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${String(p)}` : String(p)), '');
		fields.add(field || '(top level)');
	}
	for (const field of fields) problems.push({ key: 'error_h5p_json_field', params: { path, field } });
	return undefined;
}

function readText(byPath: Map<string, Uint8Array>, path: string, missingKey: string, problems: H5pProblem[], limits: H5pLimits): string | undefined {
	const data = byPath.get(path);
	if (!data) {
		problems.push({ key: missingKey });
		return undefined;
	}
	if (data.byteLength > limits.jsonBytes) {
		problems.push({ key: 'error_h5p_json_too_large', params: { path, max: limits.jsonBytes / 1024 / 1024 } });
		return undefined;
	}
	return decodeText(data);
}

function readJson(byPath: Map<string, Uint8Array>, path: string, missingKey: string, problems: H5pProblem[], limits: H5pLimits): unknown {
	const text = readText(byPath, path, missingKey, problems, limits);
	return text === undefined ? undefined : parseJson(text, path, problems);
}

function parseJson(text: string, path: string, problems: H5pProblem[]): unknown {
	try {
		return JSON.parse(text) as unknown;
	} catch {
		problems.push({ key: 'error_h5p_json_syntax', params: { path } });
		return undefined;
	}
}

/** UTF-8 without a byte order mark (some editors write one). */
function decodeText(data: Uint8Array): string {
	return new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, '');
}
