import type { Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { LessonKindId } from '../../courses/items';
import { slugify } from '../../courses/taxonomy';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from './access';
import { lockEditableCourse, touchCourse } from './authoring';
import { starterItem } from './item-editor';
import { refreshCourseSearch } from './search';

/**
 * A course's outline: its modules in order, each with its lessons in order. Positions are
 * 1..n within the course (modules) and within each module (lessons); every change here
 * renumbers what it touched, in the caller's transaction, with the course row locked.
 */

type Editor = Actor | null | undefined;
export type Direction = 'up' | 'down';

export function getOutline(db: Database, courseId: string) {
	return db
		.selectFrom('courseModule')
		.select((eb) => [
			'courseModule.id',
			'courseModule.slug',
			'courseModule.title',
			'courseModule.position',
			jsonArrayFrom(
				eb
					.selectFrom('lesson')
					.leftJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
					.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lesson.position', 'lesson.required', 'lesson.estimatedMinutes', 'lessonItem.kind'])
					.whereRef('lesson.moduleId', '=', 'courseModule.id')
					.orderBy('lesson.position')
			).as('lessons')
		])
		.where('courseModule.courseId', '=', courseId)
		.orderBy('courseModule.position')
		.execute();
}
export type Outline = Awaited<ReturnType<typeof getOutline>>;

/** Writes positions 1..n in the given order, touching only rows whose position changes. */
async function renumber(trx: Transaction<DB>, table: 'courseModule' | 'lesson', rows: { id: string; position: number }[]) {
	for (const [index, row] of rows.entries()) {
		if (row.position !== index + 1) {
			await trx.updateTable(table).set({ position: index + 1 }).where('id', '=', row.id).execute();
		}
	}
}

function modulesOf(trx: Transaction<DB>, courseId: string) {
	return trx
		.selectFrom('courseModule')
		.select(['id', 'slug', 'position'])
		.where('courseId', '=', courseId)
		.orderBy('position')
		.orderBy('slug')
		.execute();
}

function lessonsOf(trx: Transaction<DB>, moduleId: string) {
	return trx
		.selectFrom('lesson')
		.select(['id', 'position'])
		.where('moduleId', '=', moduleId)
		.orderBy('position')
		.orderBy('slug')
		.execute();
}

async function findModule(trx: Transaction<DB>, courseId: string, moduleId: string) {
	const module = await trx
		.selectFrom('courseModule')
		.select(['id', 'title'])
		.where('id', '=', moduleId)
		.where('courseId', '=', courseId)
		.executeTakeFirst();
	if (!module) throw new NotFoundError('error_module_not_found');
	return module;
}

async function findLesson(trx: Transaction<DB>, courseId: string, lessonId: string) {
	const lesson = await trx
		.selectFrom('lesson')
		.select(['id', 'moduleId', 'slug'])
		.where('id', '=', lessonId)
		.where('courseId', '=', courseId)
		.executeTakeFirst();
	if (!lesson) throw new NotFoundError('error_lesson_not_found');
	return lesson;
}

/** Swaps an item with its neighbour; at the edge nothing changes. */
function swapped<T extends { id: string }>(rows: T[], id: string, direction: Direction): T[] | undefined {
	const i = rows.findIndex((r) => r.id === id);
	const j = direction === 'up' ? i - 1 : i + 1;
	if (i < 0 || j < 0 || j >= rows.length) return undefined;
	const out = [...rows];
	[out[i], out[j]] = [out[j]!, out[i]!];
	return out;
}

/** A new module at the end; its slug (the folder name in exports) comes from the title. */
export async function addModule(trx: Transaction<DB>, actor: Editor, courseSlug: string, title: string) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const modules = await modulesOf(trx, course.id);
	const taken = new Set(modules.map((m) => m.slug));
	const base = slugify(title);
	let slug = base;
	for (let n = 2; taken.has(slug); n++) slug = `${base.slice(0, 75)}-${n}`;
	const module = await trx
		.insertInto('courseModule')
		.values({ courseId: course.id, slug, title, position: modules.length + 1 })
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	await touchCourse(trx, course.id);
	return module;
}

export async function renameModule(trx: Transaction<DB>, actor: Editor, courseSlug: string, moduleId: string, title: string) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	await findModule(trx, course.id, moduleId);
	await trx.updateTable('courseModule').set({ title }).where('id', '=', moduleId).execute();
	await touchCourse(trx, course.id);
}

/** Deletes a module with its lessons (and learners' records of them). */
export async function deleteModule(trx: Transaction<DB>, actor: Editor, courseSlug: string, moduleId: string) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	await findModule(trx, course.id, moduleId);
	await trx.deleteFrom('courseModule').where('id', '=', moduleId).execute();
	await renumber(trx, 'courseModule', await modulesOf(trx, course.id));
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
}

export async function moveModule(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	moduleId: string,
	direction: Direction
) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	await findModule(trx, course.id, moduleId);
	const order = swapped(await modulesOf(trx, course.id), moduleId, direction);
	if (order) await renumber(trx, 'courseModule', order);
	await touchCourse(trx, course.id);
}

/**
 * A new lesson at the end of a module: an empty text lesson, or a quiz or an assignment to
 * fill in (item-editor.ts). Its slug comes from the title and must be free in the whole
 * course (lesson slugs are unique per course, see docs/course-format.md).
 */
export async function addLesson(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	moduleId: string,
	title: string,
	kind: LessonKindId = 'text'
) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const { language } = await trx.selectFrom('course').select('language').where('id', '=', course.id).executeTakeFirstOrThrow();
	await findModule(trx, course.id, moduleId);
	const slug = slugify(title);
	const clash = await trx
		.selectFrom('lesson')
		.select('id')
		.where('courseId', '=', course.id)
		.where('slug', '=', slug)
		.executeTakeFirst();
	if (clash) throw new ValidationError('title', 'error_lesson_slug_taken', { slug });
	const position = (await lessonsOf(trx, moduleId)).length + 1;
	const lesson = await trx
		.insertInto('lesson')
		.values({ courseId: course.id, moduleId, slug, title, position })
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	const { item, revisionBody } = starterItem(kind, title, language);
	await trx.insertInto('lessonItem').values({ lessonId: lesson.id, position: 1, ...item }).execute();
	// The history starts with who created the lesson.
	await trx
		.insertInto('lessonRevision')
		.values({ lessonId: lesson.id, userId: actor!.id, source: 'editor', title, body: revisionBody })
		.execute();
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
	return lesson;
}

/** Moves a lesson up or down within its module. */
export async function moveLesson(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	direction: Direction
) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await findLesson(trx, course.id, lessonId);
	const order = swapped(await lessonsOf(trx, lesson.moduleId), lessonId, direction);
	if (order) await renumber(trx, 'lesson', order);
	await touchCourse(trx, course.id);
}

/**
 * Puts a lesson at a place (1 = first) in a module, its own or another: what the "move to
 * module" button (at the end) and drag and drop (anywhere) both do. The lesson keeps its
 * id and slug, so learners' records stay with it.
 */
export async function placeLesson(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	moduleId: string,
	position?: number
) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await findLesson(trx, course.id, lessonId);
	await findModule(trx, course.id, moduleId);
	const target = (await lessonsOf(trx, moduleId)).filter((l) => l.id !== lessonId);
	const at = Math.min(Math.max((position ?? target.length + 1) - 1, 0), target.length);
	target.splice(at, 0, { id: lessonId, position: -1 });
	if (lesson.moduleId !== moduleId) {
		await trx.updateTable('lesson').set({ moduleId }).where('id', '=', lessonId).execute();
		await renumber(trx, 'lesson', await lessonsOf(trx, lesson.moduleId));
	}
	await renumber(trx, 'lesson', target);
	await touchCourse(trx, course.id);
}

export async function deleteLesson(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await findLesson(trx, course.id, lessonId);
	await trx.deleteFrom('lesson').where('id', '=', lessonId).execute();
	await renumber(trx, 'lesson', await lessonsOf(trx, lesson.moduleId));
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
}
