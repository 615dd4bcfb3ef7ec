import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { previewTemplateResponse } from '$lib/server/certificates/template-http';
import type { RequestHandler } from './$types';

/** The site default editor's Preview buttons post the unsaved form here (into a new tab). */
export const POST: RequestHandler = async ({ locals, request, url }) => {
	requireAdmin(locals, url);
	return previewTemplateResponse(db, request, null);
};
