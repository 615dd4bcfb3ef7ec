import { fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { LessonPreviewSchema, LessonSchema, joinListFields } from '$lib/schemas/courses';
import { AssignmentLessonSchema, H5pLessonSchema, QuizLessonSchema } from '$lib/schemas/items';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { assignmentSettings } from '$lib/server/assessments/assignment-settings';
import { getEditableCourse, previewMarkdown } from '$lib/server/courses/authoring';
import { assignmentFormValues, assignmentFromForm, quizFormValues, quizFromForm, storedQuiz, type LineIssue } from '$lib/server/courses/item-forms';
import { previewQuiz, saveAssignmentLesson, saveQuizLesson } from '$lib/server/courses/item-editor';
import { getLessonForEditing, getLessonRevision, saveLesson } from '$lib/server/courses/lesson-editor';
import { H5pPackageRefusedError, checkH5pUpload, getH5pEditorView, saveH5pLesson, setH5pPackage } from '$lib/server/courses/h5p-editor';
import { H5P_LIMITS } from '$lib/server/h5p/limits';
import { libraryLabel } from '$lib/server/h5p/package';
import { declaredTooLarge, tooLarge, uploadedFile } from '../../../uploads';
import { VIDEO_EXTENSIONS, extensionOf } from '$lib/server/courses/package/assets';
import { parseQuizYaml } from '$lib/server/quizzes/yaml';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const { course, lesson, attachments, assets, revisions } = await getLessonForEditing(db, user, params.slug, params.lesson);
		// ?revision=<id> puts an earlier version's title and text in the form, to restore it by saving.
		const from = z.uuid().safeParse(url.searchParams.get('revision'));
		const restore = from.success ? (await getLessonRevision(db, user, params.slug, params.lesson, from.data)).revision : null;
		// A quiz's earlier version is its file: restoring it fills the whole form.
		const restored = lesson.kind === 'quiz' && restore ? parseQuizYaml(restore.body) : null;
		const quiz = lesson.kind === 'quiz' ? (restored?.ok ? restored.quiz : storedQuiz(lesson.data, lesson.title, course.language)) : null;
		const { data, ...shown } = lesson;
		return {
			course: { slug: course.slug, title: course.title, status: course.status, language: course.language },
			lesson: shown,
			quiz: quiz && { values: quizFormValues(quiz), preview: await previewQuiz(db, course.id, quiz) },
			assignment: lesson.kind === 'assignment' ? { values: assignmentFormValues(assignmentSettings(data)) } : null,
			h5p: lesson.kind === 'h5p' ? await getH5pEditorView(db, user, course.slug, data) : null,
			h5pMaxMb: H5P_LIMITS.compressedBytes / 1024 / 1024,
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

/** What the form sent, long texts whole (values are otherwise cut at 1000 characters). */
const kept = (form: FormData) => {
	const values = formValues(form);
	for (const name of ['body', 'description', 'questions', 'rubric']) if (form.has(name)) values[name] = String(form.get(name));
	return values;
};

/** The questions or the rubric did not check out: every problem, by line, and what was typed. */
const itemProblems = (form: FormData, field: 'questions' | 'rubric', issues: LineIssue[]) =>
	fail(400, { values: kept(form), errors: { [field]: `error_${field}_invalid` }, issues, params: { count: issues.length } });

/** Only the course's editors post here: checked before the form is read. */
async function editor({ locals, params, url }: RequestEvent) {
	const user = requireUser(locals, url);
	const course = await getEditableCourse(db, user, params.slug);
	return { user, course };
}

export const actions = {
	save: async (event) => {
		const { locals, params, request, url } = event;
		const user = requireUser(locals, url);
		const form = joinListFields(await request.formData());
		const input = parseForm(LessonSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => saveLesson(trx, user, params.slug, input.data.lessonId, input.data)));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}/lessons/${slug}?saved`);
	},
	saveQuiz: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params, request } = event;
		const form = await request.formData();
		const input = parseForm(QuizLessonSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		const quiz = quizFromForm(input.data);
		if (!quiz.ok) return itemProblems(form, 'questions', quiz.issues);
		let slug: string;
		try {
			({ slug } = await db
				.transaction()
				.execute((trx) => saveQuizLesson(trx, user, params.slug, input.data.lessonId, { ...input.data, quiz: quiz.value })));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}/lessons/${slug}?saved`);
	},
	/** The typed questions as a learner would see them; nothing is stored. */
	previewQuiz: async (event) => {
		const { course } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const form = await event.request.formData();
		try {
			const input = parseForm(QuizLessonSchema, form);
			if (!input.ok) return invalid({ ...input, values: kept(form) });
			const quiz = quizFromForm(input.data);
			if (!quiz.ok) return itemProblems(form, 'questions', quiz.issues);
			return { quizPreview: await previewQuiz(db, course.id, quiz.value), values: kept(form) };
		} catch (e) {
			return failFrom(e, kept(form));
		}
	},
	saveAssignment: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params, request } = event;
		const form = await request.formData();
		const input = parseForm(AssignmentLessonSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		const settings = assignmentFromForm(input.data);
		if (!settings.ok) return itemProblems(form, 'rubric', settings.issues);
		let slug: string;
		try {
			({ slug } = await db
				.transaction()
				.execute((trx) => saveAssignmentLesson(trx, user, params.slug, input.data.lessonId, { ...input.data, settings: settings.value })));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}/lessons/${slug}?saved`);
	},
	/**
	 * An .h5p package for an activity lesson (the first, or a replacement). The course is
	 * checked before the body is read; the package is checked whole before anything is stored.
	 */
	uploadH5p: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params, request } = event;
		const early = declaredTooLarge(request, H5P_LIMITS.compressedBytes);
		if (early) return early;
		const form = await request.formData();
		const lessonId = z.uuid().safeParse(form.get('lessonId'));
		if (!lessonId.success) return fail(400, { values: {}, errors: { lessonId: 'error_lesson_not_found' }, params: {} });
		const file = uploadedFile(form, 'file');
		if (!file) return fail(400, { values: {}, errors: { file: 'error_h5p_file_required' }, params: {} });
		if (file.size > H5P_LIMITS.compressedBytes) return tooLarge(H5P_LIMITS.compressedBytes);
		try {
			const pkg = await checkH5pUpload(db, new Uint8Array(await file.arrayBuffer()));
			const { pending } = await db.transaction().execute((trx) => setH5pPackage(trx, user, params.slug, lessonId.data, pkg));
			return { uploaded: { title: pkg.title, mainLibrary: libraryLabel(pkg.mainLibrary), pending: pending.map(libraryLabel) } };
		} catch (e) {
			if (e instanceof H5pPackageRefusedError) {
				return fail(400, { values: {}, errors: { file: e.message }, params: e.params, problems: e.problems, fileName: file.name });
			}
			return failFrom(e);
		}
	},
	saveH5p: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params, request } = event;
		const form = await request.formData();
		const input = parseForm(H5pLessonSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => saveH5pLesson(trx, user, params.slug, input.data.lessonId, input.data)));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}/lessons/${slug}?saved`);
	},
	/** Renders the unsaved text (a lesson's or an assignment's instructions); nothing is stored. Works without JavaScript. */
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
