import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { findProfilePhoto } from '$lib/server/directory/profile-photo';
import type { RequestHandler } from './$types';

/**
 * A profile photo, for viewers who may see the profile (others get 404, as if there were none).
 * Served with the type its bytes were checked to be, never sniffed, and sandboxed: whatever else
 * the file holds cannot run as a page of this site. The address carries ?v=<photo_version>, so
 * the browser may keep it (privately) and a new photo is a new address.
 */
export const GET: RequestHandler = async ({ locals, params }) => {
	const photo = await findProfilePhoto(db, locals.user?.id ?? null, params.user);
	if (!photo) error(404, { message: 'error_dir_profile_not_found' });
	return new Response(photo.data as BodyInit, {
		headers: {
			'content-type': photo.type,
			'content-length': String(photo.data.byteLength),
			'cache-control': 'private, max-age=3600',
			'x-content-type-options': 'nosniff',
			'content-security-policy': "default-src 'none'; sandbox",
			'content-disposition': 'inline'
		}
	});
};
