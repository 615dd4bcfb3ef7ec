import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { templateLogoResponse } from '$lib/server/certificates/template-http';
import type { RequestHandler } from './$types';

/** The site default template's logo, for its editor. */
export const GET: RequestHandler = async ({ locals, url }) => {
	requireAdmin(locals, url);
	return templateLogoResponse(db, null);
};
