import { sql, type Transaction } from 'kysely';
import { isAllowedVideoUrl } from '../content/video';
import type { Database } from '../db/connect';
import type { DB, LessonCompletion } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from './access';
import { listCourseAssets } from './assets';
import { getEditableCourse, lockEditableCourse, touchCourse } from './authoring';
import { VIDEO_EXTENSIONS, extensionOf, resolveCoursePath } from './package/assets';
import { refreshCourseSearch } from './search';

/** The lesson editor: a lesson's fields, its text, its files, and its change history. */

type Editor = Actor | null | undefined;

export interface LessonChanges {
	title: string;
	slug: string;
	minutes: number;
	required: boolean;
	/** left out: unchanged */
	completion?: LessonCompletion;
	videoUrl: string | null;
	videoAssetId: string | null;
	body: string;
	attachments: { assetId: string; title: string }[];
}

/** A lesson with everything its editor shows: text, files, attachments, modules, history. */
export async function getLessonForEditing(db: Database, actor: Editor, courseSlug: string, lessonSlug: string) {
	const course = await getEditableCourse(db, actor, courseSlug);
	const lesson = await db
		.selectFrom('lesson')
		.innerJoin('courseModule', 'courseModule.id', 'lesson.moduleId')
		.leftJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select([
			'lesson.id',
			'lesson.slug',
			'lesson.title',
			'lesson.estimatedMinutes',
			'lesson.required',
			'lesson.completion',
			'lesson.videoUrl',
			'lesson.videoAssetId',
			'lesson.updatedAt',
			'courseModule.title as moduleTitle',
			'lessonItem.kind',
			'lessonItem.body',
			'lessonItem.data'
		])
		.where('lesson.courseId', '=', course.id)
		.where('lesson.slug', '=', lessonSlug)
		.executeTakeFirst();
	if (!lesson) throw new NotFoundError('error_lesson_not_found');
	const [attachments, assets, revisions] = await Promise.all([
		db
			.selectFrom('lessonAttachment')
			.select(['assetId', 'title'])
			.where('lessonId', '=', lesson.id)
			.orderBy('position')
			.execute(),
		listCourseAssets(db, course.id),
		listLessonRevisions(db, lesson.id)
	]);
	return { course, lesson: { ...lesson, kind: lesson.kind ?? 'text', body: lesson.body ?? '' }, attachments, assets, revisions };
}

/** Who changed the lesson and when, newest first. */
export function listLessonRevisions(db: Database, lessonId: string) {
	return db
		.selectFrom('lessonRevision')
		.leftJoin('appUser', 'appUser.id', 'lessonRevision.userId')
		.select([
			'lessonRevision.id',
			'lessonRevision.source',
			'lessonRevision.title',
			'lessonRevision.createdAt',
			'appUser.name as userName'
		])
		.where('lessonRevision.lessonId', '=', lessonId)
		.orderBy('lessonRevision.createdAt', 'desc')
		.orderBy('lessonRevision.id', 'desc')
		.execute();
}

/** One earlier version of a lesson's text. */
export async function getLessonRevision(
	db: Database,
	actor: Editor,
	courseSlug: string,
	lessonSlug: string,
	revisionId: string
) {
	const course = await getEditableCourse(db, actor, courseSlug);
	const revision = await db
		.selectFrom('lessonRevision')
		.innerJoin('lesson', 'lesson.id', 'lessonRevision.lessonId')
		.leftJoin('appUser', 'appUser.id', 'lessonRevision.userId')
		.select([
			'lessonRevision.id',
			'lessonRevision.source',
			'lessonRevision.title',
			'lessonRevision.body',
			'lessonRevision.createdAt',
			'appUser.name as userName',
			'lesson.title as lessonTitle'
		])
		.where('lesson.courseId', '=', course.id)
		.where('lesson.slug', '=', lessonSlug)
		.where('lessonRevision.id', '=', revisionId)
		.executeTakeFirst();
	if (!revision) throw new NotFoundError('error_revision_not_found');
	return { course, revision };
}

/** Relative links and images in Markdown, as written (the importer checks the same). */
function linkedPaths(body: string): string[] {
	const paths: string[] = [];
	for (const match of body.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)/g)) {
		const target = match[1]!;
		if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#') || target.startsWith('/')) continue;
		paths.push(target);
	}
	return paths;
}

/** Every image and link to a course file in the text must be one of the course's files. */
export async function checkLinkedFiles(db: Database, courseId: string, body: string, known?: Set<string>) {
	const paths = known ?? new Set((await listCourseAssets(db, courseId)).map((a) => a.path));
	for (const written of linkedPaths(body)) {
		const path = resolveCoursePath(written);
		if (!path || !paths.has(path)) throw new ValidationError('body', 'error_lesson_missing_file', { path: written });
	}
}

/** A lesson's new slug must be free in the whole course (lesson slugs are unique per course). */
export async function checkSlugFree(db: Database, courseId: string, lessonId: string, slug: string) {
	const clash = await db
		.selectFrom('lesson')
		.select('id')
		.where('courseId', '=', courseId)
		.where('slug', '=', slug)
		.where('id', '!=', lessonId)
		.executeTakeFirst();
	if (clash) throw new ValidationError('slug', 'error_lesson_slug_taken', { slug });
}

/**
 * Saves the lesson editor's form. Checks what the schema cannot: the slug is free in the
 * course, the video is YouTube or Vimeo or one of the course's .mp4/.webm files, attachments
 * and linked files are the course's own. A change of title or text adds a revision.
 */
export async function saveLesson(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	input: LessonChanges
) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await trx
		.selectFrom('lesson')
		.leftJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lessonItem.id as itemId', 'lessonItem.kind', 'lessonItem.body'])
		.where('lesson.id', '=', lessonId)
		.where('lesson.courseId', '=', course.id)
		.executeTakeFirst();
	if (!lesson) throw new NotFoundError('error_lesson_not_found');
	// The text form must not overwrite a quiz or an assignment (an old tab, a forged post).
	if (lesson.kind && lesson.kind !== 'text') throw new ValidationError('lessonId', 'error_lesson_kind_changed');

	if (input.slug !== lesson.slug) await checkSlugFree(trx, course.id, lessonId, input.slug);

	const assets = new Map((await listCourseAssets(trx, course.id)).map((a) => [a.id, a]));
	const paths = new Set([...assets.values()].map((a) => a.path));
	if (input.videoUrl && input.videoAssetId) throw new ValidationError('videoUrl', 'error_video_both');
	if (input.videoUrl && !isAllowedVideoUrl(input.videoUrl)) throw new ValidationError('videoUrl', 'error_video_url');
	if (input.videoAssetId) {
		const video = assets.get(input.videoAssetId);
		if (!video || !VIDEO_EXTENSIONS.includes(extensionOf(video.path))) {
			throw new ValidationError('videoAssetId', 'error_video_file');
		}
	}
	const attachments: { lessonId: string; assetId: string; position: number; title: string }[] = [];
	for (const a of input.attachments) {
		const asset = assets.get(a.assetId);
		if (!asset) throw new ValidationError('attachments', 'error_attachment_unknown');
		if (attachments.some((b) => b.assetId === a.assetId)) continue;
		const title = a.title || asset.path.split('/').pop()!;
		attachments.push({ lessonId, assetId: a.assetId, position: attachments.length + 1, title });
	}
	await checkLinkedFiles(trx, course.id, input.body, paths);

	await trx
		.updateTable('lesson')
		.set({
			title: input.title,
			slug: input.slug,
			estimatedMinutes: input.minutes,
			required: input.required,
			completion: input.completion,
			videoUrl: input.videoUrl,
			videoAssetId: input.videoAssetId,
			updatedAt: sql`now()`
		})
		.where('id', '=', lessonId)
		.execute();
	if (lesson.itemId) {
		await trx.updateTable('lessonItem').set({ body: input.body }).where('id', '=', lesson.itemId).execute();
	} else {
		await trx.insertInto('lessonItem').values({ lessonId, position: 1, kind: 'text', body: input.body }).execute();
	}
	await trx.deleteFrom('lessonAttachment').where('lessonId', '=', lessonId).execute();
	if (attachments.length) await trx.insertInto('lessonAttachment').values(attachments).execute();
	// The history records changes to what readers read, not every press of Save.
	if (input.title !== lesson.title || input.body !== (lesson.body ?? '')) {
		await trx
			.insertInto('lessonRevision')
			.values({ lessonId, userId: actor!.id, source: 'editor', title: input.title, body: input.body })
			.execute();
	}
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
	return { slug: input.slug };
}
