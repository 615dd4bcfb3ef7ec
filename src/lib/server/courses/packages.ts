import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Database } from '../db/connect';
import { CoursePackageError, readCourseDirectory, readCourseZip, zipNameToSlug, type PackageFiles, type Problem } from './package/files';
import { formatProblem, parseCoursePackage } from './package/parse';
import { importCourse, packageHash, type ImportResult } from './import';

export { CoursePackageError };

function check(files: PackageFiles, slug: string, readProblems: Problem[], label: string) {
	const parsed = readProblems.length ? { problems: readProblems } : parseCoursePackage(files, slug);
	if (!parsed.course || parsed.problems.length) {
		throw new CoursePackageError(parsed.problems.map((p) => formatProblem(p, label)));
	}
	return parsed.course;
}

/** Imports one course folder. Checks everything first; writes in one transaction. */
export async function importCourseFolder(
	db: Database,
	dir: string,
	options: { userId?: string | null; label?: string } = {}
): Promise<ImportResult> {
	const { files, problems } = await readCourseDirectory(dir);
	const slug = basename(dir.replace(/\/+$/, ''));
	const label = options.label ?? dir.replace(/\/+$/, '');
	const course = check(files, slug, problems, label);
	return db
		.transaction()
		.execute((trx) => importCourse(trx, course, { userId: options.userId ?? null, sourceHash: packageHash(files), label }));
}

/** Imports a course zip (one course folder, or the course's files at the root). */
export async function importCourseZip(
	db: Database,
	data: Uint8Array,
	filename: string,
	options: { userId?: string | null; beforeWrite?: (slug: string, db: Database) => Promise<void> } = {}
): Promise<ImportResult> {
	const { slug, files, problems } = await readCourseZip(data, zipNameToSlug(filename));
	const course = check(files, slug, problems, basename(filename));
	return db.transaction().execute(async (trx) => {
		await options.beforeWrite?.(course.slug, trx);
		return importCourse(trx, course, { userId: options.userId ?? null, sourceHash: packageHash(files), label: basename(filename) });
	});
}

export async function isCourseFolder(dir: string) {
	return stat(join(dir, 'course.yaml')).then(
		(s) => s.isFile(),
		() => false
	);
}

/** The course folders in a folder of courses (those holding a course.yaml), sorted. */
export async function listCourseFolders(dir: string): Promise<string[]> {
	const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
	const folders: string[] = [];
	for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
		if (entry.isDirectory() && !entry.name.startsWith('.') && (await isCourseFolder(join(dir, entry.name)))) {
			folders.push(join(dir, entry.name));
		}
	}
	return folders;
}

export type StartupImport =
	| { slug: string; status: 'imported'; result: ImportResult }
	| { slug: string; status: 'unchanged' }
	| { slug: string; status: 'failed'; problems: string[] };

/**
 * At start-up: imports each course folder in `dir` that is new or whose files changed
 * since it was last imported (by hash). Unchanged folders are skipped, so edits made in
 * the browser survive a restart. A broken folder is reported and skipped.
 */
export async function importCoursesAtStartup(db: Database, dir: string): Promise<StartupImport[]> {
	const results: StartupImport[] = [];
	for (const folder of await listCourseFolders(dir)) {
		const slug = basename(folder);
		const { files, problems } = await readCourseDirectory(folder);
		const hash = packageHash(files);
		const current = await db.selectFrom('course').select('sourceHash').where('slug', '=', slug).executeTakeFirst();
		if (current && current.sourceHash === hash) {
			results.push({ slug, status: 'unchanged' });
			continue;
		}
		try {
			const label = join(basename(dir), slug);
			const course = check(files, slug, problems, label);
			const result = await db
				.transaction()
				.execute((trx) => importCourse(trx, course, { userId: null, sourceHash: hash, label }));
			results.push({ slug, status: 'imported', result });
		} catch (e) {
			if (!(e instanceof CoursePackageError)) throw e;
			results.push({ slug, status: 'failed', problems: e.problems });
		}
	}
	return results;
}
