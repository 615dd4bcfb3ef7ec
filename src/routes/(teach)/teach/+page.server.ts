import { fail, redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { requireRole } from '$lib/server/auth/guards';
import { NewCourseSchema } from '$lib/schemas/courses';
import { invalid, parseForm } from '$lib/server/form';
import { failFrom } from '$lib/server/http';
import { canCreateCourse } from '$lib/server/courses/access';
import { createCourse, listEditableCourses } from '$lib/server/courses/authoring';
import { importCourseZipAs } from '$lib/server/courses/zip-import';
import { CoursePackageError } from '$lib/server/courses/packages';
import { LIMITS } from '$lib/server/courses/package/files';
import { ForbiddenError } from '$lib/server/errors';
import { listOrganisations } from '$lib/server/organisations/organisations';
import { canCreateCohort, COHORT_STAFF } from '$lib/server/cohorts/access';
import { listManagedCohorts } from '$lib/server/cohorts/cohorts';
import { declaredTooLarge, tooLarge, uploadedFile } from './uploads';
import type { Actions, PageServerLoad } from './$types';

const TEACHERS = ['author', 'admin'] as const;

/**
 * The teaching home: authors and administrators see the courses they edit; everyone on the
 * staff (facilitators too) sees the cohorts they run.
 */
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireRole(locals, [...COHORT_STAFF], url);
	const teachesCourses = (TEACHERS as readonly string[]).includes(user.role);
	const [courses, organisations, cohorts] = await Promise.all([
		teachesCourses ? listEditableCourses(db, user) : [],
		user.role === 'admin' ? listOrganisations(db) : [],
		listManagedCohorts(db, user)
	]);
	return {
		courses,
		organisations: organisations.map(({ id, name }) => ({ id, name })),
		teachesCourses,
		canCreate: canCreateCourse(user),
		canCreateCohort: canCreateCohort(user),
		cohorts: cohorts.map(({ id, slug, name, status, startsOn, endsOn, courseTitle }) => ({ id, slug, name, status, startsOn, endsOn, courseTitle })),
		isAdmin: user.role === 'admin'
	};
};

export const actions = {
	create: async ({ locals, request, url }) => {
		const user = requireRole(locals, [...TEACHERS], url);
		const input = parseForm(NewCourseSchema, await request.formData());
		if (!input.ok) return invalid(input);
		let slug: string;
		try {
			({ slug } = await db.transaction().execute((trx) => createCourse(trx, user, input.data)));
		} catch (e) {
			return failFrom(e, { ...input.data, slug: input.data.slug ?? '', organisationId: input.data.organisationId ?? '' });
		}
		redirect(303, `/teach/${slug}?notice=created`);
	},
	import: async ({ locals, request, url }) => {
		const user = requireRole(locals, [...TEACHERS], url);
		const early = declaredTooLarge(request, LIMITS.zipBytes, 'zip');
		if (early) return early;
		const file = uploadedFile(await request.formData(), 'zip');
		if (!file) return fail(400, { values: {}, errors: { zip: 'error_file_required' }, params: {} });
		if (!file.name.toLowerCase().endsWith('.zip')) return fail(400, { values: {}, errors: { zip: 'error_zip_type' }, params: {} });
		if (file.size > LIMITS.zipBytes) return tooLarge(LIMITS.zipBytes, 'zip');
		let slug: string;
		try {
			({ slug } = await importCourseZipAs(db, user, new Uint8Array(await file.arrayBuffer()), file.name));
		} catch (e) {
			if (e instanceof CoursePackageError) {
				return fail(400, { values: {}, errors: { zip: e.message }, params: e.params, problems: e.problems });
			}
			if (e instanceof ForbiddenError) return fail(403, { values: {}, errors: { zip: e.message }, params: e.params });
			return failFrom(e);
		}
		redirect(303, `/teach/${slug}?notice=imported`);
	}
} satisfies Actions;
