import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';

/**
 * H5P packages for tests, built from the sample course's own Bilim.SelfCheck packages
 * (courses/calp-leadership), so they work on a fresh machine without ../shared.
 */

const enc = (s: string) => new TextEncoder().encode(s);
export const SAMPLE_COURSE = join(import.meta.dirname, '..', 'courses', 'calp-leadership');
export const SCORED_SAMPLE = join(SAMPLE_COURSE, '03-climate-adaptation-drr', '05-early-warning-self-check.h5p');
export const REFLECTION_SAMPLE = join(SAMPLE_COURSE, '01-sustainable-development', '04-reflect-on-your-role.h5p');
/** The real H5P packages, when ../shared is present (test data only, never copied). */
export const FIXTURES = join(import.meta.dirname, '..', '..', 'shared', 'fixtures', 'h5p');

/** Every file of a folder, by its path inside it. */
export function folderFiles(dir: string, prefix = ''): Record<string, Uint8Array> {
	const out: Record<string, Uint8Array> = {};
	for (const name of readdirSync(dir).sort()) {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) Object.assign(out, folderFiles(path, `${prefix}${name}/`));
		else out[`${prefix}${name}`] = new Uint8Array(readFileSync(path));
	}
	return out;
}

/**
 * The scored sample as .h5p bytes; `library` renames its library (a version the site does
 * not have yet), `title` changes h5p.json's title, `extra` adds or replaces entries, and
 * `withoutLibrary` leaves the library folder out (for a site that has it).
 */
export function samplePackage(
	options: { library?: string; title?: string; extra?: Record<string, Uint8Array | string>; withoutLibrary?: boolean } = {}
): Uint8Array {
	const files = folderFiles(SCORED_SAMPLE);
	const name = options.library ?? 'Bilim.SelfCheck';
	const h5p = JSON.parse(new TextDecoder().decode(files['h5p.json']!));
	h5p.mainLibrary = name;
	h5p.preloadedDependencies = [{ machineName: name, majorVersion: 1, minorVersion: 0 }];
	if (options.title) h5p.title = options.title;
	files['h5p.json'] = enc(JSON.stringify(h5p));
	for (const path of Object.keys(files).filter((p) => p.startsWith('Bilim.SelfCheck-1.0/'))) {
		const data = files[path]!;
		delete files[path];
		if (options.withoutLibrary) continue;
		const rest = path.slice('Bilim.SelfCheck-1.0/'.length);
		if (rest === 'library.json') {
			const library = JSON.parse(new TextDecoder().decode(data));
			library.machineName = name;
			files[`${name}-1.0/library.json`] = enc(JSON.stringify(library));
		} else files[`${name}-1.0/${rest}`] = data;
	}
	for (const [path, data] of Object.entries(options.extra ?? {})) files[path] = typeof data === 'string' ? enc(data) : data;
	return zipSync(files, { level: 6 });
}
