import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import {
	DeleteLessonSchema,
	DeleteModuleSchema,
	MoveLessonSchema,
	MoveModuleSchema,
	NewLessonSchema,
	PlaceLessonSchema,
	RenameModuleSchema,
	TitleSchema
} from '$lib/schemas/courses';
import { NewItemKindField } from '$lib/schemas/items';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { getEditableCourse } from '$lib/server/courses/authoring';
import * as outline from '$lib/server/courses/outline';
import type { SessionUser } from '$lib/server/auth/session';
import type { DB } from '$lib/server/db/schema';
import type { Transaction } from 'kysely';
import type { z } from 'zod';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

type Run<T> = (trx: Transaction<DB>, user: SessionUser, slug: string, input: T) => Promise<unknown>;

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const course = await getEditableCourse(db, user, params.slug);
		return { course: { slug: course.slug, title: course.title, status: course.status }, modules: await outline.getOutline(db, course.id) };
	} catch (e) {
		return failFrom(e) as never;
	}
};

/**
 * Every change to the outline is one action: guard, parse, call the domain function in a
 * transaction, and answer with what was done (the page says so in a live region).
 */
function change<S extends z.ZodType>(schema: S, done: string, run: Run<z.output<S>>) {
	return async ({ locals, params, request, url }: RequestEvent) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const input = parseForm(schema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => run(trx, user, params.slug, input.data));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		return { done };
	};
}

export const actions = {
	addModule: change(TitleSchema, 'moduleAdded', (trx, user, slug, i) => outline.addModule(trx, user, slug, i.title)),
	renameModule: change(RenameModuleSchema, 'moduleRenamed', (trx, user, slug, i) =>
		outline.renameModule(trx, user, slug, i.moduleId, i.title)
	),
	deleteModule: change(DeleteModuleSchema, 'moduleDeleted', (trx, user, slug, i) => outline.deleteModule(trx, user, slug, i.moduleId)),
	moveModule: change(MoveModuleSchema, 'moduleMoved', (trx, user, slug, i) =>
		outline.moveModule(trx, user, slug, i.moduleId, i.direction)
	),
	addLesson: change(NewLessonSchema.extend({ kind: NewItemKindField }), 'lessonAdded', (trx, user, slug, i) =>
		outline.addLesson(trx, user, slug, i.moduleId, i.title, i.kind)
	),
	moveLesson: change(MoveLessonSchema, 'lessonMoved', (trx, user, slug, i) =>
		outline.moveLesson(trx, user, slug, i.lessonId, i.direction)
	),
	/** "Move to module" (at its end), and drag and drop (to a place) when JavaScript is on. */
	placeLesson: change(PlaceLessonSchema.partial({ position: true }), 'lessonMoved', (trx, user, slug, i) =>
		outline.placeLesson(trx, user, slug, i.lessonId, i.moduleId, i.position)
	),
	deleteLesson: change(DeleteLessonSchema, 'lessonDeleted', (trx, user, slug, i) => outline.deleteLesson(trx, user, slug, i.lessonId))
} satisfies Actions;
