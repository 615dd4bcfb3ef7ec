import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import { describe, expect, it } from 'vitest';
import { H5P_LIMITS } from '../../../src/lib/server/h5p/limits';
import {
	MAX_LISTED_PROBLEMS,
	libraryFolder,
	libraryLabel,
	parseLibraryFolder,
	readH5pPackage,
	type H5pProblem,
	type ReadPackageResult
} from '../../../src/lib/server/h5p/package';
import { t } from '../../../src/lib/i18n/t';
// H5P package problems are shown by the H5P editor, which loads their messages.
import '../../../src/lib/i18n/errors-h5p';
import { json, makePackage, packageFiles, zip } from './h5p-zips';

/**
 * Validation of .h5p packages before anything is stored: every refused case of the issue's
 * "Bad input" (not a zip, no h5p.json, a missing library, .php/.exe, ../ and absolute paths, too
 * large unpacked) and the rest of the checks, each listing every problem with names and versions.
 */

const problemsOf = (r: ReadPackageResult) => (r.ok ? [] : r.problems);
const keysOf = (r: ReadPackageResult) => problemsOf(r).map((p) => p.key);
const say = (problems: H5pProblem[]) => problems.map((p) => t(p.key, p.params));
const enc = (s: string) => new TextEncoder().encode(s);

describe('a good package', () => {
	it('is read with its title, main library, content, files and library closure', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
		const result = await readH5pPackage(makePackage({ contentFiles: { 'images/sky.png': png } }));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const { pkg } = result;
		expect(pkg.title).toBe('A test quiz');
		expect(pkg.mainLibrary).toEqual({ machineName: 'Test.Quiz', majorVersion: 1, minorVersion: 2 });
		expect(JSON.parse(pkg.contentJson)).toEqual({ question: 'Is the sky blue?', correct: true });
		expect(pkg.contentFiles).toEqual([{ path: 'images/sky.png', data: png }]);
		expect(pkg.libraries.map((l) => [l.folder, l.patchVersion, l.runnable, l.files.map((f) => f.path)])).toEqual([
			['Test.Base-1.0', 0, false, ['library.json', 'scripts/main.js']],
			['Test.Quiz-1.2', 3, true, ['library.json', 'scripts/main.js']]
		]);
		expect(pkg.closure.map(libraryLabel).sort()).toEqual(['Test.Base 1.0', 'Test.Quiz 1.2']);
		expect(pkg.sha256).toMatch(/^[0-9a-f]{64}$/);
	});

	it('may leave out libraries the site has installed', async () => {
		const bytes = makePackage({ libraries: [{ machineName: 'Test.Quiz', major: 1, minor: 2, deps: [['Test.Base', 1, 0]] }] });
		expect(keysOf(await readH5pPackage(bytes))).toEqual(['error_h5p_library_missing_for']);
		const installed = (name: string, major: number, minor: number) => name === 'Test.Base' && major === 1 && minor === 0;
		const result = await readH5pPackage(bytes, { installed });
		expect(result.ok).toBe(true);
	});

	it('skips reserved entries (hidden files, __MACOSX) and accepts a folder named by machine name only', async () => {
		const files = packageFiles({});
		files['__MACOSX/._h5p.json'] = enc('junk');
		files['.DS_Store'] = enc('junk');
		files['Test.Base/library.json'] = files['Test.Base-1.0/library.json']!;
		files['Test.Base/scripts/main.js'] = files['Test.Base-1.0/scripts/main.js']!;
		delete files['Test.Base-1.0/library.json'];
		delete files['Test.Base-1.0/scripts/main.js'];
		const result = await readH5pPackage(zip(files));
		expect(problemsOf(result)).toEqual([]);
		expect(result.ok && result.pkg.libraries.map((l) => l.folder).sort()).toEqual(['Test.Base-1.0', 'Test.Quiz-1.2']);
	});

	it('follows dependency cycles without looping', async () => {
		const result = await readH5pPackage(
			makePackage({
				libraries: [
					{ machineName: 'Test.Quiz', major: 1, minor: 2, deps: [['Test.Base', 1, 0]] },
					{ machineName: 'Test.Base', major: 1, minor: 0, deps: [['Test.Quiz', 1, 2]] }
				]
			})
		);
		expect(result.ok).toBe(true);
	});
});

describe('refused packages (nothing is stored: the reader only reads)', () => {
	it('refuses a file that is not a zip', async () => {
		const result = await readH5pPackage(enc('%PDF-1.4 this is not a zip'));
		expect(keysOf(result)).toEqual(['error_h5p_not_zip']);
		expect(say(problemsOf(result))).toEqual(['The file is not an H5P package: an .h5p file is a zip archive.']);
		expect(keysOf(await readH5pPackage(new Uint8Array()))).toEqual(['error_h5p_not_zip']);
	});

	it('refuses a package without h5p.json', async () => {
		const files = packageFiles({});
		delete files['h5p.json'];
		const result = await readH5pPackage(zip(files));
		expect(say(problemsOf(result))).toEqual(['The package has no h5p.json.']);
	});

	it('refuses a package that misses libraries, naming each with its version and who needs it', async () => {
		const result = await readH5pPackage(
			makePackage({
				deps: [['Test.Quiz', 1, 2], ['H5P.FontIcons', 1, 0]],
				libraries: [{ machineName: 'Test.Quiz', major: 1, minor: 2, deps: [['H5P.Question', 1, 5], ['Test.Base', 1, 0]] }]
			})
		);
		expect(say(problemsOf(result)).sort()).toEqual([
			'Missing library H5P.FontIcons 1.0.',
			'Missing library H5P.Question 1.5 (needed by Test.Quiz 1.2).',
			'Missing library Test.Base 1.0 (needed by Test.Quiz 1.2).'
		]);
	});

	it('refuses a library present only in another major.minor version', async () => {
		const result = await readH5pPackage(
			makePackage({
				libraries: [
					{ machineName: 'Test.Quiz', major: 1, minor: 2, deps: [['Test.Base', 1, 0]] },
					{ machineName: 'Test.Base', major: 1, minor: 1 }
				]
			})
		);
		expect(say(problemsOf(result))).toEqual(['Missing library Test.Base 1.0 (needed by Test.Quiz 1.2).']);
	});

	it('refuses a .php or .exe file, wherever it is', async () => {
		const files = packageFiles({});
		files['content/shell.php'] = enc('<?php system($_GET["c"]);');
		files['Test.Quiz-1.2/tool.exe'] = new Uint8Array([0x4d, 0x5a]);
		files['Test.Quiz-1.2/README'] = enc('no extension');
		const result = await readH5pPackage(zip(files));
		expect(say(problemsOf(result))).toEqual([
			'“content/shell.php”: files of type .php are not allowed in an H5P package.',
			'“Test.Quiz-1.2/README”: a file without an extension is not allowed in an H5P package.',
			'“Test.Quiz-1.2/tool.exe”: files of type .exe are not allowed in an H5P package.'
		].sort((a, b) => keysOrder(a, b, result)));
	});

	it('allows scripts in libraries but not in content', async () => {
		const files = packageFiles({});
		files['content/evil.js'] = enc('alert(1)');
		files['content/evil.css'] = enc('body{}');
		const result = await readH5pPackage(zip(files));
		expect(problemsOf(result).map((p) => p.params?.path)).toEqual(['content/evil.js', 'content/evil.css']);
	});

	it('refuses paths that escape the package: ../, absolute, drive letters, backslashes, NUL', async () => {
		const files = packageFiles({});
		files['../../x.json'] = enc('{}');
		files['content/../../etc/y.json'] = enc('{}');
		files['/etc/passwd.txt'] = enc('root');
		files['C:/Windows/z.txt'] = enc('z');
		files['content\\images\\w.png'] = enc('w');
		files['content/nul\u0000.png.txt'] = enc('n');
		const result = await readH5pPackage(zip(files));
		expect(problemsOf(result)).toEqual(
			expect.arrayContaining([
				{ key: 'error_h5p_path_parent', params: { path: '../../x.json' } },
				{ key: 'error_h5p_path_parent', params: { path: 'content/../../etc/y.json' } },
				{ key: 'error_h5p_path_absolute', params: { path: '/etc/passwd.txt' } },
				{ key: 'error_h5p_path_absolute', params: { path: 'C:/Windows/z.txt' } },
				{ key: 'error_h5p_path_backslash', params: { path: 'content\\images\\w.png' } },
				{ key: 'error_h5p_path_control', params: { path: 'content/nul\\u0000.png.txt' } }
			])
		);
		expect(problemsOf(result)).toHaveLength(6);
		expect(say(problemsOf(result))).toContain('“../../x.json” uses “..” or “.”: every path must stay inside the package.');
	});

	it('refuses symbolic links', async () => {
		const files = packageFiles({});
		const tree: Zippable = { ...files, 'content/link.json': [enc('/etc/passwd'), { os: 3, attrs: (0o120777 << 16) >>> 0 }] };
		const result = await readH5pPackage(zipSync(tree));
		expect(say(problemsOf(result))).toEqual(['“content/link.json” is a symbolic link: links are not allowed in a package.']);
	});

	it('refuses a package over the compressed limit without reading it', async () => {
		const bytes = makePackage({});
		const result = await readH5pPackage(bytes, { limits: { ...H5P_LIMITS, compressedBytes: bytes.byteLength - 1 } });
		expect(keysOf(result)).toEqual(['error_h5p_too_large']);
	});

	it('refuses a package that expands past the limit (a zip bomb), from the sizes the zip declares', async () => {
		const files = packageFiles({});
		files['content/zeros.txt'] = new Uint8Array(3 * 1024 * 1024);
		const bytes = zip(files);
		expect(bytes.byteLength).toBeLessThan(100 * 1024);
		const result = await readH5pPackage(bytes, { limits: { ...H5P_LIMITS, uncompressedBytes: 2 * 1024 * 1024 } });
		expect(keysOf(result)).toEqual(['error_h5p_too_large_unpacked']);
		expect(say(problemsOf(result))).toEqual(['Unpacked, the package would take 3.1 MB: the limit is 2 MB.']);
	});

	it('refuses a zip bomb whose headers lie about the sizes, while inflating', async () => {
		const files = packageFiles({});
		files['content/zeros.txt'] = new Uint8Array(3 * 1024 * 1024);
		const bytes = lieAboutSizes(zip(files), 'content/zeros.txt', 10);
		const result = await readH5pPackage(bytes, { limits: { ...H5P_LIMITS, uncompressedBytes: 2 * 1024 * 1024 } });
		expect(result.ok).toBe(false);
		expect(problemsOf(result)).toContainEqual({ key: 'error_h5p_entry_damaged', params: { path: 'content/zeros.txt' } });
	});

	it('refuses a package with too many entries', async () => {
		const files = packageFiles({});
		for (let i = 0; i < 30; i++) files[`content/f${i}.txt`] = enc(String(i));
		const result = await readH5pPackage(zip(files), { limits: { ...H5P_LIMITS, entries: 20 } });
		expect(keysOf(result)).toEqual(['error_h5p_too_many_entries']);
	});

	it('refuses h5p.json that is not JSON, and content without content.json', async () => {
		const files = packageFiles({});
		files['h5p.json'] = enc('{"title": ');
		delete files['content/content.json'];
		const result = await readH5pPackage(zip(files));
		expect(say(problemsOf(result))).toEqual(['“h5p.json” is not valid JSON.', 'The package has no content/content.json.']);
	});

	it('refuses content.json that is not JSON', async () => {
		const files = packageFiles({});
		files['content/content.json'] = enc('nope');
		expect(keysOf(await readH5pPackage(zip(files)))).toEqual(['error_h5p_json_syntax']);
	});

	it('names each invalid field of h5p.json', async () => {
		const files = packageFiles({});
		files['h5p.json'] = json({ title: '', mainLibrary: 'Test.Quiz', preloadedDependencies: [{ machineName: 'Test.Quiz', majorVersion: 'one', minorVersion: 2 }] });
		const result = await readH5pPackage(zip(files));
		expect(problemsOf(result)).toEqual([
			{ key: 'error_h5p_json_field', params: { path: 'h5p.json', field: 'title' } },
			{ key: 'error_h5p_json_field', params: { path: 'h5p.json', field: 'language' } },
			{ key: 'error_h5p_json_field', params: { path: 'h5p.json', field: 'preloadedDependencies[0].majorVersion' } }
		]);
		expect(say(problemsOf(result))[0]).toBe('“h5p.json”: title is missing or invalid.');
	});

	it('refuses a main library that is not among the dependencies', async () => {
		const files = packageFiles({});
		const h5p = JSON.parse(new TextDecoder().decode(files['h5p.json']));
		files['h5p.json'] = json({ ...h5p, mainLibrary: 'Test.Other' });
		const result = await readH5pPackage(zip(files));
		expect(say(problemsOf(result))).toEqual(['The main library Test.Other is not among the preloaded dependencies in h5p.json.']);
	});

	it('refuses invalid library.json, a folder without one, a folder with the wrong name', async () => {
		const files = packageFiles({});
		files['Test.Base-1.0/library.json'] = json({ machineName: 'Test.Base', majorVersion: 1, minorVersion: 0 });
		files['Stray-1.0/scripts/a.js'] = enc('');
		files['Wrong-2.0/library.json'] = json({ title: 'W', machineName: 'Right', majorVersion: 2, minorVersion: 0, patchVersion: 0 });
		const result = await readH5pPackage(zip(files));
		expect(say(problemsOf(result))).toEqual([
			'The folder “Stray-1.0” has no library.json.',
			'“Test.Base-1.0/library.json”: title is missing or invalid.',
			'“Test.Base-1.0/library.json”: patchVersion is missing or invalid.',
			'The folder “Wrong-2.0” holds Right 2.0: it must be named “Right-2.0”.',
			'Missing library Test.Base 1.0 (needed by Test.Quiz 1.2).'
		]);
	});

	it('lists every problem of a package at once, and sums up beyond the first fifty', async () => {
		const files = packageFiles({});
		delete files['h5p.json'];
		files['content/a.php'] = enc('');
		files['../b.json'] = enc('{}');
		const result = await readH5pPackage(zip(files));
		expect(keysOf(result).sort()).toEqual(['error_h5p_file_type', 'error_h5p_json_missing', 'error_h5p_path_parent']);

		const many = packageFiles({});
		for (let i = 0; i < 80; i++) many[`content/x${i}.exe`] = enc('');
		const tooMany = problemsOf(await readH5pPackage(zip(many)));
		expect(tooMany).toHaveLength(MAX_LISTED_PROBLEMS + 1);
		expect(say(tooMany.slice(-1))).toEqual(['… and 30 more problems.']);
	});
});

describe('library folder names', () => {
	it('round-trips Name-M.m and rejects other names', () => {
		const ref = { machineName: 'H5P.TrueFalse', majorVersion: 1, minorVersion: 6 };
		expect(libraryFolder(ref)).toBe('H5P.TrueFalse-1.6');
		expect(parseLibraryFolder('H5P.TrueFalse-1.6')).toEqual(ref);
		for (const bad of ['H5P.TrueFalse', '../x-1.0', 'H5P.TrueFalse-1', 'H5P.TrueFalse-1.6/x', '-1.0']) {
			expect(parseLibraryFolder(bad), bad).toBeUndefined();
		}
	});
});

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/h5p');
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`H5P fixtures not found at ${FIXTURES}: skipping the tests of real packages`);

describe.skipIf(!haveFixtures)('the real packages in ../shared/fixtures/h5p', () => {
	const names = haveFixtures ? readdirSync(FIXTURES).filter((n) => n.endsWith('.h5p')) : [];
	it.each(names)('%s validates', async (name) => {
		const result = await readH5pPackage(new Uint8Array(readFileSync(join(FIXTURES, name))));
		expect(problemsOf(result)).toEqual([]);
		if (!result.ok) return;
		const packaged = new Set(result.pkg.libraries.map(libraryLabel));
		for (const ref of result.pkg.closure) expect(packaged.has(libraryLabel(ref))).toBe(true);
		expect(result.pkg.closure.map((r) => r.machineName)).toContain(result.pkg.mainLibrary.machineName);
	});
});

/** Keeps the order the reader reports in (zip order), for comparing message lists. */
function keysOrder(a: string, b: string, result: ReadPackageResult) {
	const said = say(problemsOf(result));
	return said.indexOf(a) - said.indexOf(b);
}

/** Rewrites the declared uncompressed size of one entry in both its local and central headers. */
function lieAboutSizes(bytes: Uint8Array, name: string, size: number): Uint8Array {
	const out = bytes.slice();
	const view = new DataView(out.buffer);
	const nameBytes = enc(name);
	for (let i = 0; i < out.length - 46; i++) {
		const sig = view.getUint32(i, true);
		if (sig === 0x04034b50 || sig === 0x02014b50) {
			const central = sig === 0x02014b50;
			const nameLen = view.getUint16(i + (central ? 28 : 26), true);
			const start = i + (central ? 46 : 30);
			const entryName = out.subarray(start, start + nameLen);
			if (nameLen === nameBytes.length && entryName.every((b, k) => b === nameBytes[k])) {
				view.setUint32(i + (central ? 24 : 22), size, true);
			}
		}
	}
	return out;
}

