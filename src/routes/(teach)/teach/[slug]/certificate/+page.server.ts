import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireUser } from '$lib/server/auth/guards';
import { LOGO_MAX_BYTES, templateFormValues } from '$lib/schemas/certificates';
import { getEditableCourse } from '$lib/server/courses/authoring';
import { resetTemplate, resolveTemplate } from '$lib/server/certificates/template';
import { saveTemplateAction } from '$lib/server/certificates/template-http';
import { failFrom } from '$lib/server/http';
import type { Actions, PageServerLoad } from './$types';

/** The course's certificate template (docs/certificates.md, "Templates"), for anyone who may edit the course. */
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const user = requireUser(locals, url);
	try {
		const course = await getEditableCourse(db, user, params.slug);
		const template = await resolveTemplate(db, course.id, { logo: false });
		return {
			course: { slug: course.slug, title: course.title, status: course.status },
			scope: template.scope,
			values: templateFormValues(template),
			logoUrl: template.hasLogo ? `/teach/${course.slug}/certificate/logo?v=${encodeURIComponent(template.cacheKey)}` : null,
			logoMaxMb: LOGO_MAX_BYTES / 1024 / 1024,
			notice: url.searchParams.has('saved') ? 'saved' : url.searchParams.has('reset') ? 'reset' : null
		};
	} catch (e) {
		return failFrom(e) as never;
	}
};

async function editableCourse(locals: App.Locals, slug: string, url: URL) {
	const user = requireUser(locals, url);
	try {
		return { user, course: await getEditableCourse(db, user, slug) };
	} catch (e) {
		return failFrom(e) as never;
	}
}

export const actions = {
	save: async ({ locals, params, request, url }) => {
		// The course is checked before the body is read: no one else's upload is buffered.
		const { user, course } = await editableCourse(locals, params.slug, url);
		const failure = await saveTemplateAction(db, request, course.id, user.id);
		if (failure) return failure;
		redirect(303, `/teach/${course.slug}/certificate?saved=1`);
	},
	reset: async ({ locals, params, url }) => {
		const { course } = await editableCourse(locals, params.slug, url);
		await resetTemplate(db, course.id);
		redirect(303, `/teach/${course.slug}/certificate?reset=1`);
	}
} satisfies Actions;
