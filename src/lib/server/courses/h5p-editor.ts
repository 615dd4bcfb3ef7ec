import { sql, type Transaction } from 'kysely';
import { isDeepStrictEqual } from 'node:util';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { DomainError, NotFoundError, ValidationError } from '../errors';
import { DEFAULT_H5P_PASS_PERCENT, defaultCompletionFor, readH5pItemData, type H5pCompletion, type H5pItemData } from '../h5p/activity-settings';
import { libraryLabel, readH5pPackage, type H5pPackage, type H5pProblem, type LibraryRef } from '../h5p/package';
import { contentReadiness, installPackage, installedLibraries } from '../h5p/store';
import type { Actor } from './access';
import { getEditableCourse, lockEditableCourse, touchCourse } from './authoring';
import { checkSlugFree } from './lesson-editor';
import { refreshCourseSearch } from './search';

/**
 * H5P activities in the browser (docs/h5p.md, docs/authoring.md): an author uploads an .h5p
 * to an activity lesson (or replaces it), and sets how it completes. Who may upload is who
 * may edit the course. The package is checked whole before anything is stored; a refused
 * one changes nothing and every problem is reported. An administrator's upload installs new
 * library versions approved; an author's leaves them pending, and the activity waits until
 * an administrator approves them on /admin/h5p (content that only uses libraries the site
 * has goes straight in).
 */

type Editor = Actor | null | undefined;

/** A package that cannot be used: every problem, as message keys with their parameters. */
export class H5pPackageRefusedError extends DomainError {
	constructor(readonly problems: H5pProblem[]) {
		super('error_h5p_package_refused', { count: problems.length });
	}
}

export interface H5pLessonFields {
	title: string;
	slug: string;
	minutes: number;
	required: boolean;
	completion: H5pCompletion;
	passPercent: number;
}

/** The activity lesson of this course, locked for writing; refuses a lesson of another kind. */
async function lockH5pLesson(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await trx
		.selectFrom('lesson')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lessonItem.id as itemId', 'lessonItem.kind', 'lessonItem.data'])
		.where('lesson.id', '=', lessonId)
		.where('lesson.courseId', '=', course.id)
		.forUpdate()
		.executeTakeFirst();
	if (!lesson) throw new NotFoundError('error_lesson_not_found');
	// A form for another kind (an old tab, a forged post) must not turn a lesson into an activity.
	if (lesson.kind !== 'h5p') throw new ValidationError('lessonId', 'error_lesson_kind_changed');
	return { course, lesson };
}

/** Checks an uploaded package against the site's libraries. Nothing is stored. */
export async function checkH5pUpload(db: Database, bytes: Uint8Array): Promise<H5pPackage> {
	const read = await readH5pPackage(bytes, { installed: await installedLibraries(db) });
	if (!read.ok) throw new H5pPackageRefusedError(read.problems);
	return read.pkg;
}

/**
 * Puts a checked package in an activity lesson: new content (the previous package's content
 * stays for the records that point at it), the item pointed at it. The first package gets the
 * default completion for its main library and a pass mark of 50 %; a replacement keeps the
 * settings the author chose. Returns the libraries that wait for an administrator.
 */
export async function setH5pPackage(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	pkg: H5pPackage
): Promise<{ contentId: string; pending: LibraryRef[] }> {
	const { course, lesson } = await lockH5pLesson(trx, actor, courseSlug, lessonId);
	const installed = await installPackage(trx, pkg, { courseId: course.id, actorId: actor!.id, trusted: actor!.role === 'admin' });
	const before = readH5pItemData(lesson.data);
	const data: H5pItemData = {
		contentId: installed.contentId,
		completion: before?.completion ?? defaultCompletionFor(pkg.mainLibrary.machineName),
		passPercent: before?.passPercent ?? DEFAULT_H5P_PASS_PERCENT
	};
	await trx.updateTable('lessonItem').set({ data: JSON.stringify(data) }).where('id', '=', lesson.itemId).execute();
	await trx
		.updateTable('lesson')
		.set({ completion: data.completion === 'view' ? 'on_view' : 'manual', updatedAt: sql`now()` })
		.where('id', '=', lessonId)
		.execute();
	await trx
		.insertInto('lessonRevision')
		.values({ lessonId, userId: actor!.id, source: 'editor', title: lesson.title, body: packageRevisionBody(pkg) })
		.execute();
	await touchCourse(trx, course.id);
	return { contentId: installed.contentId, pending: installed.pending };
}

/** What the history keeps of a package: which one it was (the package itself stays stored). */
export function packageRevisionBody(pkg: Pick<H5pPackage, 'title' | 'mainLibrary' | 'sha256'>): string {
	return `H5P package "${pkg.title}" (${libraryLabel(pkg.mainLibrary)}), sha256 ${pkg.sha256}`;
}

/**
 * Saves the activity's lesson fields and its settings: complete on view, or by score at a
 * pass mark. An activity without a package yet keeps only the lesson fields.
 */
export async function saveH5pLesson(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string, input: H5pLessonFields) {
	const { course, lesson } = await lockH5pLesson(trx, actor, courseSlug, lessonId);
	if (input.slug !== lesson.slug) await checkSlugFree(trx, course.id, lessonId, input.slug);
	const before = readH5pItemData(lesson.data);
	const data: H5pItemData | null = before && { contentId: before.contentId, completion: input.completion, passPercent: input.passPercent };
	const changed = input.title !== lesson.title || (data !== null && !isDeepStrictEqual(before, data));
	await trx
		.updateTable('lesson')
		.set({
			title: input.title,
			slug: input.slug,
			estimatedMinutes: input.minutes,
			required: input.required,
			...(data ? { completion: data.completion === 'view' ? 'on_view' : 'manual' } : {}),
			...(changed ? { updatedAt: sql`now()` } : {})
		})
		.where('id', '=', lessonId)
		.execute();
	if (data && changed) await trx.updateTable('lessonItem').set({ data: JSON.stringify(data) }).where('id', '=', lesson.itemId).execute();
	if (input.title !== lesson.title) {
		await trx
			.insertInto('lessonRevision')
			.values({ lessonId, userId: actor!.id, source: 'editor', title: input.title, body: '' })
			.execute();
	}
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
	return { slug: input.slug };
}

export interface H5pEditorView {
	/** The item's settings; null until a package is uploaded. */
	settings: H5pItemData | null;
	content: {
		id: string;
		title: string;
		mainLibrary: string;
		size: number;
		createdAt: Date;
		createdByName: string | null;
		/** Library versions that wait for an administrator ('H5P.TrueFalse 1.6'); empty: playable. */
		pending: string[];
	} | null;
}

/** What the activity editor shows: the package in place, whether it is playable, the settings. */
export async function getH5pEditorView(db: Database, actor: Editor, courseSlug: string, data: unknown): Promise<H5pEditorView> {
	const course = await getEditableCourse(db, actor, courseSlug);
	const settings = readH5pItemData(data);
	if (!settings) return { settings: null, content: null };
	const content = await db
		.selectFrom('h5pContent')
		.leftJoin('appUser', 'appUser.id', 'h5pContent.createdBy')
		.select(['h5pContent.id', 'h5pContent.title', 'h5pContent.mainLibrary', 'h5pContent.size', 'h5pContent.createdAt', 'appUser.name as createdByName'])
		.where('h5pContent.id', '=', settings.contentId)
		.where('h5pContent.courseId', '=', course.id)
		.executeTakeFirst();
	if (!content) return { settings, content: null };
	const readiness = await contentReadiness(db, content.id);
	return { settings, content: { ...content, pending: readiness.pending.map(libraryLabel) } };
}
