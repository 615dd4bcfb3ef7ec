import { error, fail, redirect } from '@sveltejs/kit';
import { z } from 'zod';
import { db } from '$lib/server/db';
import '$lib/i18n/errors-authoring';
import { requireUser } from '$lib/server/auth/guards';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { getQuizQuestion, saveQuizQuestion } from '$lib/server/courses/item-editor';
import { MAX_ROWS, NEW_QUESTION, isQuestionType, newQuestionValues, questionFormValues, rowCount, withMoreRows, type FormValues } from '$lib/server/courses/question-form';
import { failFrom } from '$lib/server/http';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** One question of a quiz as form fields; `new` (with ?type=) adds one at the end. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	const { course, lesson, quiz, index } = await getQuizQuestion(db, user, params.slug, params.lesson, params.question).catch(
		(e: unknown) => failFrom(e) as never
	);
	const question = index === null ? null : quiz.questions[index]!;
	const type = question?.type ?? url.searchParams.get('type');
	if (!isQuestionType(type)) error(400, { message: 'error_builder_type_unknown' });
	const values = question ? questionFormValues(question) : newQuestionValues(type);
	return {
		course: { slug: course.slug, title: course.title, language: course.language },
		lesson,
		type,
		isNew: question === null,
		number: (index ?? quiz.questions.length) + 1,
		values,
		rows: rowCount(values, type),
		maxRows: MAX_ROWS
	};
};

/** What the form sent, every text whole (the builder's fields are checked against the quiz's limits). */
const sent = (form: FormData): FormValues => {
	const values: FormValues = {};
	for (const [key, value] of form) if (typeof value === 'string' && key.length <= 40) values[key] = value.slice(0, 50_000);
	return values;
};

/** The rows the page shows for what was sent (the form names its type; a forged one shows none). */
const rowsOf = (values: FormValues) => (isQuestionType(values.type) ? rowCount(values, values.type) : 0);

/** Only the course's editors post here: checked before the form is read. */
const editor = async ({ locals, params, url }: RequestEvent) => {
	const user = requireUser(locals, url);
	await getEditableCourse(db, user, params.slug);
	return user;
};

export const actions = {
	save: async (event) => {
		const user = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params } = event;
		const values = sent(await event.request.formData());
		const lessonId = z.uuid().safeParse(values.lessonId);
		if (!lessonId.success) error(404, { message: 'error_lesson_not_found' });
		let saved;
		try {
			saved = await db.transaction().execute((trx) => saveQuizQuestion(trx, user, params.slug, lessonId.data, params.question, values));
		} catch (e) {
			return failFrom(e, values);
		}
		if (!saved.ok) return fail(400, { values, errors: saved.errors, params: saved.params, rows: rowsOf(values) });
		const notice = params.question === NEW_QUESTION ? 'added' : 'saved';
		redirect(303, `/teach/${params.slug}/lessons/${saved.slug}?question=${notice}#question-${saved.questionId}`);
	},
	/** More empty rows, with what was typed kept; nothing is stored (works without JavaScript). */
	addRows: async (event) => {
		await editor(event).catch((e: unknown) => failFrom(e) as never);
		const values = sent(await event.request.formData());
		if (!isQuestionType(values.type)) return fail(400, { values, errors: { type: 'error_builder_type_unknown' }, params: {}, rows: 0 });
		const more = withMoreRows(values, values.type);
		return { values: more, rows: rowCount(more, values.type), rowsAdded: true };
	}
} satisfies Actions;
