import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { runPrepared, type Database } from '../db/connect';
import type { ApplicationStatus, CohortStatus, Decision, SessionKind } from '../db/schema';
import { lessonFactsQuery, toLessonState, type LessonFactRow } from '../progress/facts';
import { summariseProgress } from '../progress/progress';

/**
 * "My learning": a person's cohorts and applications, and what comes next across them (the
 * next session, the next module to open, the next deadline), in one statement whatever
 * the number of cohorts (the page is benchmarked). A seat held for an unreleased decision
 * ('pending') is not a cohort yet: the application shows as submitted.
 */

export interface MyCohort {
	slug: string;
	name: string;
	status: CohortStatus;
	startsOn: string;
	endsOn: string;
	timeZone: string;
	courseTitle: string;
	courseSlug: string;
	membership: 'enrolled' | 'waitlisted';
	waitlistRank: number | null;
	nextSession: { title: string; startsAt: Date; endsAt: Date; kind: SessionKind; url: string | null; place: string | null } | null;
	nextModule: { title: string; opensAt: Date } | null;
	/** The member's progress in the cohort's course (progress/progress.ts); null on the waitlist. */
	progress: CohortProgress | null;
}

export interface CohortProgress {
	percent: number;
	completed: number;
	total: number;
	/** Where to go on; null when every lesson is done. */
	next: { slug: string; title: string; started: boolean } | null;
	/** The course-completed event is recorded for this cohort. */
	courseComplete: boolean;
}

export interface MyApplication {
	cohortSlug: string;
	cohortName: string;
	timeZone: string;
	/** draft, submitted or withdrawn; the decision once it is released */
	status: ApplicationStatus | Decision;
	deadline: Date | null;
}

export type Deadline =
	| { kind: 'application'; at: Date; cohortSlug: string; cohortName: string; timeZone: string }
	| { kind: 'session'; at: Date; title: string; cohortSlug: string; cohortName: string; timeZone: string };

const asDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

export async function getMyLearning(db: Database, userId: string, now: Date) {
	// One statement: the cohorts and the applications as JSON arrays, and the reviews to do.
	// Prepared: planning this statement costs PostgreSQL more than running it.
	const [row] = await runPrepared(
		db,
		db.selectNoFrom((eb) => [
				jsonArrayFrom(
					eb
						.selectFrom('enrolment as e')
						.innerJoin('cohort as c', 'c.id', 'e.cohortId')
						.innerJoin('course as co', 'co.id', 'c.courseId')
						.select((eb) => [
							'c.slug',
							'c.name',
							'c.status',
							'c.startsOn',
							'c.endsOn',
							'c.timeZone',
							'co.title as courseTitle',
							'co.slug as courseSlug',
							'e.status as membership',
							eb
								.selectFrom('enrolment as w')
								.select(eb.fn.countAll<number>().as('n'))
								.whereRef('w.cohortId', '=', 'e.cohortId')
								.where('w.status', '=', 'waitlisted')
								.whereRef('w.waitlistPosition', '<=', 'e.waitlistPosition')
								.as('waitlistRank'),
							jsonObjectFrom(
								eb
									.selectFrom('cohortSession as s')
									.select(['s.title', 's.startsAt', 's.endsAt', 's.kind', 's.url', 's.place'])
									.whereRef('s.cohortId', '=', 'c.id')
									.where('s.endsAt', '>', now)
									.orderBy('s.startsAt')
									.limit(1)
							).as('nextSession'),
							jsonObjectFrom(
								eb
									.selectFrom('cohortModuleRelease as r')
									.innerJoin('courseModule as m', 'm.id', 'r.moduleId')
									.select(['m.title', 'r.opensAt'])
									.whereRef('r.cohortId', '=', 'c.id')
									.where('r.opensAt', '>', now)
									.orderBy('r.opensAt')
									.limit(1)
							).as('nextModule'),
							// Progress: the course's lessons with this member's records in this cohort.
							jsonArrayFrom(lessonFactsQuery(eb.ref('co.id'), userId, eb.ref('c.id'))).as('lessons'),
							eb
								.exists(
									eb
										.selectFrom('courseCompletion as cc')
										.select('cc.id')
										.whereRef('cc.courseId', '=', 'co.id')
										.whereRef('cc.cohortId', '=', 'c.id')
										.where('cc.userId', '=', userId)
								)
								.as('courseComplete')
						])
						.where('e.userId', '=', userId)
						.where('e.status', 'in', ['enrolled', 'waitlisted'])
						.orderBy('c.startsOn', 'desc')
				).as('cohorts'),
				jsonArrayFrom(
					eb
						.selectFrom('application as a')
						.innerJoin('cohort as c', 'c.id', 'a.cohortId')
						.select(['a.status', 'a.decision', 'a.decisionReleasedAt', 'c.slug', 'c.name', 'c.timeZone', 'c.status as cohortStatus', 'c.enrolClosesAt'])
						.where('a.userId', '=', userId)
						.orderBy('a.updatedAt', 'desc')
				).as('applications'),
				eb
					.selectFrom('reviewAssignment')
					.select((e) => e.fn.countAll<number>().as('n'))
					.where('reviewerId', '=', userId)
					.where('submittedAt', 'is', null)
					.as('reviews')
		])
	);
	const cohortRows = row!.cohorts;
	// Inside JSON, timestamps are text: back to Date, as the rest of the app expects.
	const applicationRows = row!.applications.map((a) => ({
		...a,
		decisionReleasedAt: a.decisionReleasedAt === null ? null : asDate(a.decisionReleasedAt),
		enrolClosesAt: a.enrolClosesAt === null ? null : asDate(a.enrolClosesAt)
	}));

	const cohorts: MyCohort[] = cohortRows.map((r) => {
		const member = r.membership === 'enrolled';
		return {
			slug: r.slug,
			name: r.name,
			status: r.status,
			startsOn: r.startsOn,
			endsOn: r.endsOn,
			timeZone: r.timeZone,
			courseTitle: r.courseTitle,
			courseSlug: r.courseSlug,
			membership: member ? 'enrolled' : 'waitlisted',
			waitlistRank: member ? null : Number(r.waitlistRank),
			// The schedule and the modules are the members' (a waitlisted person sees neither).
			nextSession:
				member && r.nextSession
					? { ...r.nextSession, startsAt: asDate(r.nextSession.startsAt), endsAt: asDate(r.nextSession.endsAt) }
					: null,
			nextModule: member && r.nextModule ? { title: r.nextModule.title, opensAt: asDate(r.nextModule.opensAt) } : null,
			progress: member ? cohortProgress(r.lessons as LessonFactRow[], Boolean(r.courseComplete)) : null
		};
	});

	const applications: MyApplication[] = applicationRows.map((a) => ({
		cohortSlug: a.slug,
		cohortName: a.name,
		timeZone: a.timeZone,
		status: a.status === 'submitted' && a.decision && a.decisionReleasedAt ? a.decision : a.status,
		deadline: a.enrolClosesAt
	}));

	const soonest = <T>(items: T[], at: (t: T) => Date) => items.reduce<T | null>((best, t) => (!best || at(t) < at(best) ? t : best), null);
	const withSession = cohorts.filter((c) => c.nextSession);
	const nextSessionCohort = soonest(withSession, (c) => c.nextSession!.startsAt);
	const nextModuleCohort = soonest(
		cohorts.filter((c) => c.nextModule),
		(c) => c.nextModule!.opensAt
	);

	const deadlines: Deadline[] = [
		...applicationRows
			.filter((a) => (a.status === 'draft' || a.status === 'submitted') && !a.decisionReleasedAt)
			.filter((a) => a.cohortStatus === 'open' && a.enrolClosesAt && a.enrolClosesAt > now)
			.map((a) => ({ kind: 'application' as const, at: a.enrolClosesAt!, cohortSlug: a.slug, cohortName: a.name, timeZone: a.timeZone })),
		...withSession
			.filter((c) => c.nextSession!.startsAt > now)
			.map((c) => ({
				kind: 'session' as const,
				at: c.nextSession!.startsAt,
				title: c.nextSession!.title,
				cohortSlug: c.slug,
				cohortName: c.name,
				timeZone: c.timeZone
			}))
	];

	// The page is true until the next of its moments passes (a session starts or ends, a
	// module opens, a deadline passes): the cache of signed-in pages keeps it until then.
	const moments = [
		...cohorts.flatMap((c) => [c.nextSession?.startsAt, c.nextSession?.endsAt, c.nextModule?.opensAt]),
		...applicationRows.map((a) => a.enrolClosesAt)
	].filter((d): d is Date => d instanceof Date && d > now);

	return {
		cohorts,
		applications,
		validUntil: soonest(moments, (d) => d),
		nextSession: nextSessionCohort
			? { ...nextSessionCohort.nextSession!, cohortSlug: nextSessionCohort.slug, cohortName: nextSessionCohort.name, timeZone: nextSessionCohort.timeZone }
			: null,
		nextModule: nextModuleCohort
			? { ...nextModuleCohort.nextModule!, cohortSlug: nextModuleCohort.slug, cohortName: nextModuleCohort.name, timeZone: nextModuleCohort.timeZone }
			: null,
		nextDeadline: soonest(deadlines, (d) => d.at),
		reviewsToDo: Number(row!.reviews ?? 0)
	};
}
export type MyLearning = Awaited<ReturnType<typeof getMyLearning>>;

function cohortProgress(rows: LessonFactRow[], courseComplete: boolean): CohortProgress {
	const { percent, completed, total, next } = summariseProgress(rows.map(toLessonState));
	return { percent, completed, total, next, courseComplete };
}
