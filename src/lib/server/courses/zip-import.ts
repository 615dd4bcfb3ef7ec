import { basename } from 'node:path';
import type { Database } from '../db/connect';
import { ForbiddenError } from '../errors';
import { canCreateCourse, canEditCourse, type Actor } from './access';
import { importCourse, packageHash, type ImportResult } from './import';
import { readCourseZip, zipNameToSlug } from './package/files';
import { formatProblem, parseCoursePackage } from './package/parse';
import { CoursePackageError } from './packages';

type Editor = Actor | null | undefined;

/**
 * Imports an uploaded course zip on behalf of an author or administrator. Everything is
 * checked before anything is written (every problem listed), then the course is written in
 * one transaction. A zip whose slug names a course the actor may not edit is refused. For
 * authors the course belongs to their own organisation, whatever course.yaml says (an
 * upload never creates or borrows another organisation).
 */
export async function importCourseZipAs(
	db: Database,
	actor: Editor,
	data: Uint8Array,
	filename: string
): Promise<ImportResult> {
	if (!canCreateCourse(actor)) throw new ForbiddenError('error_course_create_forbidden');
	const label = basename(filename);
	const read = await readCourseZip(data, zipNameToSlug(filename));
	const parsed = read.problems.length ? { problems: read.problems } : parseCoursePackage(read.files, read.slug);
	if (!parsed.course || parsed.problems.length) {
		throw new CoursePackageError(parsed.problems.map((p) => formatProblem(p, label)));
	}
	const course = parsed.course;
	if (course.status === 'published' && course.modules.every((m) => m.lessons.length === 0)) {
		throw new CoursePackageError([formatProblem({ file: 'course.yaml', message: 'a published course needs at least one lesson' }, label)]);
	}
	const forAuthor = actor!.role !== 'admin';
	return db.transaction().execute(async (trx) => {
		const existing = await trx
			.selectFrom('course')
			.select(['status', 'organisationId'])
			.where('slug', '=', course.slug)
			.forUpdate()
			.executeTakeFirst();
		if (existing && !canEditCourse(actor, existing)) {
			throw new ForbiddenError('error_import_not_yours', { slug: course.slug });
		}
		const result = await importCourse(trx, forAuthor ? { ...course, organisation: null } : course, {
			userId: actor!.id,
			sourceHash: packageHash(read.files),
			label,
			// An author's zip may bring H5P libraries the site lacks: those wait for an administrator.
			trusted: !forAuthor
		});
		if (forAuthor) {
			await trx.updateTable('course').set({ organisationId: actor!.organisationId }).where('id', '=', result.courseId).execute();
		}
		return result;
	});
}
