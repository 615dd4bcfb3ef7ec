import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireAdmin } from '$lib/server/auth/guards';
import { LOGO_MAX_BYTES, templateFormValues } from '$lib/schemas/certificates';
import { resolveTemplate } from '$lib/server/certificates/template';
import { saveTemplateAction } from '$lib/server/certificates/template-http';
import type { Actions, PageServerLoad } from './$types';

/** The site's default certificate template (docs/certificates.md, "Templates"): courses without their own use it. */
export const load: PageServerLoad = async ({ locals, url }) => {
	requireAdmin(locals, url);
	const template = await resolveTemplate(db, null, { logo: false });
	return {
		scope: template.scope,
		values: templateFormValues(template),
		logoUrl: template.hasLogo ? `/admin/certificates/template/logo?v=${encodeURIComponent(template.cacheKey)}` : null,
		logoMaxMb: LOGO_MAX_BYTES / 1024 / 1024,
		saved: url.searchParams.has('saved')
	};
};

export const actions = {
	save: async ({ locals, request, url }) => {
		const admin = requireAdmin(locals, url);
		const failure = await saveTemplateAction(db, request, null, admin.id);
		if (failure) return failure;
		redirect(303, '/admin/certificates/template?saved=1');
	}
} satisfies Actions;
