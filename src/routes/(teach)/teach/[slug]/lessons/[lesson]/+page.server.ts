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
import { deleteQuizQuestion, moveQuizQuestion, previewQuiz, saveAssignmentLesson, saveQuizLesson } from '$lib/server/courses/item-editor';
import { questionSummaries } from '$lib/server/courses/question-form';
import { ValidationError } from '$lib/server/errors';
import '$lib/i18n/errors-authoring';
import { getLessonForEditing, getLessonRevision, saveLesson } from '$lib/server/courses/lesson-editor';
import { H5pPackageRefusedError, checkH5pUpload, getH5pEditorView, saveH5pLesson, setH5pPackage } from '$lib/server/courses/h5p-editor';
import { H5P_LIMITS } from '$lib/server/h5p/limits';
import { libraryLabel } from '$lib/server/h5p/package';
import { declaredTooLarge, tooLarge, uploadedFile } from '../../../uploads';
import { VIDEO_EXTENSIONS, extensionOf } from '$lib/server/courses/package/assets';
import { parseQuizYaml } from '$lib/server/quizzes/yaml';
import { DeleteCriterionSchema, MoveCriterionSchema, type RubricChange } from '$lib/server/courses/criterion-form';
import { changeRubric } from '$lib/server/courses/rubric-editor';
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
		const stored = lesson.kind === 'quiz' ? storedQuiz(lesson.data, lesson.title, course.language) : null;
		const quiz = restored?.ok ? restored.quiz : stored;
		const { data, ...shown } = lesson;
		return {
			course: { slug: course.slug, title: course.title, status: course.status, language: course.language },
			lesson: shown,
			quiz: quiz && {
				values: quizFormValues(quiz),
				preview: await previewQuiz(db, course.id, quiz),
				// the builder's list is of the saved questions, even while a revision is restored
				questions: questionSummaries(stored ?? quiz)
			},
			questionNotice: url.searchParams.get('question'),
			assignment: lesson.kind === 'assignment' ? assignmentView(assignmentSettings(data)) : null,
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

/** A question of the list, and what to do with it (the builder's move and delete buttons). */
const QuestionActionSchema = z.object({
	lessonId: z.uuid(),
	questionId: z.string().min(1).max(100),
	direction: z.enum(['up', 'down']).optional(),
	confirm: z.string().optional()
});

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
	moveQuestion: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const input = QuestionActionSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!input.success || !input.data.direction) return fail(400, { errors: { form: 'error_invalid' }, params: {} });
		const { lessonId, questionId, direction } = input.data;
		const { slug } = await db
			.transaction()
			.execute((trx) => moveQuizQuestion(trx, user, event.params.slug, lessonId, questionId, direction))
			.catch((e: unknown) => failFrom(e) as never);
		redirect(303, `/teach/${event.params.slug}/lessons/${slug}?question=moved#question-${questionId}`);
	},
	/** Deletes a question once the box is ticked; the quiz must still hold without it. */
	deleteQuestion: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const input = QuestionActionSchema.safeParse(Object.fromEntries(await event.request.formData()));
		if (!input.success) return fail(400, { errors: { form: 'error_invalid' }, params: {} });
		const { lessonId, questionId, confirm } = input.data;
		const refused = (key: string) => fail(400, { errors: { confirm: key }, params: {}, formId: `delete-${questionId}` });
		if (confirm !== 'yes') return refused('error_confirm_delete');
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => deleteQuizQuestion(trx, user, event.params.slug, lessonId, questionId)));
		} catch (e) {
			if (e instanceof ValidationError) return refused(e.message);
			return failFrom(e);
		}
		redirect(303, `/teach/${event.params.slug}/lessons/${slug}?question=deleted#quiz-questions`);
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
	},
	/** The rubric builder's "Move up" / "Move down" of a criterion: saved at once. */
	moveCriterion: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const input = parseForm(MoveCriterionSchema, await event.request.formData());
		if (!input.ok) return fail(400, { errors: { form: 'error_invalid' }, params: {} });
		return rubricChange(event, user, { kind: 'move', ...input.data });
	},
	/** The rubric builder's "Delete criterion", with its box ticked. */
	deleteCriterion: async (event) => {
		const { user } = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const input = parseForm(DeleteCriterionSchema, await event.request.formData());
		if (!input.ok) return fail(400, { errors: { form: 'error_invalid' }, params: {} });
		// No `values`: the assignment form above keeps showing the stored lesson.
		if (input.data.confirm !== 'yes') return fail(400, { errors: { [`delete-${input.data.criterionId}`]: 'error_confirm_delete' }, params: {} });
		return rubricChange(event, user, { kind: 'delete', criterionId: input.data.criterionId });
	}
} satisfies Actions;

/** One change of the rubric in a transaction (an unknown criterion: 404), then back to its list. */
async function rubricChange({ params }: RequestEvent, user: Parameters<typeof changeRubric>[1], change: RubricChange) {
	try {
		await db.transaction().execute((trx) => changeRubric(trx, user, params.slug, params.lesson, change));
	} catch (e) {
		return failFrom(e);
	}
	redirect(303, `/teach/${params.slug}/lessons/${params.lesson}?saved#rubric`);
}

/** The assignment editor's fields and the rubric's criteria for its builder. */
function assignmentView(settings: ReturnType<typeof assignmentSettings>) {
	return { values: assignmentFormValues(settings), rubric: settings.rubric };
}
