import { sql, type Transaction } from 'kysely';
import { slugify } from '../../courses/taxonomy';
import { isValidDate, isValidTimeZone, utcToZonedLocal, zonedLocalToUtc } from '../../datetime';
import {
	CohortSlugField,
	cohortProblems,
	COHORT_STATUSES,
	ENROLMENT_MODES,
	MAX_CAPACITY,
	type CohortSettingsInput,
	type NewCohortInput
} from '../../schemas/cohort-admin';
import type { Database } from '../db/connect';
import type { Cohort, DB } from '../db/schema';
import { ForbiddenError, ValidationError, isUniqueViolation } from '../errors';
import { canEditCourse, type Actor } from '../courses/access';
import { canCreateCohort, COHORT_STAFF, requireCohortManager } from './access';
import { queueMail } from '../mail/outbox';
import { promotedMail } from './enrolment-mail';
import { lockCohort, promoteFromWaitlist, seatsTaken } from './seats';

/**
 * Running a cohort: creating it, its settings, the list of cohorts. Every function that
 * changes a cohort takes the acting person and checks, through access.ts, that they manage
 * it, so the rule holds whichever page or script calls it. Facilitators are in
 * facilitators.ts, the schedule (module releases, sessions) in schedule.ts, invitations in invitations.ts, the application form and the
 * rubric in application-form.ts, announcements in announcements.ts, the roster in roster.ts.
 */

type Who = Actor | null | undefined;

/** The cohort, locked for the rest of the transaction, when the actor manages it. */
export async function lockManagedCohort(trx: Transaction<DB>, actor: Who, slug: string): Promise<Cohort> {
	const cohort = await requireCohortManager(trx, actor, slug);
	return lockCohort(trx, cohort.id);
}

function fail(problem: { field: string; key: string; params?: Record<string, string | number> } | undefined) {
	if (problem) throw new ValidationError(problem.field, problem.key, problem.params);
}

/** A datetime-local value read in `zone`, keeping `previous` when it is the same minute as shown. */
function instant(local: string | null, zone: string, field: string, previous?: Date | null): Date | null {
	if (!local) return null;
	if (previous && utcToZonedLocal(previous, zone) === local) return previous;
	const at = zonedLocalToUtc(local, zone);
	if (!at) throw new ValidationError(field, 'error_datetime_invalid');
	return at;
}

/**
 * Checks a cohort's fields as the database would take them, for callers that did not come
 * through the form's schema. `windowZone` is the zone the window's times were typed in.
 */
function checkCohort(input: CohortSettingsInput, windowZone: string, previous?: Cohort) {
	const name = input.name.trim();
	if (!name) fail({ field: 'name', key: 'error_required' });
	if (name.length > 200) fail({ field: 'name', key: 'error_too_long' });
	if (!isValidDate(input.startsOn)) fail({ field: 'startsOn', key: 'error_date_invalid' });
	if (!isValidDate(input.endsOn)) fail({ field: 'endsOn', key: 'error_date_invalid' });
	if (!isValidTimeZone(input.timeZone)) fail({ field: 'timeZone', key: 'error_time_zone_invalid' });
	if (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY) {
		fail({ field: 'capacity', key: 'error_capacity_invalid' });
	}
	if (!ENROLMENT_MODES.includes(input.enrolmentMode)) fail({ field: 'enrolmentMode', key: 'error_enrolment_mode_unknown' });
	if (!COHORT_STATUSES.includes(input.status)) fail({ field: 'status', key: 'error_cohort_status_unknown' });
	fail(cohortProblems(input)[0]);
	const enrolOpensAt = instant(input.enrolOpensAt, windowZone, 'enrolOpensAt', previous?.enrolOpensAt);
	const enrolClosesAt = instant(input.enrolClosesAt, windowZone, 'enrolClosesAt', previous?.enrolClosesAt);
	if (enrolOpensAt && enrolClosesAt && enrolClosesAt <= enrolOpensAt) fail({ field: 'enrolClosesAt', key: 'error_cohort_window_order' });
	return {
		name,
		description: input.description,
		startsOn: input.startsOn,
		endsOn: input.endsOn,
		timeZone: input.timeZone,
		enrolOpensAt,
		enrolClosesAt,
		capacity: input.capacity,
		enrolmentMode: input.enrolmentMode,
		status: input.status
	};
}

/** The first free slug among `base`, `base-2`, `base-3` ... */
async function freeSlug(db: Database, base: string): Promise<string> {
	const stem = base.slice(0, 74).replace(/-+$/, '') || 'cohort';
	const taken = new Set(
		(
			await db
				.selectFrom('cohort')
				.select('slug')
				.where((eb) => eb.or([eb('slug', '=', stem), eb('slug', 'like', `${stem}-%`)]))
				.execute()
		).map((r) => r.slug)
	);
	if (!taken.has(stem)) return stem;
	for (let i = 2; ; i++) if (!taken.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/**
 * Creates a cohort of a course: published, or one the actor may edit (to prepare a run
 * before publishing). The creator becomes its first facilitator. An empty slug is made from
 * the name (and numbered when taken); a slug typed in must be free.
 */
export async function createCohort(db: Database, actor: Who, input: NewCohortInput, now: Date) {
	if (!canCreateCohort(actor)) throw new ForbiddenError('error_cohort_create_forbidden');
	const course = await db
		.selectFrom('course')
		.select(['id', 'status', 'organisationId'])
		.where('id', '=', input.courseId)
		.executeTakeFirst();
	if (!course) throw new ValidationError('courseId', 'error_cohort_course_unknown');
	if (course.status !== 'published' && !canEditCourse(actor, course)) {
		throw new ValidationError('courseId', 'error_cohort_course_not_published');
	}
	const fields = checkCohort(input, input.timeZone);
	let slug: string;
	if (input.slug) {
		const parsed = CohortSlugField.safeParse(input.slug);
		if (!parsed.success) throw new ValidationError('slug', 'error_slug_invalid');
		slug = parsed.data;
		const taken = await db.selectFrom('cohort').select('id').where('slug', '=', slug).executeTakeFirst();
		if (taken) throw new ValidationError('slug', 'error_cohort_slug_taken', { slug });
	} else {
		slug = await freeSlug(db, slugify(fields.name));
	}
	try {
		const cohort = await db
			.insertInto('cohort')
			.values({ ...fields, courseId: course.id, slug, createdBy: actor!.id, createdAt: now, updatedAt: now })
			.returning(['id', 'slug'])
			.executeTakeFirstOrThrow();
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: actor!.id, createdAt: now }).execute();
		return cohort;
	} catch (e) {
		// Someone took the slug between the check and the insert.
		if (isUniqueViolation(e)) throw new ValidationError('slug', 'error_cohort_slug_taken', { slug });
		throw e;
	}
}

/**
 * Saves a cohort's settings. The enrolment window is read in the zone the form showed it in
 * (the cohort's zone before this change): changing the time zone keeps every stored moment
 * (window, sessions, releases, expiries) and only changes the clock they are shown on.
 * The capacity cannot go below the seats already taken; seats added go at once to the head
 * of the waitlist, each person told by mail, as when someone leaves.
 * Returns the ids of the people promoted.
 */
export async function updateCohort(
	trx: Transaction<DB>,
	actor: Who,
	slug: string,
	input: CohortSettingsInput,
	now: Date,
	/** The site's address, for the link in the mail to people promoted from the waitlist. */
	origin: string = process.env.ORIGIN ?? ''
): Promise<string[]> {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const fields = checkCohort(input, cohort.timeZone, cohort);
	const taken = await seatsTaken(trx, cohort.id);
	if (fields.capacity < taken) throw new ValidationError('capacity', 'error_cohort_capacity_below_taken', { taken });
	const updated = await trx
		.updateTable('cohort')
		.set({ ...fields, updatedAt: now })
		.where('id', '=', cohort.id)
		.returningAll()
		.executeTakeFirstOrThrow();
	if (updated.capacity <= cohort.capacity) return [];
	const promoted = await promoteFromWaitlist(trx, updated, now);
	if (promoted.length) await mailPromoted(trx, updated, promoted, origin);
	return promoted;
}

async function mailPromoted(trx: Transaction<DB>, cohort: Cohort, userIds: string[], origin: string) {
	const course = await trx.selectFrom('course').select('title').where('id', '=', cohort.courseId).executeTakeFirstOrThrow();
	const facts = { name: cohort.name, courseTitle: course.title, startsOn: cohort.startsOn, url: `${origin}/cohorts/${cohort.slug}` };
	const people = await trx
		.selectFrom('appUser')
		.select(['email', 'name', 'locale'])
		.where('id', 'in', userIds)
		.where('deactivatedAt', 'is', null)
		.execute();
	for (const person of people) {
		const mail = promotedMail({ cohort: facts, name: person.name, locale: person.locale });
		await queueMail(trx, { ...mail, to: { address: person.email, name: person.name, locale: person.locale } });
	}
}

/** The cohort and its course, for the pages that manage it. */
export async function getManagedCohort(db: Database, actor: Who, slug: string) {
	const cohort = await requireCohortManager(db, actor, slug);
	const course = await db
		.selectFrom('course')
		.select(['id', 'slug', 'title', 'status'])
		.where('id', '=', cohort.courseId)
		.executeTakeFirstOrThrow();
	return { ...cohort, course };
}
export type ManagedCohort = Awaited<ReturnType<typeof getManagedCohort>>;

/** The cohorts the actor runs (administrators: all), newest start first, with their numbers. */
export async function listManagedCohorts(db: Database, actor: Who) {
	if (!actor || !COHORT_STAFF.includes(actor.role)) return [];
	let query = db
		.selectFrom('cohort')
		.innerJoin('course', 'course.id', 'cohort.courseId')
		.select((eb) => [
			'cohort.id',
			'cohort.slug',
			'cohort.name',
			'cohort.status',
			'cohort.enrolmentMode',
			'cohort.startsOn',
			'cohort.endsOn',
			'cohort.timeZone',
			'cohort.capacity',
			'course.title as courseTitle',
			'course.slug as courseSlug',
			eb
				.selectFrom('enrolment')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('enrolment.cohortId', '=', 'cohort.id')
				.where('enrolment.status', '=', 'enrolled')
				.as('enrolled'),
			eb
				.selectFrom('enrolment')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('enrolment.cohortId', '=', 'cohort.id')
				.where('enrolment.status', '=', 'pending')
				.as('pending'),
			eb
				.selectFrom('enrolment')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('enrolment.cohortId', '=', 'cohort.id')
				.where('enrolment.status', '=', 'waitlisted')
				.as('waitlisted'),
			eb
				.selectFrom('application')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('application.cohortId', '=', 'cohort.id')
				.where('application.status', '=', 'submitted')
				.as('applications')
		])
		.orderBy('cohort.startsOn', 'desc')
		.orderBy('cohort.name');
	if (actor.role !== 'admin') {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('cohortFacilitator')
					.select('cohortFacilitator.userId')
					.whereRef('cohortFacilitator.cohortId', '=', 'cohort.id')
					.where('cohortFacilitator.userId', '=', actor.id)
			)
		);
	}
	const rows = await query.execute();
	return rows.map((r) => ({
		...r,
		enrolled: Number(r.enrolled ?? 0),
		pending: Number(r.pending ?? 0),
		waitlisted: Number(r.waitlisted ?? 0),
		applications: Number(r.applications ?? 0)
	}));
}

/** Published courses, and drafts the actor may edit, for the "new cohort" form. */
export async function listCoursesForCohorts(db: Database, actor: Who) {
	const rows = await db
		.selectFrom('course')
		.select(['id', 'slug', 'title', 'status', 'organisationId'])
		.where('status', '!=', 'archived')
		.orderBy('title')
		.execute();
	return rows
		.filter((c) => c.status === 'published' || canEditCourse(actor, c))
		.map(({ id, slug, title, status }) => ({ id, slug, title, status }));
}

/** Seats held (pending or enrolled) and the numbers the settings page shows beside capacity. */
export async function cohortCounts(db: Database, cohortId: string) {
	const row = await db
		.selectFrom('enrolment')
		.select([
			sql<number>`count(*) filter (where status = 'enrolled')`.as('enrolled'),
			sql<number>`count(*) filter (where status = 'pending')`.as('pending'),
			sql<number>`count(*) filter (where status = 'waitlisted')`.as('waitlisted'),
			sql<number>`count(*) filter (where status = 'withdrawn')`.as('withdrawn')
		])
		.where('cohortId', '=', cohortId)
		.executeTakeFirstOrThrow();
	const enrolled = Number(row.enrolled);
	const pending = Number(row.pending);
	return { enrolled, pending, taken: enrolled + pending, waitlisted: Number(row.waitlisted), withdrawn: Number(row.withdrawn) };
}
