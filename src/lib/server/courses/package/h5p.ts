import { unzipSync, zipSync } from 'fflate';
import * as messages from '../../../paraglide/messages.js';
import type { H5pProblem } from '../../h5p/package';
import { DEFAULT_H5P_PASS_PERCENT, defaultCompletionFor, type H5pCompletion } from '../../h5p/activity-settings';
import { checkMinutes, checkRequired, list, quote, requiredText, type Bad, type Report } from './fields';
import type { PackageFiles } from './files';
import { YamlSource } from './yaml-source';

/**
 * H5P activities in the courses/ format (docs/course-format.md, "H5P activities"):
 * `NN-slug.h5p`, an .h5p file (a zip), or `NN-slug.h5p/`, the same package unzipped into a
 * folder so the course stays text in git; and beside either an optional `NN-slug.h5p.yaml`
 * with the lesson's settings. Reading here is synchronous and touches no database: the
 * package is only gathered (zipped, for a folder) and its title read. The whole package is
 * checked by h5p/package.ts's readH5pPackage when the course is imported (import.ts), with
 * every problem reported on the package's path.
 */

export const H5P_SETTINGS_KEYS = ['title', 'minutes', 'required', 'completion', 'pass_percent'];
export const DEFAULT_H5P_MINUTES = 10;

/** What a course file says of an H5P activity; the package itself is checked at import. */
export interface ParsedH5p {
	/** Path of the package in the course (`02-module/03-check.h5p`), for problems. */
	file: string;
	/** The .h5p bytes: the file as it is, or the folder zipped. */
	bytes: Uint8Array;
	/** From the settings file; null: the default for the main library. */
	completion: H5pCompletion | null;
	/** From the settings file; null: the default (50). */
	passPercent: number | null;
	/** The title from the settings file; null: h5p.json's title. */
	title: string | null;
}

/** A fixed time, so the same folder always zips to the same bytes (and the same hash). */
const MTIME = new Date('2020-01-01T00:00:00Z');

/** `NN-slug.h5p/...` entries of a module: the package folder's files by their path inside it. */
export function packFolder(files: PackageFiles, folderPath: string): Uint8Array {
	const entries: Record<string, Uint8Array> = {};
	const prefix = `${folderPath}/`;
	for (const [path, data] of files) if (path.startsWith(prefix)) entries[path.slice(prefix.length)] = data;
	return zipSync(entries, { level: 6, mtime: MTIME });
}

/** h5p.json's title, read without inflating the rest; undefined when it cannot be read (the import check says why). */
export function packageTitle(bytes: Uint8Array): string | undefined {
	try {
		const found = unzipSync(bytes, { filter: (f) => f.name === 'h5p.json' && f.originalSize < 1024 * 1024 });
		const json = found['h5p.json'];
		if (!json) return undefined;
		const parsed = JSON.parse(new TextDecoder().decode(json).replace(/^\uFEFF/, '')) as { title?: unknown };
		return typeof parsed.title === 'string' && parsed.title.trim() ? parsed.title.trim().slice(0, 200) : undefined;
	} catch {
		return undefined;
	}
}

/** The main library's machine name in h5p.json, for the default completion ('' when unreadable). */
export function packageMainLibrary(bytes: Uint8Array): string {
	try {
		const found = unzipSync(bytes, { filter: (f) => f.name === 'h5p.json' && f.originalSize < 1024 * 1024 });
		const parsed = JSON.parse(new TextDecoder().decode(found['h5p.json']!).replace(/^\uFEFF/, '')) as { mainLibrary?: unknown };
		return typeof parsed.mainLibrary === 'string' ? parsed.mainLibrary : '';
	} catch {
		return '';
	}
}

export interface H5pSettings {
	title: string | null;
	minutes: number;
	required: boolean;
	completion: H5pCompletion | null;
	passPercent: number | null;
}

/** `NN-slug.h5p.yaml`: every field optional. Undefined when it has problems (reported). */
export function parseH5pSettings(file: string, source: string | undefined, report: Report): H5pSettings | undefined {
	const defaults: H5pSettings = { title: null, minutes: DEFAULT_H5P_MINUTES, required: true, completion: null, passPercent: null };
	if (source === undefined) return defaults;
	const yaml = new YamlSource(source);
	for (const e of yaml.errors) report(file, e.message, e.line);
	if (yaml.errors.length) return undefined;
	if (yaml.doc.contents === null) return defaults;
	if (!yaml.isMapping) {
		report(file, 'must be a mapping of fields (minutes: ..., completion: ...)', 1);
		return undefined;
	}
	let failed = false;
	const bad: Bad = (key, message) => {
		failed = true;
		report(file, message, yaml.line(key));
	};
	for (const { key, line } of yaml.keys()) {
		if (!H5P_SETTINGS_KEYS.includes(key)) {
			failed = true;
			report(file, `unknown field ${quote(key)}; known fields: ${list(H5P_SETTINGS_KEYS)}`, line);
		}
	}
	const v = yaml.toJS();
	const title = v.title === undefined || v.title === null ? null : (requiredText(v.title, 'title', 200, bad) ?? null);
	const minutes = checkMinutes(v.minutes, bad, DEFAULT_H5P_MINUTES);
	const required = checkRequired(v.required, bad);
	let completion: H5pCompletion | null = null;
	if (v.completion !== undefined && v.completion !== null) {
		if (v.completion !== 'score' && v.completion !== 'view') {
			bad('completion', `completion must be score (passed at pass_percent) or view (complete when opened), not ${quote(v.completion)}`);
		} else completion = v.completion;
	}
	let passPercent: number | null = null;
	if (v.pass_percent !== undefined && v.pass_percent !== null) {
		const p = v.pass_percent;
		if (typeof p !== 'number' || !Number.isFinite(p) || p < 0 || p > 100) bad('pass_percent', `pass_percent must be a number from 0 to 100, not ${quote(p)}`);
		else passPercent = p;
	}
	if (failed) return undefined;
	return { title, minutes, required, completion, passPercent };
}

/** The item settings an activity gets: the file's, else the defaults for its main library. */
export function h5pItemSettings(parsed: Pick<ParsedH5p, 'completion' | 'passPercent'>, mainLibrary: string) {
	return {
		completion: parsed.completion ?? defaultCompletionFor(mainLibrary),
		passPercent: parsed.passPercent ?? DEFAULT_H5P_PASS_PERCENT
	};
}

/** The settings file an export writes beside a package: only what differs from the defaults; undefined for none. */
export function h5pSettingsSource(
	lesson: { title: string; minutes: number; required: boolean },
	item: { completion: H5pCompletion; passPercent: number },
	pkg: { title: string; mainLibrary: string }
): Record<string, unknown> | undefined {
	const source: Record<string, unknown> = {
		...(lesson.title !== pkg.title ? { title: lesson.title } : {}),
		...(lesson.minutes !== DEFAULT_H5P_MINUTES ? { minutes: lesson.minutes } : {}),
		...(lesson.required ? {} : { required: false }),
		...(item.completion !== defaultCompletionFor(pkg.mainLibrary) ? { completion: item.completion } : {}),
		...(item.passPercent !== DEFAULT_H5P_PASS_PERCENT ? { pass_percent: item.passPercent } : {})
	};
	return Object.keys(source).length ? source : undefined;
}

/** A package problem in words, in a given language (course files' problems are in English). */
export function h5pProblemText(problem: H5pProblem, locale: 'en' | 'ru'): string {
	const message = (messages as unknown as Record<string, unknown>)[problem.key] as ((params: Record<string, unknown>, options: { locale: 'en' | 'ru' }) => string) | undefined;
	return message ? message(problem.params ?? {}, { locale }) : problem.key;
}
