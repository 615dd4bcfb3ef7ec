import type { Database } from '../db/connect';
import type { CohortStatus, CourseAccess, EnrolmentMode } from '../db/schema';
import { canEditCourse, type Actor } from '../courses/access';
import { getLessonView, type LessonView } from '../courses/reader';
import type { ContentCache } from '../cache/content-cache';
import { COHORT_STAFF } from './access';

/**
 * Who reads the lessons of a course taught in cohorts (course.access = 'cohort'), and when:
 * the one place the rule lives.
 *
 * - Editors of the course, administrators and facilitators of any of its cohorts read all.
 * - An enrolled member of one of its cohorts reads a module once that cohort's release date
 *   for it has passed (cohort_module_release), or at once when it has none. In several
 *   cohorts, the earliest opening counts.
 * - Everyone else sees the course page and, instead of a lesson, the cohorts to join.
 *
 * Courses with access 'open' are read as before (published: anyone). The check runs on every
 * request, after the cached, reader-independent lesson view; dates are compared with `now`.
 */

export interface CourseCohortSummary {
	slug: string;
	name: string;
	startsOn: string;
	endsOn: string;
	timeZone: string;
	enrolmentMode: EnrolmentMode;
	status: CohortStatus;
}

export type LessonGate =
	| { kind: 'open' }
	| { kind: 'locked'; opensAt: Date; timeZone: string; cohort: { slug: string; name: string } }
	| { kind: 'members_only'; cohorts: CourseCohortSummary[] };

/** The cohorts a visitor may look at for a course: planned, open or running, soonest first. */
export async function listCourseCohorts(db: Database, courseId: string): Promise<CourseCohortSummary[]> {
	return db
		.selectFrom('cohort')
		.select(['slug', 'name', 'startsOn', 'endsOn', 'timeZone', 'enrolmentMode', 'status'])
		.where('courseId', '=', courseId)
		.where('status', 'in', ['planned', 'open', 'running'])
		.orderBy('startsOn')
		.orderBy('name')
		.execute();
}

export async function lessonGate(
	db: Database,
	course: { id: string; access: CourseAccess; status: string; organisationId: string | null },
	moduleId: string,
	actor: Actor | null | undefined,
	now: Date
): Promise<LessonGate> {
	if (course.access !== 'cohort' || canEditCourse(actor, course)) return { kind: 'open' };
	if (actor) {
		const rows = await db
			.selectFrom('cohort as c')
			.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'c.id').on('e.userId', '=', actor.id).on('e.status', '=', 'enrolled'))
			.leftJoin('cohortFacilitator as f', (j) => j.onRef('f.cohortId', '=', 'c.id').on('f.userId', '=', actor.id))
			.leftJoin('cohortModuleRelease as r', (j) => j.onRef('r.cohortId', '=', 'c.id').on('r.moduleId', '=', moduleId))
			.select(['c.slug', 'c.name', 'c.timeZone', 'e.id as enrolmentId', 'f.userId as facilitatorId', 'r.opensAt'])
			.where('c.courseId', '=', course.id)
			.where((eb) => eb.or([eb('e.id', 'is not', null), eb('f.userId', 'is not', null)]))
			.execute();
		if (COHORT_STAFF.includes(actor.role) && rows.some((r) => r.facilitatorId)) return { kind: 'open' };
		const memberships = rows.filter((r) => r.enrolmentId);
		if (memberships.some((r) => !r.opensAt || r.opensAt <= now)) return { kind: 'open' };
		if (memberships.length) {
			const first = memberships.reduce((a, b) => (b.opensAt! < a.opensAt! ? b : a));
			return { kind: 'locked', opensAt: first.opensAt!, timeZone: first.timeZone, cohort: { slug: first.slug, name: first.name } };
		}
	}
	return { kind: 'members_only', cohorts: await listCourseCohorts(db, course.id) };
}

/**
 * Files of a course taught in cohorts (images, documents, media of its lessons) are for those
 * who read its lessons: its editors, admins, and the members and facilitators of its cohorts.
 * The cover image is public (the catalog shows it). Files are not tied to modules, so a
 * member reads them from the day they join. Open courses' files follow the course.
 */
export async function canReadCourseFiles(
	db: Database,
	course: { id: string; access: CourseAccess; status: string; organisationId: string | null },
	assetId: string,
	coverAssetId: string | null,
	actor: Actor | null | undefined
): Promise<boolean> {
	if (course.access !== 'cohort' || assetId === coverAssetId || canEditCourse(actor, course)) return true;
	if (!actor) return false;
	const row = await db
		.selectFrom('cohort as c')
		.select('c.id')
		.where('c.courseId', '=', course.id)
		.where((eb) =>
			eb.or([
				eb.exists(
					eb
						.selectFrom('enrolment as e')
						.select('e.id')
						.whereRef('e.cohortId', '=', 'c.id')
						.where('e.userId', '=', actor.id)
						.where('e.status', '=', 'enrolled')
				),
				COHORT_STAFF.includes(actor.role)
					? eb.exists(
							eb
								.selectFrom('cohortFacilitator as f')
								.select('f.userId')
								.whereRef('f.cohortId', '=', 'c.id')
								.where('f.userId', '=', actor.id)
						)
					: eb.lit(false)
			])
		)
		.limit(1)
		.executeTakeFirst();
	return !!row;
}

export type LessonPage =
	| { view: LessonView; gate: null }
	| {
			view: null;
			gate: Exclude<LessonGate, { kind: 'open' }>;
			course: { slug: string; title: string; language: string };
			lesson: { slug: string; title: string };
			module: { title: string };
	  };

/**
 * The lesson for this reader: the whole view when they may read it, otherwise only what the
 * course page shows anyway (titles) and why the lesson is closed. Nothing of the lesson's
 * text leaves here for a reader who may not read it.
 */
export async function readLesson(
	db: Database,
	courseSlug: string,
	lessonSlug: string,
	actor: Actor | null | undefined,
	now: Date,
	cache?: ContentCache,
	/** the current content version, when the caller already read it (with the session) */
	contentVersion?: number
): Promise<LessonPage> {
	const view = await getLessonView(db, courseSlug, lessonSlug, actor, cache, contentVersion);
	const gate = await lessonGate(db, view.course, view.moduleId, actor, now);
	if (gate.kind === 'open') return { view, gate: null };
	return {
		view: null,
		gate,
		course: { slug: view.course.slug, title: view.course.title, language: view.course.language },
		lesson: { slug: view.lesson.slug, title: view.lesson.title },
		module: { title: view.module.title }
	};
}
