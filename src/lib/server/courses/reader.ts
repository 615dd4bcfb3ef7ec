import type { ExpressionBuilder } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { SLUG_PATTERN, MAX_SLUG } from '../../courses/taxonomy';
import { renderMarkdown } from '../content/markdown';
import { parseVideoUrl } from '../content/video';
import type { Database } from '../db/connect';
import { COURSE_METADATA } from './columns';
import type { DB } from '../db/schema';
import { NotFoundError } from '../errors';
import { canEditCourse, canReadCourse, type Actor } from './access';
import type { ContentCache } from '../cache/content-cache';
import { assetResolver, assetUrl } from './assets';

/**
 * What a reader sees of a course: its page and its lessons. Courses the actor may not
 * read (drafts and archived courses of others) are NotFound, never Forbidden, so their
 * existence stays private.
 */

export interface OutlineLesson {
	slug: string;
	title: string;
	minutes: number;
	required: boolean;
}
export interface OutlineModule {
	slug: string;
	title: string;
	summary: string;
	lessons: OutlineLesson[];
}

export type LessonVideo =
	| { kind: 'embed'; provider: 'youtube' | 'vimeo'; embedUrl: string; watchUrl: string }
	| { kind: 'file'; url: string; contentType: string };

const isSlug = (s: string) => s.length <= MAX_SLUG && SLUG_PATTERN.test(s);

/** Modules in order, each with its lessons in order: the course's table of contents. */
function outline(eb: ExpressionBuilder<DB, 'course'>) {
	return jsonArrayFrom(
		eb
			.selectFrom('courseModule')
			.select((m) => [
				'courseModule.slug',
				'courseModule.title',
				'courseModule.summary',
				jsonArrayFrom(
					m
						.selectFrom('lesson')
						.select(['lesson.slug', 'lesson.title', 'lesson.estimatedMinutes as minutes', 'lesson.required'])
						.whereRef('lesson.moduleId', '=', 'courseModule.id')
						.orderBy('lesson.position')
				).as('lessons')
			])
			.whereRef('courseModule.courseId', '=', 'course.id')
			.orderBy('courseModule.position')
	).as('modules');
}

/**
 * The cohorts a visitor may look at (planned, open, running), soonest first. Cached with the
 * course page: a trigger on cohort moves the content version on, as for course content.
 */
function courseCohorts(eb: ExpressionBuilder<DB, 'course'>) {
	return jsonArrayFrom(
		eb
			.selectFrom('cohort')
			.select(['cohort.slug', 'cohort.name', 'cohort.startsOn', 'cohort.endsOn', 'cohort.timeZone', 'cohort.enrolmentMode', 'cohort.status'])
			.whereRef('cohort.courseId', '=', 'course.id')
			.where('cohort.status', 'in', ['planned', 'open', 'running'])
			.orderBy('cohort.startsOn')
			.orderBy('cohort.name')
	).as('cohorts');
}

/** Paths and ids of the course's files, for resolving the Markdown's links and images. */
function assetPaths(eb: ExpressionBuilder<DB, 'course'>) {
	return jsonArrayFrom(
		eb.selectFrom('asset').select(['asset.id', 'asset.path']).whereRef('asset.courseId', '=', 'course.id')
	).as('assets');
}

function assertReadable(actor: Actor | null | undefined, course: { status: string; organisationId: string | null } | undefined) {
	if (!course || !canReadCourse(actor, course)) throw new NotFoundError('error_course_not_found');
}

/**
 * The course page: everything about the course and its outline. With a cache, the
 * reader-independent part is shared between requests; the access rule runs every time.
 */
export async function getCourseOverview(
	db: Database,
	slug: string,
	actor: Actor | null | undefined,
	cache?: ContentCache
) {
	if (!isSlug(slug)) throw new NotFoundError('error_course_not_found');
	const load = () => loadCourseOverview(db, slug);
	const course = await (cache ? cache.get(db, `course:${slug}`, load) : load());
	assertReadable(actor, course);
	return { ...course!, canEdit: canEditCourse(actor, course!) };
}
export type CourseOverview = Awaited<ReturnType<typeof getCourseOverview>>;

async function loadCourseOverview(db: Database, slug: string) {
	const course = await db
		.selectFrom('course')
		.leftJoin('organisation', 'organisation.id', 'course.organisationId')
		.leftJoin('asset as cover', 'cover.id', 'course.coverAssetId')
		.select((eb) => [
			...COURSE_METADATA,
			'organisation.name as organisationName',
			'cover.id as coverId',
			'cover.path as coverPath',
			outline(eb),
			assetPaths(eb),
			courseCohorts(eb)
		])
		.where('course.slug', '=', slug)
		.executeTakeFirst();
	if (!course) return undefined;
	const { assets, coverId, coverPath, description, modules, ...rest } = course;
	const lessons = modules.flatMap((m) => m.lessons);
	return {
		...rest,
		descriptionHtml: description.trim() ? renderMarkdown(description, { resolveAsset: assetResolver(assets) }).html : '',
		coverUrl: coverId && coverPath ? assetUrl({ id: coverId, path: coverPath }) : null,
		modules: modules as OutlineModule[],
		lessonCount: lessons.length,
		totalMinutes: lessons.reduce((sum, l) => sum + l.minutes, 0),
		firstLesson: lessons[0]?.slug ?? null
	};
}

/**
 * A lesson as its reader sees it: the text rendered (sanitised), the video, the files to
 * download, the outline for navigation, and the previous and next lessons across modules.
 */
export async function getLessonView(
	db: Database,
	courseSlug: string,
	lessonSlug: string,
	actor: Actor | null | undefined,
	cache?: ContentCache,
	/** the current content version, when the caller already read it (ContentCache.get) */
	contentVersion?: number
) {
	if (!isSlug(courseSlug)) throw new NotFoundError('error_course_not_found');
	if (!isSlug(lessonSlug)) throw new NotFoundError('error_lesson_not_found');
	const load = () => loadLessonView(db, courseSlug, lessonSlug);
	const view = await (cache ? cache.get(db, `lesson:${courseSlug}/${lessonSlug}`, load, contentVersion) : load());
	assertReadable(actor, view?.course);
	if (!view!.lesson) throw new NotFoundError('error_lesson_not_found');
	return { ...view!, lesson: view!.lesson };
}
export type LessonView = Awaited<ReturnType<typeof getLessonView>>;

async function loadLessonView(db: Database, courseSlug: string, lessonSlug: string) {
	// One statement: the course with its outline and files, and the lesson within it.
	const course = await db
		.selectFrom('course')
		.select((eb) => [
			'course.id',
			'course.slug',
			'course.title',
			'course.language',
			'course.status',
			'course.organisationId',
			'course.licence',
			'course.access',
			outline(eb),
			assetPaths(eb),
			jsonObjectFrom(
				eb
					.selectFrom('lesson')
					.innerJoin('courseModule', 'courseModule.id', 'lesson.moduleId')
					.leftJoin('asset as video', 'video.id', 'lesson.videoAssetId')
					.select((l) => [
						'lesson.id',
						'lesson.slug',
						'lesson.title',
						'lesson.estimatedMinutes as minutes',
						'lesson.required',
						'lesson.completion',
						'lesson.videoUrl',
						'courseModule.id as moduleId',
						'courseModule.slug as moduleSlug',
						'courseModule.title as moduleTitle',
						'video.id as videoId',
						'video.path as videoPath',
						'video.contentType as videoType',
						jsonArrayFrom(
							l
								.selectFrom('lessonItem')
								.select(['lessonItem.id', 'lessonItem.kind', 'lessonItem.body'])
								.whereRef('lessonItem.lessonId', '=', 'lesson.id')
								.orderBy('lessonItem.position')
						).as('items'),
						jsonArrayFrom(
							l
								.selectFrom('lessonAttachment')
								.innerJoin('asset', 'asset.id', 'lessonAttachment.assetId')
								.select(['lessonAttachment.title', 'asset.id', 'asset.path', 'asset.size', 'asset.contentType'])
								.whereRef('lessonAttachment.lessonId', '=', 'lesson.id')
								.orderBy('lessonAttachment.position')
						).as('attachments')
					])
					.whereRef('lesson.courseId', '=', 'course.id')
					.where('lesson.slug', '=', lessonSlug)
			).as('lesson')
		])
		.where('course.slug', '=', courseSlug)
		.executeTakeFirst();
	if (!course) return undefined;
	const { assets, modules, lesson, ...courseFields } = course;
	if (!lesson) return { course: courseFields, lesson: null };

	const sequence = modules.flatMap((m) => m.lessons);
	const index = sequence.findIndex((l) => l.slug === lesson.slug);
	const step = (l: OutlineLesson | undefined) => (l ? { slug: l.slug, title: l.title } : null);
	const resolveAsset = assetResolver(assets);

	return {
		course: courseFields,
		modules: modules as OutlineModule[],
		module: { slug: lesson.moduleSlug, title: lesson.moduleTitle },
		/** for the per-reader rules (drip release), never shown */
		moduleId: lesson.moduleId,
		lesson: {
			/** for the learner's records (progress/progress.ts) */
			id: lesson.id,
			slug: lesson.slug,
			title: lesson.title,
			minutes: lesson.minutes,
			required: lesson.required,
			/** how a text lesson is completed: 'manual' (the learner's button) or 'on_view' */
			completion: lesson.completion,
			number: index + 1,
			of: sequence.length
		},
		// Only sanitised HTML leaves here (renderMarkdown escapes raw HTML and vets every URL).
		items: lesson.items.map((item) => ({
			id: item.id,
			kind: item.kind,
			html: renderMarkdown(item.body, { resolveAsset }).html
		})),
		attachments: lesson.attachments.map((a) => ({
			title: a.title,
			url: assetUrl(a),
			fileName: a.path.split('/').pop() ?? a.path,
			size: a.size,
			contentType: a.contentType
		})),
		video: lessonVideo(lesson),
		previous: step(sequence[index - 1]),
		next: step(sequence[index + 1])
	};
}

function lessonVideo(lesson: {
	videoUrl: string | null;
	videoId: string | null;
	videoPath: string | null;
	videoType: string | null;
}): LessonVideo | null {
	if (lesson.videoId && lesson.videoPath && lesson.videoType) {
		return { kind: 'file', url: assetUrl({ id: lesson.videoId, path: lesson.videoPath }), contentType: lesson.videoType };
	}
	const embed = lesson.videoUrl ? parseVideoUrl(lesson.videoUrl) : undefined;
	return embed ? { kind: 'embed', provider: embed.provider, embedUrl: embed.embedUrl, watchUrl: embed.watchUrl } : null;
}
