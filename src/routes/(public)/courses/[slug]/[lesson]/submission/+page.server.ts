import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { contentCache } from '$lib/server/cache';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { assignmentLessonData, openAssignment, submit, type SubmitInput } from '$lib/server/assessments/assignments';
import { learningContext } from '$lib/server/progress/context';
import type { Actions, PageServerLoad } from './$types';

/**
 * Handing in an assignment. The lesson page shows the form and posts here; this page is what a
 * browser without JavaScript sees when a submit fails (the form again, with the reason).
 */
export const load: PageServerLoad = async ({ locals, params }) => {
	const now = new Date();
	try {
		const { view, lesson } = await openAssignment(db, locals.user, params.slug, params.lesson, now, contentCache);
		const ctx = locals.user ? await learningContext(db, locals.user.id, view.course.id) : null;
		return {
			course: { slug: view.course.slug, title: view.course.title, language: view.course.language },
			lesson: { slug: view.lesson.slug, title: view.lesson.title },
			panel: await assignmentLessonData(db, ctx, { ...lesson, courseSlug: view.course.slug }, now)
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	submit: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const now = new Date();
		const form = await request.formData();
		const text = typeof form.get('text') === 'string' ? (form.get('text') as string) : '';
		const input: SubmitInput = {
			text,
			files: form.getAll('files').filter((f): f is File => f instanceof File).map((f) => ({
				name: f.name,
				size: f.size,
				bytes: async () => new Uint8Array(await f.arrayBuffer())
			})),
			removeFiles: form.getAll('remove').filter((v): v is string => typeof v === 'string')
		};
		try {
			const { view, lesson } = await openAssignment(db, user, params.slug, params.lesson, now, contentCache);
			const ctx = await learningContext(db, user.id, view.course.id);
			await db.transaction().execute((trx) => submit(trx, ctx, lesson, input, now));
		} catch (e) {
			return failFrom(e, { text });
		}
		redirect(303, `/courses/${params.slug}/${params.lesson}?notice=submitted#assignment`);
	}
} satisfies Actions;
