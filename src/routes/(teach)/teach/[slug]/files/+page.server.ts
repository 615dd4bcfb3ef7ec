import { fail } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { DeleteAssetSchema } from '$lib/schemas/courses';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { assetUrl, listCourseAssets } from '$lib/server/courses/assets';
import { deleteCourseFile, getEditableCourse, uploadCourseFile } from '$lib/server/courses/authoring';
import { ALLOWED_EXTENSIONS, isImagePath } from '$lib/server/courses/package/assets';
import { LIMITS } from '$lib/server/courses/package/files';
import { declaredTooLarge, tooLarge, uploadedFile } from '../../uploads';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const course = await getEditableCourse(db, user, params.slug);
		const files = (await listCourseAssets(db, course.id)).map((a) => ({
			id: a.id,
			path: a.path,
			size: a.size,
			createdAt: a.createdAt,
			url: assetUrl(a),
			isImage: isImagePath(a.path)
		}));
		return {
			course: { slug: course.slug, title: course.title, status: course.status },
			files,
			types: ALLOWED_EXTENSIONS.map((e) => `.${e}`),
			maxMb: LIMITS.fileBytes / 1024 / 1024
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

export const actions = {
	upload: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		// The course is checked before the body is read: no one else's upload is buffered.
		try {
			await getEditableCourse(db, user, params.slug);
		} catch (e) {
			return failFrom(e);
		}
		const early = declaredTooLarge(request, LIMITS.fileBytes);
		if (early) return early;
		const file = uploadedFile(await request.formData(), 'file');
		if (!file) return fail(400, { values: {}, errors: { file: 'error_file_required' }, params: {} });
		if (file.size > LIMITS.fileBytes) return tooLarge(LIMITS.fileBytes);
		try {
			const data = new Uint8Array(await file.arrayBuffer());
			const asset = await db
				.transaction()
				.execute((trx) => uploadCourseFile(trx, user, params.slug, { fileName: file.name, data }));
			return { uploaded: asset.path };
		} catch (e) {
			return failFrom(e);
		}
	},
	delete: async ({ locals, params, request, url }) => {
		const user = requireUser(locals, url);
		const form = await request.formData();
		const input = parseForm(DeleteAssetSchema, form);
		if (!input.ok) return invalid(input);
		try {
			await db.transaction().execute((trx) => deleteCourseFile(trx, user, params.slug, input.data.assetId));
		} catch (e) {
			return failFrom(e, formValues(form));
		}
		return { deleted: true };
	}
} satisfies Actions;
