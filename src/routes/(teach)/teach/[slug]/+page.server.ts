import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { CourseDetailsSchema, DescriptionPreviewSchema, joinListFields } from '$lib/schemas/courses';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { assetUrl, listCourseAssets } from '$lib/server/courses/assets';
import { getEditableCourse, previewMarkdown, setCourseStatus, updateCourseDetails } from '$lib/server/courses/authoring';
import { isImagePath } from '$lib/server/courses/package/assets';
import { completionFormValues, completionFromForm, listGradedItems, saveCompletionRules } from '$lib/server/courses/completion-editor';
import type { CourseStatus } from '$lib/server/db/schema';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const course = await getEditableCourse(db, user, params.slug);
		const [assets, items, stored] = await Promise.all([
			listCourseAssets(db, course.id),
			listGradedItems(db, course.id),
			db.selectFrom('course').select('completionRules').where('id', '=', course.id).executeTakeFirstOrThrow()
		]);
		const images = assets.filter((a) => isImagePath(a.path));
		return {
			course,
			images: images.map((a) => ({ id: a.id, path: a.path, url: assetUrl(a) })),
			completion: { items, ...completionFormValues(stored.completionRules, items) },
			notice: url.searchParams.get('notice')
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

/** What the form sent, the long description whole (values are otherwise cut at 1000 characters). */
const kept = (form: FormData) => ({ ...formValues(form), description: String(form.get('description') ?? '') });

function status(to: CourseStatus, notice: string) {
	return async ({ locals, params, url }: RequestEvent) => {
		const user = requireUser(locals, url);
		try {
			await db.transaction().execute((trx) => setCourseStatus(trx, user, params.slug, to));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, `/teach/${params.slug}?notice=${notice}`);
	};
}

export const actions = {
	save: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = joinListFields(await request.formData());
		const input = parseForm(CourseDetailsSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		try {
			await db.transaction().execute((trx) => updateCourseDetails(trx, user, params.slug, input.data));
		} catch (e) {
			return failFrom(e, kept(form));
		}
		redirect(303, `/teach/${params.slug}?notice=saved`);
	},
	preview: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = joinListFields(await request.formData());
		const input = parseForm(DescriptionPreviewSchema, form);
		if (!input.ok) return invalid({ ...input, values: kept(form) });
		try {
			return { preview: await previewMarkdown(db, user, params.slug, input.data.description), values: kept(form) };
		} catch (e) {
			return failFrom(e, kept(form));
		}
	},
	/** The completion rules form; "Use the defaults" (name=defaults) stores none. */
	saveCompletion: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const values = formValues(form);
		try {
			const course = await getEditableCourse(db, user, params.slug);
			let rules = null;
			if (values.defaults !== 'yes') {
				const parsed = completionFromForm(values, await listGradedItems(db, course.id));
				if (!parsed.ok) return fail(400, { values, errors: parsed.errors, params: {} });
				rules = parsed.rules;
			}
			await db.transaction().execute((trx) => saveCompletionRules(trx, user, params.slug, rules));
		} catch (e) {
			return failFrom(e, values);
		}
		redirect(303, `/teach/${params.slug}?notice=completion`);
	},
	publish: status('published', 'published'),
	unpublish: status('draft', 'unpublished'),
	archive: status('archived', 'archived')
} satisfies Actions;
