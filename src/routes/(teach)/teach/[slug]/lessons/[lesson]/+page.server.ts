import { redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { LessonPreviewSchema, LessonSchema, joinListFields } from '$lib/schemas/courses';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { previewMarkdown } from '$lib/server/courses/authoring';
import { getLessonForEditing, getLessonRevision, saveLesson } from '$lib/server/courses/lesson-editor';
import { VIDEO_EXTENSIONS, extensionOf } from '$lib/server/courses/package/assets';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const { course, lesson, attachments, assets, revisions } = await getLessonForEditing(db, user, params.slug, params.lesson);
		// ?revision=<id> puts an earlier version's title and text in the form, to restore it by saving.
		const from = z.uuid().safeParse(url.searchParams.get('revision'));
		const restore = from.success ? (await getLessonRevision(db, user, params.slug, params.lesson, from.data)).revision : null;
		return {
			course: { slug: course.slug, title: course.title, status: course.status },
			lesson,
			attachments,
			files: assets.map(({ id, path }) => ({ id, path })),
			videos: assets.filter((a) => VIDEO_EXTENSIONS.includes(extensionOf(a.path))).map(({ id, path }) => ({ id, path })),
			revisions,
			restore: restore && { id: restore.id, title: restore.title, body: restore.body, createdAt: restore.createdAt },
			saved: url.searchParams.has('saved')
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** What the form sent, with the lesson text whole (values are otherwise cut at 1000 characters). */
const kept = (form: FormData) => ({ ...formValues(form), body: String(form.get('body') ?? '') });

export const actions = {
	save: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = joinListFields(await request.formData());
		const input = parseForm(LessonSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		let slug: string;
		try {
			({ slug } = await db
				.transaction()
				.execute((trx) => saveLesson(trx, user, params.slug, input.data.lessonId, input.data)));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}/lessons/${slug}?saved`);
	},
	/** Renders the unsaved text; nothing is stored. Works as a plain form post without JavaScript. */
	preview: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = joinListFields(await request.formData());
		const input = parseForm(LessonPreviewSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		try {
			return { preview: await previewMarkdown(db, user, params.slug, input.data.body), values: kept(form) };
		} catch (e) {
			return failFrom(e, kept(form));
		}
	}
} satisfies Actions;
