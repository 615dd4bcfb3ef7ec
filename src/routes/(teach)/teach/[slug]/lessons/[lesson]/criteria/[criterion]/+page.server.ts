import { fail, redirect } from '@sveltejs/kit';
import '$lib/i18n/errors-authoring';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { formValues } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { ValidationError } from '$lib/server/errors';
import { CRITERION_PARAMS, MAX_ROWS, NEW_CRITERION, criterionFormValues, criterionFromForm, moreRows } from '$lib/server/courses/criterion-form';
import { changeRubric, getAssignmentRubric, getCriterion } from '$lib/server/courses/rubric-editor';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** One criterion of an assignment's rubric as a form (`new`: a new criterion). Only the course's editors. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const { course, lesson, rubric } = await getAssignmentRubric(db, user, params.slug, params.lesson);
		const criterion = params.criterion === NEW_CRITERION ? null : getCriterion(rubric, params.criterion);
		return {
			course: { slug: course.slug, title: course.title, language: course.language },
			lesson,
			criterion: criterion && { id: criterion.id, title: criterion.title },
			form: criterionFormValues(criterion),
			maxRows: MAX_ROWS,
			limits: CRITERION_PARAMS
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** What was typed, to show again; the description whole (other values are cut at 1000 characters). */
function posted(form: FormData) {
	const values = formValues(form);
	values.description = String(form.get('description') ?? '').slice(0, 10_000);
	return values;
}

/** The rubric must exist and be the actor's to edit before the form is read (a forged id: 404). */
async function editor({ locals, params, url }: RequestEvent) {
	const user = requireUser(locals, url);
	const { rubric } = await getAssignmentRubric(db, user, params.slug, params.lesson);
	if (params.criterion !== NEW_CRITERION) getCriterion(rubric, params.criterion);
	return user;
}

export const actions = {
	saveCriterion: async (event) => {
		const user = await editor(event).catch((e: unknown) => failFrom(e) as never);
		const { params } = event;
		const values = posted(await event.request.formData());
		const input = criterionFromForm(values);
		if (!input.ok) return fail(400, { values, errors: input.errors, params: input.params });
		const criterionId = params.criterion === NEW_CRITERION ? null : params.criterion;
		try {
			await db.transaction().execute((trx) => changeRubric(trx, user, params.slug, params.lesson, { kind: 'save', criterionId, criterion: input.criterion }));
		} catch (e) {
			if (e instanceof ValidationError) return fail(400, { values, errors: { [e.field]: e.message }, params: { ...CRITERION_PARAMS, ...e.params } });
			return failFrom(e, values);
		}
		redirect(303, `/teach/${params.slug}/lessons/${params.lesson}?saved#rubric`);
	},
	/** The same form with more blank rows; nothing is stored. Works without JavaScript. */
	moreRows: async (event) => {
		await editor(event).catch((e: unknown) => failFrom(e) as never);
		const values = posted(await event.request.formData());
		return { values: { ...values, rows: String(moreRows(values)) }, errors: {} as Record<string, string>, params: CRITERION_PARAMS };
	}
} satisfies Actions;
