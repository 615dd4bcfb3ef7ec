import { error } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { canReadCourse } from '$lib/server/courses/access';
import { getAssetForServing } from '$lib/server/courses/assets';
import { NotFoundError } from '$lib/server/errors';
import { isImagePath } from '$lib/server/courses/package/assets';
import { canReadCourseFiles } from '$lib/server/cohorts/lesson-access';
import type { RequestHandler } from './$types';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INLINE = /^(image\/|video\/|audio\/|application\/pdf)/;

/** A course file, for whoever may read its course. Never rendered as a page of this site. */
export const GET: RequestHandler = async ({ params, locals, request }) => {
	if (!UUID.test(params.id)) error(404, { message: 'error_file_not_found' });
	let asset;
	try {
		asset = await getAssetForServing(db, params.id);
	} catch (e) {
		if (e instanceof NotFoundError) error(404, { message: e.message });
		throw e;
	}
	// Files of courses the reader may not see answer 404, not 403: their names stay private.
	if (!canReadCourse(locals.user, { status: asset.courseStatus ?? 'draft', organisationId: asset.organisationId })) {
		error(404, { message: 'error_file_not_found' });
	}
	// A course taught in cohorts keeps its lesson files for those who read its lessons.
	const course = asset.courseId
		? { id: asset.courseId, access: asset.courseAccess ?? 'open', status: asset.courseStatus ?? 'draft', organisationId: asset.organisationId }
		: null;
	if (course && !(await canReadCourseFiles(db, course, asset.id, asset.coverAssetId, locals.user))) {
		error(404, { message: 'error_file_not_found' });
	}
	const isPublic = asset.courseStatus === 'published' && (course?.access !== 'cohort' || asset.id === asset.coverAssetId);
	const etag = `"${asset.sha256.slice(0, 32)}"`;
	const headers: Record<string, string> = {
		'content-type': asset.contentType,
		'content-length': String(asset.size),
		etag,
		'cache-control': isPublic ? 'public, max-age=3600' : 'private, no-cache',
		'x-content-type-options': 'nosniff',
		// Even if a file were opened as a document, nothing in it could run.
		'content-security-policy': "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'; sandbox",
		'content-disposition': `${INLINE.test(asset.contentType) || isImagePath(asset.path) ? 'inline' : 'attachment'}; filename="${asset.path.split('/').pop()!.replace(/"/g, '')}"`
	};
	if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
	return new Response(asset.data as BodyInit, { headers });
};
