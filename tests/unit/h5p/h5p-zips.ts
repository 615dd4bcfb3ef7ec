import { zipSync, type Zippable } from 'fflate';

/** Builders of small .h5p packages in memory, for tests of validation and storage. */

const enc = (s: string) => new TextEncoder().encode(s);
export const json = (v: unknown) => enc(JSON.stringify(v));

export interface LibSpec {
	machineName: string;
	major: number;
	minor: number;
	patch?: number;
	deps?: [string, number, number][];
	runnable?: boolean;
	/** Extra files of the folder, path -> text. */
	files?: Record<string, string>;
}

export function libraryJson(lib: LibSpec) {
	return {
		title: `${lib.machineName} library`,
		machineName: lib.machineName,
		majorVersion: lib.major,
		minorVersion: lib.minor,
		patchVersion: lib.patch ?? 0,
		runnable: lib.runnable ? 1 : 0,
		preloadedJs: [{ path: 'scripts/main.js' }],
		preloadedDependencies: (lib.deps ?? []).map(([machineName, majorVersion, minorVersion]) => ({ machineName, majorVersion, minorVersion }))
	};
}

/** The files of a package: h5p.json naming `main` and its deps as strings (as H5P writes them). */
export function packageFiles(options: {
	title?: string;
	main?: [string, number, number];
	deps?: [string, number, number][];
	libraries?: LibSpec[];
	content?: unknown;
	contentFiles?: Record<string, Uint8Array>;
}): Record<string, Uint8Array> {
	const main = options.main ?? ['Test.Quiz', 1, 2];
	const deps = options.deps ?? [main];
	const files: Record<string, Uint8Array> = {
		'h5p.json': json({
			title: options.title ?? 'A test quiz',
			language: 'en',
			mainLibrary: main[0],
			embedTypes: ['iframe'],
			preloadedDependencies: deps.map(([machineName, major, minor]) => ({ machineName, majorVersion: String(major), minorVersion: String(minor) }))
		}),
		'content/content.json': json(options.content ?? { question: 'Is the sky blue?', correct: true })
	};
	for (const [path, data] of Object.entries(options.contentFiles ?? {})) files[`content/${path}`] = data;
	const libraries = options.libraries ?? [
		{ machineName: 'Test.Quiz', major: 1, minor: 2, patch: 3, runnable: true, deps: [['Test.Base', 1, 0]] },
		{ machineName: 'Test.Base', major: 1, minor: 0 }
	];
	for (const lib of libraries) {
		const folder = `${lib.machineName}-${lib.major}.${lib.minor}`;
		files[`${folder}/library.json`] = json(libraryJson(lib));
		files[`${folder}/scripts/main.js`] = enc(`/* ${lib.machineName} ${lib.major}.${lib.minor}.${lib.patch ?? 0} */`);
		for (const [path, text] of Object.entries(lib.files ?? {})) files[`${folder}/${path}`] = enc(text);
	}
	return files;
}

export function zip(files: Record<string, Uint8Array>): Uint8Array {
	const tree: Zippable = {};
	for (const [path, data] of Object.entries(files)) tree[path] = data;
	return zipSync(tree);
}

export const makePackage = (options: Parameters<typeof packageFiles>[0] = {}) => zip(packageFiles(options));
