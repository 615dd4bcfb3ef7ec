import { sql, type Transaction } from 'kysely';
import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { DB, LessonItemKind } from '../db/schema';
import { quizToYaml } from '../quizzes/yaml';
import type { Quiz } from '../quizzes/model';
import { readH5pPackage, type H5pPackage, type LibraryRef } from '../h5p/package';
import { installPackage, installedLibraries } from '../h5p/store';
import { CoursePackageError, type PackageFiles } from './package/files';
import { h5pItemSettings, h5pProblemText } from './package/h5p';
import type { ParsedCourse, ParsedLesson } from './package/parse';
import { refreshCourseSearch } from './search';

export interface ImportResult {
	courseId: string;
	slug: string;
	created: boolean;
	lessons: { created: number; updated: number; unchanged: number; removed: number };
	/** H5P libraries the course's new packages brought that wait for an administrator (untrusted imports only). */
	pendingLibraries: LibraryRef[];
}

export interface ImportOptions {
	userId: string | null;
	sourceHash: string | null;
	/**
	 * Whether new H5P library versions the course brings are approved at once: true for the
	 * courses/ folder, the CLI and administrators (the default); false for an author's upload,
	 * whose new libraries then wait for an administrator (docs/h5p.md).
	 */
	trusted?: boolean;
	/** How problems name the course (`courses/calp-leadership`); default: the slug. */
	label?: string;
}

/**
 * Every H5P package of the course, checked whole (docs/h5p.md) before anything is written:
 * all problems of all packages, each on the package's path. Libraries the site already has
 * may be left out of a package.
 */
async function checkH5pPackages(trx: Transaction<DB>, course: ParsedCourse, label: string): Promise<Map<string, H5pPackage>> {
	const lessons = course.modules.flatMap((m) => m.lessons).filter((l) => l.kind === 'h5p');
	const packages = new Map<string, H5pPackage>();
	if (!lessons.length) return packages;
	const installed = await installedLibraries(trx);
	const problems: string[] = [];
	for (const lesson of lessons) {
		const read = await readH5pPackage(lesson.data.bytes, { installed });
		if (read.ok) packages.set(lesson.slug, read.pkg);
		else for (const problem of read.problems) problems.push(`${label}/${lesson.data.file}: ${h5pProblemText(problem, 'en')}`);
	}
	if (problems.length) throw new CoursePackageError(problems);
	return packages;
}

/** A fingerprint of a course folder: the same files give the same hash. */
export function packageHash(files: PackageFiles): string {
	const hash = createHash('sha256');
	for (const path of [...files.keys()].sort()) {
		hash.update(path).update('\0').update(files.get(path)!).update('\0');
	}
	return hash.digest('hex');
}

export function sha256(data: Uint8Array) {
	return createHash('sha256').update(data).digest('hex');
}

/**
 * Writes a checked course into the database, updating in place by slug: modules and
 * lessons are matched by slug, so a lesson whose slug did not change keeps its id (and
 * learners' records). Runs in the caller's transaction; call parseCoursePackage first.
 */
export async function importCourse(
	trx: Transaction<DB>,
	course: ParsedCourse,
	options: ImportOptions
): Promise<ImportResult> {
	const h5pPackages = await checkH5pPackages(trx, course, options.label ?? course.slug);
	const pendingLibraries: LibraryRef[] = [];
	const organisationId = course.organisation ? await findOrCreateOrganisation(trx, course.organisation) : null;
	const existing = await trx
		.selectFrom('course')
		.select(['id', 'status', 'publishedAt', 'organisationId'])
		.where('slug', '=', course.slug)
		.forUpdate()
		.executeTakeFirst();

	const fields = {
		title: course.title,
		summary: course.summary,
		description: course.description,
		language: course.language,
		thematicAreas: course.thematicAreas,
		level: course.level,
		estimatedHours: course.estimatedHours,
		outcomes: JSON.stringify(course.outcomes),
		licence: course.licence,
		authors: JSON.stringify(course.authors),
		status: course.status,
		access: course.access,
		completionRules: course.completion ? JSON.stringify(course.completion) : null,
		sourceHash: options.sourceHash
	};
	const publishedAt =
		course.status === 'published' ? (existing?.publishedAt ?? new Date()) : (existing?.publishedAt ?? null);
	let courseId: string;
	if (existing) {
		courseId = existing.id;
		await trx
			.updateTable('course')
			.set({ ...fields, organisationId: organisationId ?? existing.organisationId, publishedAt, updatedAt: sql`now()` })
			.where('id', '=', courseId)
			.execute();
	} else {
		({ id: courseId } = await trx
			.insertInto('course')
			.values({ ...fields, slug: course.slug, organisationId, publishedAt, createdBy: options.userId })
			.returning('id')
			.executeTakeFirstOrThrow());
	}

	const assetIds = await syncAssets(trx, courseId, course, options.userId);
	await trx
		.updateTable('course')
		.set({ coverAssetId: course.cover ? (assetIds.get(course.cover) ?? null) : null })
		.where('id', '=', courseId)
		.execute();

	// Modules first (so lessons can move between them), then lessons, then what is gone.
	const oldModules = await trx.selectFrom('courseModule').select(['id', 'slug']).where('courseId', '=', courseId).execute();
	const moduleIds = new Map(oldModules.map((m) => [m.slug, m.id]));
	for (const [index, module] of course.modules.entries()) {
		const id = moduleIds.get(module.slug);
		if (id) {
			await trx
				.updateTable('courseModule')
				.set({ title: module.title, summary: module.summary, position: index + 1 })
				.where('id', '=', id)
				.execute();
		} else {
			const row = await trx
				.insertInto('courseModule')
				.values({ courseId, slug: module.slug, title: module.title, summary: module.summary, position: index + 1 })
				.returning('id')
				.executeTakeFirstOrThrow();
			moduleIds.set(module.slug, row.id);
		}
	}

	const oldLessons = await trx
		.selectFrom('lesson')
		.leftJoin('lessonItem', (join) => join.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lessonItem.id as itemId', 'lessonItem.kind', 'lessonItem.body', 'lessonItem.data'])
		.where('lesson.courseId', '=', courseId)
		.execute();
	const lessonsBySlug = new Map(oldLessons.map((l) => [l.slug, l]));
	await refuseKindChanges(trx, course, oldLessons);
	const counts = { created: 0, updated: 0, unchanged: 0, removed: 0 };
	const kept = new Set<string>();
	for (const module of course.modules) {
		for (const [index, lesson] of module.lessons.entries()) {
			const fields = {
				moduleId: moduleIds.get(module.slug)!,
				title: lesson.title,
				position: index + 1,
				estimatedMinutes: lesson.minutes,
				required: lesson.required,
				completion: lesson.completion,
				videoUrl: lesson.video && /^https?:/i.test(lesson.video) ? lesson.video : null,
				videoAssetId: lesson.video && !/^https?:/i.test(lesson.video) ? (assetIds.get(lesson.video) ?? null) : null
			};
			const old = lessonsBySlug.get(lesson.slug);
			const data =
				lesson.kind === 'h5p'
					? await h5pItemData(trx, courseId, lesson, h5pPackages.get(lesson.slug)!, old, options, pendingLibraries)
					: (lesson.data ?? {});
			const item = { kind: lesson.kind, body: lesson.body, data: JSON.stringify(data) };
			let lessonId: string;
			if (old) {
				lessonId = old.id;
				const itemChanged = old.kind !== lesson.kind || old.body !== lesson.body || !isDeepStrictEqual(old.data ?? {}, JSON.parse(item.data));
				const changed = old.title !== lesson.title || itemChanged;
				await trx
					.updateTable('lesson')
					.set({ ...fields, ...(changed ? { updatedAt: sql`now()` } : {}) })
					.where('id', '=', lessonId)
					.execute();
				if (old.itemId) {
					if (itemChanged) await trx.updateTable('lessonItem').set(item).where('id', '=', old.itemId).execute();
				} else {
					await trx.insertInto('lessonItem').values({ lessonId, position: 1, ...item }).execute();
				}
				if (changed) {
					counts.updated++;
					await addRevision(trx, lessonId, lesson, options.userId);
				} else counts.unchanged++;
			} else {
				({ id: lessonId } = await trx
					.insertInto('lesson')
					.values({ ...fields, courseId, slug: lesson.slug })
					.returning('id')
					.executeTakeFirstOrThrow());
				await trx.insertInto('lessonItem').values({ lessonId, position: 1, ...item }).execute();
				await addRevision(trx, lessonId, lesson, options.userId);
				counts.created++;
			}
			kept.add(lessonId);
			await trx.deleteFrom('lessonAttachment').where('lessonId', '=', lessonId).execute();
			const attachments = lesson.attachments
				.map((a, i) => ({ lessonId, assetId: assetIds.get(a.path)!, position: i + 1, title: a.title }))
				.filter((a) => a.assetId);
			if (attachments.length) await trx.insertInto('lessonAttachment').values(attachments).execute();
		}
	}
	const gone = oldLessons.filter((l) => !kept.has(l.id)).map((l) => l.id);
	if (gone.length) {
		await trx.deleteFrom('lesson').where('id', 'in', gone).execute();
		counts.removed = gone.length;
	}
	const moduleSlugs = course.modules.map((m) => m.slug);
	let goneModules = trx.deleteFrom('courseModule').where('courseId', '=', courseId);
	if (moduleSlugs.length) goneModules = goneModules.where('slug', 'not in', moduleSlugs);
	await goneModules.execute();

	await refreshCourseSearch(trx, courseId);
	return { courseId, slug: course.slug, created: !existing, lessons: counts, pendingLibraries };
}

/**
 * An H5P activity's item data. A package identical to the one the lesson already plays (same
 * bytes) keeps its content, so learners' saved state stays with it; any other is installed as
 * new content (libraries deduplicated by machineName-major.minor in store.ts).
 */
async function h5pItemData(
	trx: Transaction<DB>,
	courseId: string,
	lesson: Extract<ParsedLesson, { kind: 'h5p' }>,
	pkg: H5pPackage,
	old: { kind: LessonItemKind | null; data: unknown } | undefined,
	options: ImportOptions,
	pending: LibraryRef[]
) {
	const settings = h5pItemSettings(lesson.data, pkg.mainLibrary.machineName);
	const oldId = old?.kind === 'h5p' ? (old.data as { contentId?: unknown } | null)?.contentId : undefined;
	if (typeof oldId === 'string') {
		const same = await trx
			.selectFrom('h5pContent')
			.select('id')
			.where('id', '=', oldId)
			.where('courseId', '=', courseId)
			.where('sha256', '=', pkg.sha256)
			.executeTakeFirst();
		if (same) return { contentId: same.id, ...settings };
	}
	const installed = await installPackage(trx, pkg, { courseId, actorId: options.userId, trusted: options.trusted ?? true });
	for (const ref of installed.pending) {
		if (!pending.some((p) => p.machineName === ref.machineName && p.majorVersion === ref.majorVersion && p.minorVersion === ref.minorVersion)) pending.push(ref);
	}
	return { contentId: installed.contentId, ...settings };
}

/** What a lesson's history keeps of a version: the text, the instructions, or the quiz as its file. */
export function revisionBody(lesson: { kind: LessonItemKind; body: string; data: unknown }): string {
	return lesson.kind === 'quiz' ? quizToYaml(lesson.data as Quiz) : lesson.body;
}

async function addRevision(trx: Transaction<DB>, lessonId: string, lesson: ParsedLesson, userId: string | null) {
	await trx
		.insertInto('lessonRevision')
		.values({ lessonId, userId, source: 'import', title: lesson.title, body: revisionBody(lesson) })
		.execute();
}

/**
 * A lesson keeps its id when its kind changes (a text lesson becomes a quiz), and with it the
 * learners' progress. But a quiz with attempts, an assignment with submissions or grades, or
 * an H5P activity with learners' statements cannot become something else: those records would then mean nothing, and deleting them
 * would lose learners' work. The author gives the new item another slug instead.
 */
async function refuseKindChanges(
	trx: Transaction<DB>,
	course: ParsedCourse,
	old: { id: string; slug: string; kind: LessonItemKind | null }[]
) {
	const kinds = new Map(course.modules.flatMap((m) => m.lessons.map((l) => [l.slug, l.kind] as const)));
	const changed = old.filter((l) => l.kind && l.kind !== 'text' && kinds.has(l.slug) && kinds.get(l.slug) !== l.kind);
	if (!changed.length) return;
	const ids = changed.map((l) => l.id);
	const [attempts, submissions, overrides, results] = await Promise.all([
		trx.selectFrom('quizAttempt').select('lessonId').distinct().where('lessonId', 'in', ids).execute(),
		trx.selectFrom('assignmentSubmission').select('lessonId').distinct().where('lessonId', 'in', ids).execute(),
		trx.selectFrom('gradeOverride').select('lessonId').distinct().where('lessonId', 'in', ids).execute(),
		trx.selectFrom('xapiStatement').select('lessonId').distinct().where('lessonId', 'in', ids).execute()
	]);
	const used = new Set([...attempts, ...submissions, ...overrides, ...results].map((r) => r.lessonId));
	const was: Record<string, string> = {
		quiz: "a quiz with learners' attempts",
		assignment: "an assignment with learners' submissions or grades",
		h5p: "an H5P activity with learners' results"
	};
	const becomes: Record<string, string> = { text: 'a text lesson', quiz: 'a quiz', assignment: 'an assignment', h5p: 'an H5P activity' };
	const problems = changed
		.filter((l) => used.has(l.id))
		.map(
			(l) =>
				`${course.slug}: the lesson "${l.slug}" was ${was[l.kind!]}; ` +
				`it cannot become ${becomes[kinds.get(l.slug)!]}. Give the new file another slug (another name after its number).`
		);
	if (problems.length) throw new CoursePackageError(problems);
}

async function syncAssets(trx: Transaction<DB>, courseId: string, course: ParsedCourse, userId: string | null) {
	const existing = await trx
		.selectFrom('asset')
		.select(['id', 'path', 'sha256'])
		.where('courseId', '=', courseId)
		.execute();
	const byPath = new Map(existing.map((a) => [a.path, a]));
	const ids = new Map<string, string>();
	for (const asset of course.assets) {
		const hash = sha256(asset.data);
		const old = byPath.get(asset.path);
		if (old) {
			if (old.sha256 !== hash) {
				await trx
					.updateTable('asset')
					.set({ data: asset.data, sha256: hash, size: asset.data.byteLength, contentType: asset.contentType })
					.where('id', '=', old.id)
					.execute();
			}
			ids.set(asset.path, old.id);
		} else {
			const row = await trx
				.insertInto('asset')
				.values({
					courseId,
					path: asset.path,
					contentType: asset.contentType,
					size: asset.data.byteLength,
					sha256: hash,
					data: asset.data,
					createdBy: userId
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			ids.set(asset.path, row.id);
		}
	}
	const gone = existing.filter((a) => !ids.has(a.path)).map((a) => a.id);
	if (gone.length) await trx.deleteFrom('asset').where('id', 'in', gone).execute();
	return ids;
}

async function findOrCreateOrganisation(
	trx: Transaction<DB>,
	org: NonNullable<ParsedCourse['organisation']>
): Promise<string> {
	const found = await trx
		.selectFrom('organisation')
		.select('id')
		.where(sql`lower(name)`, '=', org.name.toLowerCase())
		.executeTakeFirst();
	if (found) return found.id;
	const created = await trx.insertInto('organisation').values(org).returning('id').executeTakeFirstOrThrow();
	return created.id;
}
