import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../db/connect';
import type { Cohort } from '../db/schema';
import { ForbiddenError, NotFoundError } from '../errors';
import { canReadCourse, type Actor } from '../courses/access';
import { renderMarkdown } from '../content/markdown';
import { canManageCohort, findCohortBySlug } from './access';
import { enrolmentProblem, findInvitation, getMembership, invitationProblem, type Membership } from './enrolment';
import { applicantStatus, applicationWindow, findMyApplication } from './applications';
import { seatsTaken } from './seats';
import { listSessions } from './schedule';
import { buildCalendar } from './ics';

/**
 * What /cohorts/<slug> shows: to everyone, the cohort's facts and its way in; to its members
 * (and its facilitators and administrators), the modules with their opening dates, the
 * schedule, announcements and the participants who agreed to be listed. A seat held for an
 * accepted application whose decision is not released ('pending') is not shown as such: the
 * person sees their application under review, as before the decision.
 */

export async function getCohortPage(db: Database, slug: string, actor: Actor | null | undefined, now: Date) {
	const cohort = await findCohortBySlug(db, slug);
	const course = await db
		.selectFrom('course')
		.select(['id', 'slug', 'title', 'language', 'status', 'organisationId', 'access'])
		.where('id', '=', cohort.courseId)
		.executeTakeFirstOrThrow();
	// A cohort of a course the reader may not see (a draft) stays as private as the course.
	const canManage = await canManageCohort(db, actor, cohort.id);
	if (!canManage && !canReadCourse(actor, course)) throw new NotFoundError('error_cohort_not_found');

	const [taken, waiting, facilitators, own, application] = await Promise.all([
		seatsTaken(db, cohort.id),
		db
			.selectFrom('enrolment')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('cohortId', '=', cohort.id)
			.where('status', '=', 'waitlisted')
			.executeTakeFirstOrThrow(),
		db
			.selectFrom('cohortFacilitator')
			.innerJoin('appUser', 'appUser.id', 'cohortFacilitator.userId')
			.select(['appUser.name'])
			.where('cohortFacilitator.cohortId', '=', cohort.id)
			.orderBy('appUser.name')
			.execute(),
		actor ? getMembership(db, cohort.id, actor.id) : Promise.resolve(null),
		actor && cohort.enrolmentMode === 'application' ? findMyApplication(db, cohort.id, actor.id) : Promise.resolve(undefined)
	]);
	const membership: Membership | null = own && own.status !== 'pending' ? own : null;
	const isMember = membership?.status === 'enrolled';

	return {
		cohort: {
			slug: cohort.slug,
			name: cohort.name,
			descriptionHtml: cohort.description.trim() ? renderMarkdown(cohort.description).html : '',
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn,
			timeZone: cohort.timeZone,
			enrolOpensAt: cohort.enrolOpensAt,
			enrolClosesAt: cohort.enrolClosesAt,
			capacity: cohort.capacity,
			enrolmentMode: cohort.enrolmentMode,
			status: cohort.status,
			seatsLeft: Math.max(0, cohort.capacity - taken),
			waitlisted: Number(waiting.n),
			/** why self-enrolment and invitations are refused now, or null */
			enrolmentProblem: enrolmentProblem(cohort, now),
			/** where applications stand (application mode only) */
			applicationWindow: cohort.enrolmentMode === 'application' ? applicationWindow(cohort, now) : null,
			facilitators: facilitators.map((f) => f.name)
		},
		course: { slug: course.slug, title: course.title, language: course.language, access: course.access },
		membership,
		application: application ? { status: applicantStatus(application) } : null,
		canManage,
		members: isMember || canManage ? await memberArea(db, cohort, now) : null
	};
}
export type CohortPage = Awaited<ReturnType<typeof getCohortPage>>;

async function memberArea(db: Database, cohort: Cohort, now: Date) {
	const [modules, sessions, announcements, participants] = await Promise.all([
		db
			.selectFrom('courseModule')
			.leftJoin('cohortModuleRelease as r', (j) => j.onRef('r.moduleId', '=', 'courseModule.id').on('r.cohortId', '=', cohort.id))
			.select((eb) => [
				'courseModule.slug',
				'courseModule.title',
				'r.opensAt',
				jsonArrayFrom(
					eb
						.selectFrom('lesson')
						.select(['lesson.slug', 'lesson.title'])
						.whereRef('lesson.moduleId', '=', 'courseModule.id')
						.orderBy('lesson.position')
				).as('lessons')
			])
			.where('courseModule.courseId', '=', cohort.courseId)
			.orderBy('courseModule.position')
			.execute(),
		listSessions(db, cohort.id),
		db
			.selectFrom('announcement')
			.leftJoin('appUser', 'appUser.id', 'announcement.authorId')
			.select(['announcement.id', 'announcement.title', 'announcement.body', 'announcement.createdAt', 'appUser.name as authorName'])
			.where('announcement.cohortId', '=', cohort.id)
			.orderBy('announcement.createdAt', 'desc')
			.limit(50)
			.execute(),
		db
			.selectFrom('enrolment')
			.innerJoin('appUser', 'appUser.id', 'enrolment.userId')
			.leftJoin('organisation', 'organisation.id', 'appUser.organisationId')
			.select(['appUser.name', 'appUser.country', 'organisation.name as organisation'])
			.where('enrolment.cohortId', '=', cohort.id)
			.where('enrolment.status', '=', 'enrolled')
			.where('enrolment.listed', '=', true)
			.where('appUser.deactivatedAt', 'is', null)
			.orderBy('appUser.name')
			.execute()
	]);
	return {
		modules: modules.map((m) => ({
			slug: m.slug,
			title: m.title,
			opensAt: m.opensAt,
			open: !m.opensAt || m.opensAt <= now,
			lessons: m.lessons
		})),
		// Only web links become links (whatever was stored, never a javascript: URL).
		sessions: sessions.map((s) => ({ ...s, url: s.url && /^https?:\/\//i.test(s.url) ? s.url : null, past: s.endsAt <= now })),
		announcements: announcements.map((a) => ({
			id: a.id,
			title: a.title,
			html: renderMarkdown(a.body).html,
			createdAt: a.createdAt,
			authorName: a.authorName
		})),
		participants
	};
}

/** The cohort's sessions as an .ics file, for its enrolled members, facilitators and administrators. */
export async function getCohortCalendar(db: Database, slug: string, actor: Actor | null | undefined, now: Date, origin: string) {
	const cohort = await findCohortBySlug(db, slug);
	if (!actor) throw new ForbiddenError('error_cohort_members_only');
	if (!(await canManageCohort(db, actor, cohort.id)) && (await getMembership(db, cohort.id, actor.id))?.status !== 'enrolled') {
		throw new ForbiddenError('error_cohort_members_only');
	}
	const sessions = await listSessions(db, cohort.id);
	return buildCalendar({ name: cohort.name, cohortUrl: `${origin}/cohorts/${cohort.slug}`, sessions, now });
}

/**
 * /join/<code>: the cohort an invitation leads to, and why it cannot be used now (or null).
 * An unknown code is NotFound: nothing is shown of any cohort.
 */
export async function getInvitationPage(db: Database, code: string, actor: Actor | null | undefined, now: Date) {
	const invitation = await findInvitation(db, code);
	if (!invitation) throw new NotFoundError('error_invitation_unknown');
	const cohort = await db.selectFrom('cohort').selectAll().where('id', '=', invitation.cohortId).executeTakeFirstOrThrow();
	const course = await db.selectFrom('course').select(['slug', 'title', 'language']).where('id', '=', cohort.courseId).executeTakeFirstOrThrow();
	const [taken, own] = await Promise.all([seatsTaken(db, cohort.id), actor ? getMembership(db, cohort.id, actor.id) : Promise.resolve(null)]);
	return {
		cohort: {
			slug: cohort.slug,
			name: cohort.name,
			startsOn: cohort.startsOn,
			endsOn: cohort.endsOn,
			timeZone: cohort.timeZone,
			seatsLeft: Math.max(0, cohort.capacity - taken)
		},
		course,
		membership: own && own.status !== 'pending' ? own : null,
		problem: invitationProblem(invitation, cohort, now) ?? enrolmentProblem(cohort, now)
	};
}
