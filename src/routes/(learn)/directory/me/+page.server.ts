import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { PHOTO_MAX_BYTES, PreviewAsSchema, ProfileSchema, readProfileForm } from '$lib/schemas/directory-profile';
import { formValues, invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { requireUser } from '$lib/server/auth/guards';
import { ensureProfile } from '$lib/server/directory/profile-core';
import { getProfileForEditing, previewProfileView, updateProfile } from '$lib/server/directory/profiles';
import { removeProfilePhoto, setProfilePhoto } from '$lib/server/directory/profile-photo';
import type { Actions, PageServerLoad } from './$types';

/** The person's directory profile: every field, who sees each channel, and "Preview as" (?as=). */
export const load: PageServerLoad = async ({ locals, url, setHeaders }) => {
	const me = requireUser(locals, url);
	setHeaders({ 'cache-control': 'private, no-store' });
	const editor = await getProfileForEditing(db, me.id);
	const as = PreviewAsSchema.parse(url.searchParams.get('as') ?? undefined);
	const preview = as ? { as, profile: (await previewProfileView(db, me.id, as)) ?? null } : null;
	return { editor, preview, userId: me.id, notice: url.searchParams.get('notice') };
};

const photoFailure = (key: string, params: Record<string, string | number> = {}) =>
	fail(400, { values: {}, errors: { photo: key } as Record<string, string>, params });

export const actions = {
	save: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		const form = readProfileForm(await request.formData());
		const input = parseForm(ProfileSchema, form);
		if (!input.ok) return invalid(input);
		try {
			await updateProfile(db, me.id, input.data);
		} catch (e) {
			// e.g. a forged visibility value: refused beside its field, nothing saved
			return failFrom(e, formValues(form));
		}
		redirect(303, '/directory/me?notice=saved');
	},
	photo: async ({ locals, request, url }) => {
		const me = requireUser(locals, url);
		const file = (await request.formData()).get('photo');
		if (!(file instanceof File) || file.size === 0) return photoFailure('error_dir_profile_photo_empty');
		if (file.size > PHOTO_MAX_BYTES) return photoFailure('error_dir_profile_photo_too_large');
		try {
			await ensureProfile(db, me.id);
			await setProfilePhoto(db, me.id, new Uint8Array(await file.arrayBuffer()));
		} catch (e) {
			return failFrom(e);
		}
		redirect(303, '/directory/me?notice=photo');
	},
	removePhoto: async ({ locals, url }) => {
		const me = requireUser(locals, url);
		await removeProfilePhoto(db, me.id);
		redirect(303, '/directory/me?notice=photo_removed');
	}
} satisfies Actions;
