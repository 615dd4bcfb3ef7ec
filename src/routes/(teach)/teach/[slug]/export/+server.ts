import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { failFrom } from '$lib/server/http';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { exportCourseZip } from '$lib/server/courses/export';
import type { RequestHandler } from './$types';

/** The course as a courses/ package zip, for those who may edit it (drafts included). */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	let slug: string;
	try {
		({ slug } = await getEditableCourse(db, user, params.slug));
	} catch (e) {
		return failFrom(e) as never;
	}
	const zip = await exportCourseZip(db, slug);
	return new Response(zip as BodyInit, {
		headers: {
			'content-type': 'application/zip',
			'content-length': String(zip.byteLength),
			'content-disposition': `attachment; filename="${slug}.zip"`,
			'cache-control': 'private, no-store'
		}
	});
};
