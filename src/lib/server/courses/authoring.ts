import { sql, type Transaction } from 'kysely';
import { slugify } from '../../courses/taxonomy';
import type { Database } from '../db/connect';
import { COURSE_METADATA } from './columns';
import type { CourseAccess, CourseLevel, CourseStatus, DB, Licence } from '../db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, isUniqueViolation } from '../errors';
import { canCreateCourse, canEditCourse, type Actor } from './access';
import { createAsset, deleteAsset, listCourseAssets, assetResolver } from './assets';
import { isImagePath } from './package/assets';
import { LIMITS } from './package/files';
import { refreshCourseSearch } from './search';
import { renderMarkdown } from '../content/markdown';

/**
 * Authoring: what authors and administrators do to courses in the browser. Every function
 * takes the acting person and checks, through access.ts, that they may do it, so the rules
 * hold whichever page or script calls them (and are tested here, not in routes). The
 * outline (modules and lessons) is in outline.ts, the lesson editor in lesson-editor.ts,
 * zip uploads in zip-import.ts.
 */

type Editor = Actor | null | undefined;

/** The teaching pages are for authors and administrators; everyone else is refused. */
export function assertTeacher(actor: Editor): asserts actor is Actor {
	if (!actor || (actor.role !== 'author' && actor.role !== 'admin')) throw new ForbiddenError('error_forbidden');
}

const EDITABLE_COLUMNS = [
	...COURSE_METADATA,
	'course.coverAssetId'
] as const;

/**
 * A course the actor may edit, by slug: NotFoundError when there is none, ForbiddenError
 * when it belongs to someone else. Every authoring page and action starts here.
 */
export async function getEditableCourse(db: Database, actor: Editor, slug: string) {
	const course = await db
		.selectFrom('course')
		.leftJoin('organisation', 'organisation.id', 'course.organisationId')
		.select([...EDITABLE_COLUMNS, 'organisation.name as organisationName'])
		.where('course.slug', '=', slug)
		.executeTakeFirst();
	if (!course) throw new NotFoundError('error_course_not_found');
	if (!canEditCourse(actor, course)) throw new ForbiddenError('error_forbidden');
	return course;
}
export type EditableCourse = Awaited<ReturnType<typeof getEditableCourse>>;

/**
 * The same check inside a transaction that will write, with the course row locked, so two
 * editors' changes to one course (reordering, numbering file names) happen one after the other.
 */
export async function lockEditableCourse(trx: Transaction<DB>, actor: Editor, slug: string) {
	const course = await trx
		.selectFrom('course')
		.select(['id', 'slug', 'status', 'organisationId'])
		.where('slug', '=', slug)
		.forUpdate()
		.executeTakeFirst();
	if (!course) throw new NotFoundError('error_course_not_found');
	if (!canEditCourse(actor, course)) throw new ForbiddenError('error_forbidden');
	return course;
}

/** Marks the course changed (the "My courses" list is newest first). */
export async function touchCourse(db: Database, courseId: string) {
	await db.updateTable('course').set({ updatedAt: sql`now()` }).where('id', '=', courseId).execute();
}

/** "My courses": every course for administrators, their organisation's for authors. */
export async function listEditableCourses(db: Database, actor: Editor) {
	assertTeacher(actor);
	let query = db
		.selectFrom('course')
		.leftJoin('organisation', 'organisation.id', 'course.organisationId')
		.select((eb) => [
			'course.id',
			'course.slug',
			'course.title',
			'course.status',
			'course.language',
			'course.organisationId',
			'course.updatedAt',
			'organisation.name as organisationName',
			eb
				.selectFrom('lesson')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('lesson.courseId', '=', 'course.id')
				.as('lessonCount')
		])
		.orderBy('course.updatedAt', 'desc')
		.orderBy('course.title');
	// Narrow in SQL for speed; canEditCourse below stays the rule.
	if (actor.role !== 'admin') {
		if (!actor.organisationId) return [];
		query = query.where('course.organisationId', '=', actor.organisationId);
	}
	return (await query.execute()).filter((course) => canEditCourse(actor, course));
}

/**
 * Creates a draft course. Authors create for their own organisation; administrators choose
 * any (or none). The slug defaults to one made from the title and must be free.
 */
/** Addresses under /teach that are not courses. */
export const RESERVED_COURSE_SLUGS: readonly string[] = ['cohorts'];

export async function createCourse(
	db: Database,
	actor: Editor,
	input: { title: string; slug?: string; language: string; organisationId?: string | null }
) {
	if (!canCreateCourse(actor)) throw new ForbiddenError('error_course_create_forbidden');
	const organisationId = actor!.role === 'admin' ? (input.organisationId ?? null) : actor!.organisationId;
	if (actor!.role === 'admin' && organisationId) {
		const org = await db.selectFrom('organisation').select('id').where('id', '=', organisationId).executeTakeFirst();
		if (!org) throw new ValidationError('organisationId', 'error_organisation_unknown');
	}
	const slug = input.slug ?? slugify(input.title);
	// /teach/cohorts is the cohorts area, so no course may be edited at that address.
	const taken =
		RESERVED_COURSE_SLUGS.includes(slug) || (await db.selectFrom('course').select('id').where('slug', '=', slug).executeTakeFirst());
	if (taken) throw new ValidationError('slug', 'error_course_slug_taken', { slug });
	try {
		const course = await db
			.insertInto('course')
			.values({
				slug,
				title: input.title,
				language: input.language,
				organisationId,
				createdBy: actor!.id
			})
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
		await refreshCourseSearch(db, course.id);
		return course;
	} catch (e) {
		// Someone took the slug between the check and the insert.
		if (isUniqueViolation(e)) throw new ValidationError('slug', 'error_course_slug_taken', { slug });
		throw e;
	}
}

export interface CourseDetails {
	title: string;
	summary: string;
	description: string;
	language: string;
	thematicAreas: string[];
	level: CourseLevel;
	estimatedHours: number;
	outcomes: string[];
	licence: Licence;
	/** left as it is when not given */
	access?: CourseAccess;
	authors: string[];
	coverAssetId: string | null;
}

/** Saves the course's description fields; the cover must be one of the course's images. */
export async function updateCourseDetails(trx: Transaction<DB>, actor: Editor, slug: string, input: CourseDetails) {
	const course = await lockEditableCourse(trx, actor, slug);
	if (input.coverAssetId) {
		const cover = await trx
			.selectFrom('asset')
			.select('path')
			.where('id', '=', input.coverAssetId)
			.where('courseId', '=', course.id)
			.executeTakeFirst();
		if (!cover || !isImagePath(cover.path)) throw new ValidationError('coverAssetId', 'error_cover_not_image');
	}
	await trx
		.updateTable('course')
		.set({
			...input,
			outcomes: JSON.stringify(input.outcomes),
			authors: JSON.stringify(input.authors),
			updatedAt: sql`now()`
		})
		.where('id', '=', course.id)
		.execute();
	await refreshCourseSearch(trx, course.id);
}

/**
 * Publishes, unpublishes (back to draft) or archives a course. A course is published only
 * with at least one lesson and its details filled in (what the course page and a course
 * package need); the first publication sets published_at, which later ones keep.
 */
export async function setCourseStatus(trx: Transaction<DB>, actor: Editor, slug: string, status: CourseStatus) {
	const course = await lockEditableCourse(trx, actor, slug);
	if (status === 'published') {
		const row = await trx
			.selectFrom('course')
			.select((eb) => [
				'summary',
				'thematicAreas',
				'outcomes',
				eb.selectFrom('lesson').select(eb.fn.countAll<number>().as('n')).whereRef('lesson.courseId', '=', 'course.id').as('lessons')
			])
			.where('id', '=', course.id)
			.executeTakeFirstOrThrow();
		if (!row.lessons) throw new ConflictError('error_publish_no_lessons');
		if (!row.summary.trim() || row.thematicAreas.length === 0 || row.outcomes.length === 0) {
			throw new ConflictError('error_publish_incomplete');
		}
	}
	await trx
		.updateTable('course')
		.set({
			status,
			...(status === 'published' ? { publishedAt: sql<Date>`coalesce(published_at, now())` } : {}),
			updatedAt: sql`now()`
		})
		.where('id', '=', course.id)
		.execute();
}

/**
 * Stores an uploaded file in the course's assets/ (type, size and content checked by
 * createAsset), within the course's total of 200 MB.
 */
export async function uploadCourseFile(
	trx: Transaction<DB>,
	actor: Editor,
	slug: string,
	file: { fileName: string; data: Uint8Array }
) {
	const course = await lockEditableCourse(trx, actor, slug);
	// The same total as a course folder may hold (docs/course-format.md).
	const used = await trx
		.selectFrom('asset')
		.select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
		.where('courseId', '=', course.id)
		.executeTakeFirstOrThrow();
	if (Number(used.bytes) + file.data.byteLength > LIMITS.courseBytes) {
		throw new ValidationError('file', 'error_course_files_too_large', { mb: LIMITS.courseBytes / 1024 / 1024 });
	}
	const asset = await createAsset(trx, { courseId: course.id, ...file, userId: actor!.id });
	await touchCourse(trx, course.id);
	return asset;
}

/** Deletes a course file. A cover or video that used it is unset; lessons' links to it stop working. */
export async function deleteCourseFile(trx: Transaction<DB>, actor: Editor, slug: string, assetId: string) {
	const course = await lockEditableCourse(trx, actor, slug);
	await deleteAsset(trx, course.id, assetId);
	await touchCourse(trx, course.id);
}

/** Renders an author's Markdown as readers will see it, with the course's files resolved. */
export async function previewMarkdown(db: Database, actor: Editor, slug: string, source: string) {
	const course = await getEditableCourse(db, actor, slug);
	const assets = await listCourseAssets(db, course.id);
	return renderMarkdown(source, { resolveAsset: assetResolver(assets) }).html;
}
