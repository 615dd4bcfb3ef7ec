import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { CourseDetailsSchema, DescriptionPreviewSchema, joinListFields } from '$lib/schemas/courses';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { assetUrl, listCourseAssets } from '$lib/server/courses/assets';
import { getEditableCourse, previewMarkdown, setCourseStatus, updateCourseDetails } from '$lib/server/courses/authoring';
import { isImagePath } from '$lib/server/courses/package/assets';
import type { CourseStatus } from '$lib/server/db/schema';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const course = await getEditableCourse(db, user, params.slug);
		const images = (await listCourseAssets(db, course.id)).filter((a) => isImagePath(a.path));
		return { course, images: images.map((a) => ({ id: a.id, path: a.path, url: assetUrl(a) })), notice: url.searchParams.get('notice') };
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
	publish: status('published', 'published'),
	unpublish: status('draft', 'unpublished'),
	archive: status('archived', 'archived')
} satisfies Actions;
