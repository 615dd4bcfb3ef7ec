import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../../src/lib/server/auth/password';
import { importCoursesAtStartup } from '../../../src/lib/server/courses/packages';
import { checkApplication } from '../../../src/lib/server/cohorts/admission-rules';
import { AREA_OPTIONS } from '../../../src/lib/server/demo/applicants';
import { seedDemoCohorts } from '../../../src/lib/server/demo/cohorts';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { utcToZonedLocal } from '../../../src/lib/datetime';
import { SEAT_HOLDING } from '../../../src/lib/server/cohorts/seats';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const COURSES_DIR = fileURLToPath(new URL('../../../courses', import.meta.url));
const PASSWORD = 'demo-test-password';
// 11:30 in Almaty (UTC+5): "today" there is 10 March, tomorrow 11 March.
const NOW = new Date('2026-03-10T06:30:00Z');
const seed = () => db.transaction().execute((trx) => seedDemoCohorts(trx, NOW));

const local = (d: Date | null) => utcToZonedLocal(d, 'Asia/Almaty');
const cohortBySlug = (slug: string) => db.selectFrom('cohort').selectAll().where('slug', '=', slug).executeTakeFirstOrThrow();
const userId = async (email: string) =>
	(await db.selectFrom('appUser').select('id').where('email', '=', email).executeTakeFirstOrThrow()).id;

beforeAll(async () => {
	await db.transaction().execute((trx) => seedDemo(trx, PASSWORD));
});

describe('demo cohorts without their courses', () => {
	it('skips and writes nothing when the sample courses are not imported', async () => {
		const outcome = await seed();
		expect(outcome).toEqual({ status: 'skipped', reason: expect.stringContaining('calp-leadership') });
		expect(await db.selectFrom('cohort').select('id').execute()).toEqual([]);
		expect(await db.selectFrom('appUser').select('id').where('email', 'like', 'applicant-%').execute()).toEqual([]);
	});
});

describe('demo cohorts', () => {
	beforeAll(async () => {
		const imported = await importCoursesAtStartup(db, COURSES_DIR);
		expect(imported.filter((r) => r.status === 'failed')).toEqual([]);
		expect(await seed()).toEqual({
			status: 'seeded',
			cohorts: ['calp-2026', 'calp-pilot', 'water-saving-winter', 'water-saving-autumn'],
			applicants: 40,
			reviews: 20,
			pilotLearners: 10,
			attempts: expect.any(Number),
			submissions: 0
		});
	});

	it('creates the four cohorts, each run by the demo facilitator', async () => {
		const cohorts = await db
			.selectFrom('cohort')
			.innerJoin('course', 'course.id', 'cohort.courseId')
			.select(['cohort.slug', 'cohort.name', 'course.slug as course', 'enrolmentMode', 'cohort.status', 'capacity', 'timeZone'])
			.orderBy('cohort.slug')
			.execute();
		expect(cohorts).toEqual([
			{ slug: 'calp-2026', name: 'CALP 2026', course: 'calp-leadership', enrolmentMode: 'application', status: 'open', capacity: 30, timeZone: 'Asia/Almaty' },
			{ slug: 'calp-pilot', name: 'CALP 2026 pilot group', course: 'calp-leadership', enrolmentMode: 'invitation', status: 'running', capacity: 25, timeZone: 'Asia/Almaty' },
			{
				slug: 'water-saving-autumn',
				name: 'Water-saving irrigation: autumn group',
				course: 'water-saving-irrigation',
				enrolmentMode: 'open',
				status: 'finished',
				capacity: 50,
				timeZone: 'Asia/Almaty'
			},
			{
				slug: 'water-saving-winter',
				name: 'Water-saving irrigation: winter group',
				course: 'water-saving-irrigation',
				enrolmentMode: 'open',
				status: 'open',
				capacity: 50,
				timeZone: 'Asia/Almaty'
			}
		]);
		const facilitator = await userId('facilitator@example.org');
		const facilitators = await db
			.selectFrom('cohortFacilitator')
			.innerJoin('cohort', 'cohort.id', 'cohortFacilitator.cohortId')
			.select(['cohort.slug', 'cohortFacilitator.userId'])
			.orderBy('cohort.slug')
			.execute();
		expect(facilitators).toEqual(['calp-2026', 'calp-pilot', 'water-saving-autumn', 'water-saving-winter'].map((slug) => ({ slug, userId: facilitator })));
	});

	it('dates the cohorts relative to now, as times in Almaty', async () => {
		const calp = await cohortBySlug('calp-2026');
		expect(local(calp.enrolOpensAt)).toBe('2026-03-03T10:00');
		expect(local(calp.enrolClosesAt)).toBe('2026-04-09T18:00');
		expect(calp.startsOn).toBe('2026-04-24');
		expect(calp.endsOn > calp.startsOn).toBe(true);
		// Taking applications now.
		expect(calp.enrolOpensAt!.getTime()).toBeLessThan(NOW.getTime());
		expect(calp.enrolClosesAt!.getTime()).toBeGreaterThan(NOW.getTime());

		const pilot = await cohortBySlug('calp-pilot');
		expect([pilot.startsOn, pilot.endsOn]).toEqual(['2026-02-18', '2026-05-19']);

		const winter = await cohortBySlug('water-saving-winter');
		expect(winter.enrolOpensAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
		expect(local(winter.enrolClosesAt)).toBe('2026-05-09T23:59');
	});

	it('never fills a cohort over its capacity', async () => {
		const rows = await db
			.selectFrom('cohort')
			.leftJoin('enrolment', (j) => j.onRef('enrolment.cohortId', '=', 'cohort.id').on('enrolment.status', 'in', SEAT_HOLDING))
			.select(['cohort.slug', 'cohort.capacity', (eb) => eb.fn.count<number>('enrolment.id').as('seats')])
			.groupBy(['cohort.slug', 'cohort.capacity'])
			.orderBy('cohort.slug')
			.execute();
		expect(rows.map((r) => [r.slug, Number(r.seats)])).toEqual([
			['calp-2026', 0],
			['calp-pilot', 10],
			['water-saving-autumn', 7],
			['water-saving-winter', 0]
		]);
		for (const r of rows) expect(Number(r.seats)).toBeLessThanOrEqual(r.capacity);
	});

	it('enrols the demo learners in the pilot group by invitation, the first one listed', async () => {
		const pilot = await cohortBySlug('calp-pilot');
		const enrolments = await db
			.selectFrom('enrolment')
			.innerJoin('appUser', 'appUser.id', 'enrolment.userId')
			.select(['appUser.email', 'enrolment.status', 'enrolment.source', 'enrolment.listed', 'enrolment.invitationId'])
			.where('cohortId', '=', pilot.id)
			.where('appUser.email', 'like', 'learner%')
			.orderBy('appUser.email')
			.execute();
		const invitation = await db.selectFrom('cohortInvitation').selectAll().where('cohortId', '=', pilot.id).executeTakeFirstOrThrow();
		expect(enrolments).toEqual([
			{ email: 'learner2@example.org', status: 'enrolled', source: 'invitation', listed: false, invitationId: invitation.id },
			{ email: 'learner@example.org', status: 'enrolled', source: 'invitation', listed: true, invitationId: invitation.id }
		]);
		expect(invitation.uses).toBe(2);
		expect(invitation.expiresAt!.getTime()).toBeGreaterThan(NOW.getTime());
	});

	it('opens the pilot modules on their dates and schedules its sessions', async () => {
		const pilot = await cohortBySlug('calp-pilot');
		const releases = await db
			.selectFrom('cohortModuleRelease')
			.innerJoin('courseModule', 'courseModule.id', 'cohortModuleRelease.moduleId')
			.select(['courseModule.position', 'opensAt'])
			.where('cohortId', '=', pilot.id)
			.orderBy('courseModule.position')
			.execute();
		expect(releases.map((r) => [r.position, local(r.opensAt)])).toEqual([
			[1, '2026-02-18T10:00'],
			[2, '2026-03-04T10:00'],
			[3, '2026-03-15T10:00'],
			[4, '2026-03-30T10:00'],
			[5, '2026-04-19T10:00']
		]);

		const sessions = await db
			.selectFrom('cohortSession')
			.select(['kind', 'url', 'place', 'startsAt', 'endsAt'])
			.where('cohortId', '=', pilot.id)
			.orderBy('startsAt')
			.execute();
		expect(sessions.map((s) => [s.kind, local(s.startsAt)])).toEqual([
			['online', '2026-02-18T15:00'],
			['online', '2026-03-11T15:00'],
			['in_person', '2026-03-24T10:00']
		]);
		for (const s of sessions) {
			expect(s.endsAt.getTime()).toBeGreaterThan(s.startsAt.getTime());
			if (s.kind === 'online') expect(s.url).toMatch(/^https:\/\//);
			else expect(s.place).toMatch(/Almaty/);
		}

		const announcements = await db.selectFrom('announcement').select(['title', 'body']).where('cohortId', '=', pilot.id).execute();
		expect(announcements).toHaveLength(1);
		expect(announcements[0]!.body).toContain('**Before our next webinar:**');
	});

	it('gives CALP 2026 its two questions and a rubric of three weighted criteria', async () => {
		const calp = await cohortBySlug('calp-2026');
		const questions = await db
			.selectFrom('applicationQuestion')
			.select(['kind', 'label', 'required', 'options'])
			.where('cohortId', '=', calp.id)
			.orderBy('position')
			.execute();
		expect(questions).toEqual([
			{ kind: 'short_text', label: 'Which environmental problem in your community do you want to work on?', required: true, options: [] },
			{ kind: 'multiple_choice', label: 'Which thematic areas interest you?', required: false, options: [...AREA_OPTIONS] }
		]);
		const criteria = await db
			.selectFrom('reviewCriterion')
			.select(['title', 'weight'])
			.where('cohortId', '=', calp.id)
			.orderBy('position')
			.execute();
		expect(criteria).toEqual([
			{ title: 'Motivation', weight: 2 },
			{ title: 'Relevant experience', weight: 1 },
			{ title: 'Potential impact in the region', weight: 2 }
		]);
	});

	it('fills CALP 2026 with forty submitted applications from the six countries', async () => {
		const calp = await cohortBySlug('calp-2026');
		const questions = await db.selectFrom('applicationQuestion').select(['id', 'position']).where('cohortId', '=', calp.id).execute();
		const problemId = questions.find((q) => q.position === 1)!.id;
		const areasId = questions.find((q) => q.position === 2)!.id;
		const applications = await db
			.selectFrom('application')
			.innerJoin('appUser', 'appUser.id', 'application.userId')
			.select([
				'appUser.email',
				'appUser.role',
				'appUser.passwordHash',
				'appUser.country as userCountry',
				'application.status',
				'application.country',
				'application.gender',
				'application.organisationName',
				'application.organisationType',
				'application.position',
				'application.yearsExperience',
				'application.motivation',
				'application.answers',
				'application.submittedAt',
				'application.decision'
			])
			.where('cohortId', '=', calp.id)
			.orderBy('appUser.email')
			.execute();

		expect(applications).toHaveLength(40);
		expect(applications.map((a) => a.email)).toEqual(
			Array.from({ length: 40 }, (_, i) => `applicant-${String(i + 1).padStart(2, '0')}@example.org`)
		);
		expect(new Set(applications.map((a) => a.country))).toEqual(new Set(['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF']));
		const genders = applications.map((a) => a.gender);
		expect(new Set(genders)).toEqual(new Set(['female', 'male', 'prefer_not_to_say']));
		expect(genders.filter((g) => g === 'female').length).toBeGreaterThanOrEqual(20);
		expect(new Set(applications.map((a) => a.organisationType)).size).toBeGreaterThanOrEqual(5);

		for (const a of applications) {
			expect(a.role).toBe('learner');
			expect(a.status).toBe('submitted');
			expect(a.decision).toBeNull();
			expect(a.country).toBe(a.userCountry);
			expect(a.submittedAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
			expect(a.submittedAt!.getTime()).toBeGreaterThanOrEqual(calp.enrolOpensAt!.getTime());
			expect(a.organisationName && a.position && a.motivation.length > 100).toBeTruthy();
			expect(a.yearsExperience).toBeGreaterThanOrEqual(2);
			expect(typeof a.answers[problemId]).toBe('string');
			expect((a.answers[problemId] as string).length).toBeGreaterThan(10);
			const areas = a.answers[areasId] as string[];
			expect(areas.length).toBeGreaterThan(0);
			for (const area of areas) expect(AREA_OPTIONS).toContain(area);
		}
		// Each is a complete application by the app's own rules.
		const rules = await db.selectFrom('applicationQuestion').select(['id', 'kind', 'options', 'required']).where('cohortId', '=', calp.id).execute();
		for (const a of applications) {
			const input = { ...a, yearsExperience: String(a.yearsExperience), organisationType: a.organisationType ?? '', gender: a.gender ?? '' };
			expect(checkApplication(input, rules, 'submit').errors).toEqual({});
		}
		// Applicants sign in with the demo password.
		expect(await verifyPassword(applications[0]!.passwordHash, PASSWORD)).toBe(true);
		// Motivations differ (templates and slots vary).
		expect(new Set(applications.map((a) => a.motivation)).size).toBe(40);
	});

	it('has half the applications reviewed by the facilitator, weighted 0-5, and some assigned to the admin', async () => {
		const calp = await cohortBySlug('calp-2026');
		const criteria = await db.selectFrom('reviewCriterion').select(['id', 'weight']).where('cohortId', '=', calp.id).execute();
		const facilitator = await userId('facilitator@example.org');
		const admin = await userId('admin@example.org');
		const reviews = await db
			.selectFrom('reviewAssignment')
			.innerJoin('application', 'application.id', 'reviewAssignment.applicationId')
			.select(['reviewerId', 'scores', 'weightedScore', 'reviewAssignment.submittedAt', 'assignedAt', 'application.submittedAt as appliedAt'])
			.where('application.cohortId', '=', calp.id)
			.execute();

		const scored = reviews.filter((r) => r.submittedAt);
		expect(scored).toHaveLength(20);
		for (const r of scored) {
			expect(r.reviewerId).toBe(facilitator);
			expect(Object.keys(r.scores!).sort()).toEqual(criteria.map((c) => c.id).sort());
			for (const s of Object.values(r.scores!)) expect(Number.isInteger(s) && s >= 0 && s <= 5).toBe(true);
			const weight = criteria.reduce((sum, c) => sum + c.weight, 0);
			const expected = criteria.reduce((sum, c) => sum + c.weight * r.scores![c.id]!, 0) / weight;
			expect(r.weightedScore).toBeCloseTo(expected, 2);
			expect(r.weightedScore!).toBeGreaterThanOrEqual(0);
			expect(r.weightedScore!).toBeLessThanOrEqual(5);
			expect(r.submittedAt!.getTime()).toBeGreaterThanOrEqual(r.assignedAt.getTime());
			expect(r.submittedAt!.getTime()).toBeLessThanOrEqual(NOW.getTime());
		}
		// Not everyone scores the same.
		expect(new Set(scored.map((r) => r.weightedScore)).size).toBeGreaterThan(5);

		const pending = reviews.filter((r) => !r.submittedAt);
		expect(pending.length).toBeGreaterThan(5);
		for (const r of pending) {
			expect(r.reviewerId).toBe(admin);
			expect([r.scores, r.weightedScore]).toEqual([null, null]);
		}
		for (const r of reviews) expect(r.assignedAt.getTime()).toBeGreaterThanOrEqual(r.appliedAt!.getTime());
	});

	it('seeds once: a second run changes nothing', async () => {
		const count = async () => ({
			cohorts: (await db.selectFrom('cohort').select('id').execute()).length,
			users: (await db.selectFrom('appUser').select('id').execute()).length,
			applications: (await db.selectFrom('application').select('id').execute()).length,
			enrolments: (await db.selectFrom('enrolment').select('id').execute()).length
		});
		const before = await count();
		expect(before).toEqual({ cohorts: 4, users: 119, applications: 40, enrolments: 17 });
		expect(await seed()).toEqual({ status: 'skipped', reason: expect.stringContaining('already exists') });
		expect(await count()).toEqual(before);
	});

	it('gives the autumn group’s alumni their certificates: issued on completion, one re-issued, one revoked', async () => {
		const autumn = await cohortBySlug('water-saving-autumn');
		const rows = await db
			.selectFrom('certificate')
			.select(['holderName', 'issuedBy', 'revokedAt', 'supersededAt', 'supersededBy', 'code'])
			.where('cohortId', '=', autumn.id)
			.orderBy('serial')
			.execute();
		expect(rows).toHaveLength(8);
		expect(rows.filter((r) => r.supersededAt)).toEqual([expect.objectContaining({ holderName: 'Gayrat Oktamov', supersededBy: expect.any(String) })]);
		expect(rows.filter((r) => r.revokedAt)).toHaveLength(1);
		expect(rows.filter((r) => !r.revokedAt && !r.supersededAt).map((r) => r.holderName)).toEqual(
			expect.arrayContaining(['Farrukh Rahimov', 'Әлия Қасымқызы Нұрланова', 'Шаҳло Ҷӯраева', 'Gʻayrat Oʻktamov'])
		);
		expect(rows.filter((r) => r.issuedBy === null)).toHaveLength(7);
	});

	it('gives the pilot group learning under way: progress, graded quiz attempts, one learner at risk', async () => {
		const pilot = await cohortBySlug('calp-pilot');
		const members = await db.selectFrom('enrolment').select('userId').where('cohortId', '=', pilot.id).where('status', '=', 'enrolled').execute();
		expect(members).toHaveLength(10);

		const learner = await userId('learner@example.org');
		const progress = await db.selectFrom('lessonProgress').selectAll().where('userId', '=', learner).where('cohortId', '=', pilot.id).execute();
		const completed = progress.filter((p) => p.completedAt);
		expect(completed.length).toBeGreaterThan(0);
		// Partial: something viewed and not completed is where they continue.
		expect(progress.some((p) => !p.completedAt)).toBe(true);
		// Only lessons of the modules open to the cohort.
		const locked = await db
			.selectFrom('lessonProgress as p')
			.innerJoin('lesson as l', 'l.id', 'p.lessonId')
			.innerJoin('cohortModuleRelease as r', (j) => j.onRef('r.moduleId', '=', 'l.moduleId').on('r.cohortId', '=', pilot.id))
			.select('p.lessonId')
			.where('p.cohortId', '=', pilot.id)
			.where('r.opensAt', '>', NOW)
			.execute();
		expect(locked).toEqual([]);

		const attempts = await db.selectFrom('quizAttempt').selectAll().where('userId', '=', learner).where('cohortId', '=', pilot.id).execute();
		expect(attempts).toHaveLength(1);
		expect(attempts[0]!.submittedAt).not.toBeNull();
		expect(attempts[0]!.percent).toEqual(expect.any(Number));
		expect(attempts[0]!.score! <= attempts[0]!.maxScore!).toBe(true);

		const lastSeen = await db
			.selectFrom('lessonProgress')
			.select(['userId', (eb) => eb.fn.max('lastViewedAt').as('last')])
			.where('cohortId', '=', pilot.id)
			.groupBy('userId')
			.execute();
		const fortnight = NOW.getTime() - 14 * 86_400_000;
		expect(lastSeen.filter((r) => new Date(r.last as Date).getTime() < fortnight)).toHaveLength(1);
	});
});

