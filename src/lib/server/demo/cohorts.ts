import type { Insertable, Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB, ReviewAssignmentTable } from '../db/schema';
import { dayInZone, zonedLocalToUtc } from '../../datetime';
import { generateToken } from '../auth/session';
import { weightedScore } from '../cohorts/admission-rules';
import { lockCohort, takeSeat } from '../cohorts/seats';
import { AREA_OPTIONS, demoApplicants } from './applicants';
import { seedAlumni } from './alumni';
import { seedDirectory } from './directory';
import { seedDemoProgress } from './progress';

/**
 * The demo's three cohorts, so a fresh `npm start` shows both ways into a course:
 * - calp-2026: CALP 2026, taking applications, ~40 submitted applicants, half of them reviewed;
 * - calp-pilot: a running pilot group with the demo learners and eight more enrolled, modules
 *   opening on dates, and their learning so far (progress.ts: lessons, quiz attempts, capstones);
 * - water-saving-winter: open self-enrolment.
 * All dates are relative to `now`, as wall-clock times in Asia/Almaty stored as instants.
 * Written straight through Kysely (seats through seats.ts), in the caller's transaction.
 */

export const DEMO_COHORT_SLUGS = ['calp-2026', 'calp-pilot', 'water-saving-winter', 'water-saving-autumn'] as const;
const TIME_ZONE = 'Asia/Almaty';
const COURSES = { calp: 'calp-leadership', water: 'water-saving-irrigation' } as const;

export type DemoCohortsOutcome =
	| { status: 'seeded'; cohorts: string[]; applicants: number; reviews: number; pilotLearners: number; attempts: number; submissions: number }
	| { status: 'skipped'; reason: string };

function addDays(ymd: string, days: number): string {
	const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
	return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The instant of a wall-clock time on a calendar day in the demo's zone. */
function at(ymd: string, time: string): Date {
	const instant = zonedLocalToUtc(`${ymd}T${time}`, TIME_ZONE);
	if (!instant) throw new Error(`not a local time: ${ymd}T${time}`);
	return instant;
}

/** Deterministic 0..1 from an integer, so every fresh demo has the same scores. */
function noise(i: number): number {
	let x = Math.imul(i + 0x9e3779b9, 0x85ebca6b) >>> 0;
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
	return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

const HOUR = 3_600_000;

/**
 * Creates the demo cohorts. Skips (changing nothing) when a demo cohort already exists, or
 * when the courses or demo accounts it needs are missing. The applicants get the demo
 * password: their hash is the demo learner's (one argon2 hash, not forty).
 */
export async function seedDemoCohorts(db: Transaction<DB>, now: Date): Promise<DemoCohortsOutcome> {
	const existing = await db.selectFrom('cohort').select('slug').where('slug', 'in', DEMO_COHORT_SLUGS).execute();
	if (existing.length) return { status: 'skipped', reason: `cohort ${existing[0]!.slug} already exists` };

	const courses = await db.selectFrom('course').select(['id', 'slug']).where('slug', 'in', Object.values(COURSES)).execute();
	const courseId = (slug: string) => courses.find((c) => c.slug === slug)?.id;
	const missing = Object.values(COURSES).filter((slug) => !courseId(slug));
	if (missing.length) return { status: 'skipped', reason: `course ${missing.join(', ')} is not imported` };

	const accounts = await db
		.selectFrom('appUser')
		.select(['id', 'email', 'passwordHash'])
		.where('email', 'in', ['admin@example.org', 'facilitator@example.org', 'learner@example.org', 'learner2@example.org'])
		.execute();
	const account = (email: string) => accounts.find((a) => a.email === email);
	const admin = account('admin@example.org');
	const facilitator = account('facilitator@example.org');
	const learner = account('learner@example.org');
	const learner2 = account('learner2@example.org');
	if (!admin || !facilitator || !learner || !learner2) return { status: 'skipped', reason: 'the demo accounts are missing' };

	const modules = await db
		.selectFrom('courseModule')
		.select(['id', 'position'])
		.where('courseId', '=', courseId(COURSES.calp)!)
		.orderBy('position')
		.execute();

	const today = dayInZone(now, TIME_ZONE);
	const staff = { admin: admin.id, facilitator: facilitator.id };

	const calp2026 = await seedCalp2026(db, now, today, courseId(COURSES.calp)!, modules, staff, learner.passwordHash);
	const pilot = await seedPilot(db, now, today, courseId(COURSES.calp)!, modules, staff.facilitator, [learner.id, learner2.id]);
	await seedWinter(db, today, courseId(COURSES.water)!, staff.facilitator);
	const progress = await seedDemoProgress(db, now, {
		cohortId: pilot,
		courseId: courseId(COURSES.calp)!,
		facilitatorId: staff.facilitator,
		learners: [learner.id, learner2.id],
		passwordHash: learner.passwordHash
	});
	const autumn = await seedAutumn(db, today, courseId(COURSES.water)!, staff.facilitator);
	await seedAlumni(db, {
		cohortId: autumn.id,
		courseId: courseId(COURSES.water)!,
		learnerId: learner.id,
		facilitatorId: staff.facilitator,
		adminId: staff.admin,
		passwordHash: learner.passwordHash,
		endedAt: at(autumn.endsOn, '18:00')
	});
	// The alumni networks and their members' profiles (demo/directory.ts).
	await seedDirectory(db, now);

	return { status: 'seeded', cohorts: [...DEMO_COHORT_SLUGS], ...calp2026, pilotLearners: progress.learners, attempts: progress.attempts, submissions: progress.submissions };
}

async function addFacilitator(db: Database, cohortId: string, userId: string) {
	await db.insertInto('cohortFacilitator').values({ cohortId, userId }).execute();
}

async function seedCalp2026(
	db: Database,
	now: Date,
	today: string,
	courseId: string,
	modules: { id: string; position: number }[],
	staff: { admin: string; facilitator: string },
	passwordHash: string
) {
	const startsOn = addDays(today, 45);
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId,
			slug: 'calp-2026',
			name: 'CALP 2026',
			description:
				'The Central Asian Leadership Programme on Environment for Sustainable Development brings together ' +
				'thirty young professionals from Kazakhstan, Kyrgyzstan, Tajikistan, Turkmenistan, Uzbekistan and Afghanistan. ' +
				'Over four months you study the course module by module, meet your group online every two weeks, ' +
				'and design a project for your own community with the help of a mentor.\n\n' +
				'Places are limited and selection is competitive: we aim for about five participants per country and ' +
				'at least half women. Apply before the deadline; you can save a draft and come back to it.',
			startsOn,
			endsOn: addDays(startsOn, 120),
			timeZone: TIME_ZONE,
			enrolOpensAt: at(addDays(today, -7), '10:00'),
			enrolClosesAt: at(addDays(today, 30), '18:00'),
			capacity: 30,
			enrolmentMode: 'application',
			status: 'open',
			createdBy: staff.facilitator
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await addFacilitator(db, cohort.id, staff.facilitator);

	// Modules open every three weeks from the start, in the morning in Almaty.
	if (modules.length) {
		await db
			.insertInto('cohortModuleRelease')
			.values(modules.map((m, i) => ({ cohortId: cohort.id, moduleId: m.id, opensAt: at(addDays(startsOn, i * 21), '10:00') })))
			.execute();
	}

	const questions = await db
		.insertInto('applicationQuestion')
		.values([
			{
				cohortId: cohort.id,
				position: 1,
				kind: 'short_text',
				label: 'Which environmental problem in your community do you want to work on?',
				help: 'One sentence is enough: the problem and the place.',
				required: true
			},
			{
				cohortId: cohort.id,
				position: 2,
				kind: 'multiple_choice',
				label: 'Which thematic areas interest you?',
				help: 'Tick all that apply.',
				options: JSON.stringify(AREA_OPTIONS),
				required: false
			}
		])
		.returning(['id', 'position'])
		.execute();
	const problemQuestion = questions.find((q) => q.position === 1)!.id;
	const areasQuestion = questions.find((q) => q.position === 2)!.id;

	const criteria = await db
		.insertInto('reviewCriterion')
		.values([
			{
				cohortId: cohort.id,
				position: 1,
				title: 'Motivation',
				description: 'Why the applicant wants to take part, and how clearly they connect the programme to their work.',
				weight: 2
			},
			{
				cohortId: cohort.id,
				position: 2,
				title: 'Relevant experience',
				description: 'Work, study or volunteering on environmental or community issues.',
				weight: 1
			},
			{
				cohortId: cohort.id,
				position: 3,
				title: 'Potential impact in the region',
				description: 'How likely the applicant is to lead change in their community and to share what they learn.',
				weight: 2
			}
		])
		.returning(['id', 'weight'])
		.execute();

	const people = demoApplicants();
	const users = await db
		.insertInto('appUser')
		.values(
			people.map((p) => ({
				email: p.email,
				name: p.name,
				passwordHash,
				country: p.country,
				locale: p.locale,
				role: 'learner' as const
			}))
		)
		.returning(['id', 'email'])
		.execute();
	const userOf = new Map(users.map((u) => [u.email, u.id]));

	// Submitted over the week the window has been open, none in the future.
	const submittedAt = people.map((p) => new Date(now.getTime() - (2 + noise(p.n) * 160) * HOUR));
	const applications = await db
		.insertInto('application')
		.values(
			people.map((p, i) => ({
				cohortId: cohort.id,
				userId: userOf.get(p.email)!,
				status: 'submitted' as const,
				organisationName: p.organisationName,
				organisationType: p.organisationType,
				position: p.position,
				country: p.country,
				gender: p.gender,
				yearsExperience: p.yearsExperience,
				motivation: p.motivation,
				answers: JSON.stringify({ [problemQuestion]: p.problem, [areasQuestion]: p.areas }),
				submittedAt: submittedAt[i]!,
				createdAt: new Date(submittedAt[i]!.getTime() - (1 + noise(p.n + 100) * 30) * HOUR),
				updatedAt: submittedAt[i]!
			}))
		)
		.returning(['id', 'userId'])
		.execute();
	const applicationOf = new Map(applications.map((a) => [a.userId, a.id]));

	// The facilitator has scored every other application; the admin is assigned some, unscored.
	const comments = [
		'Clear, concrete problem and a realistic idea of who to work with.',
		'Strong motivation; little hands-on project experience yet.',
		'Already works with local authorities: could bring others along.',
		'',
		'Good fit for the nexus module. Ask about time available during the programme.',
		''
	];
	const reviews: Insertable<ReviewAssignmentTable>[] = [];
	for (const [i, p] of people.entries()) {
		const applicationId = applicationOf.get(userOf.get(p.email)!)!;
		const assignedAt = new Date(submittedAt[i]!.getTime() + HOUR);
		if (i % 2 === 0) {
			const base = 1.5 + noise(p.n + 200) * 3.5;
			const scores = Object.fromEntries(
				criteria.map((c, j) => [c.id, Math.max(0, Math.min(5, Math.round(base + (noise(p.n * 3 + j) - 0.5) * 2)))])
			);
			const reviewedAt = new Date(Math.min(now.getTime() - HOUR / 2, assignedAt.getTime() + (2 + noise(p.n + 300) * 20) * HOUR));
			reviews.push({
				applicationId,
				reviewerId: staff.facilitator,
				assignedBy: staff.facilitator,
				assignedAt,
				scores: JSON.stringify(scores),
				weightedScore: weightedScore(criteria, scores),
				comment: comments[(i / 2) % comments.length]!,
				submittedAt: reviewedAt
			});
		}
		if (i % 3 === 0) {
			reviews.push({ applicationId, reviewerId: staff.admin, assignedBy: staff.facilitator, assignedAt, scores: null, submittedAt: null });
		}
	}
	await db.insertInto('reviewAssignment').values(reviews).execute();
	return { applicants: people.length, reviews: reviews.filter((r) => r.submittedAt).length };
}

async function seedPilot(
	db: Database,
	now: Date,
	today: string,
	courseId: string,
	modules: { id: string; position: number }[],
	facilitatorId: string,
	learners: [string, string]
) {
	const startsOn = addDays(today, -20);
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId,
			slug: 'calp-pilot',
			name: 'CALP 2026 pilot group',
			description:
				'A small pilot group that tries the course before the main CALP 2026 cohort. ' +
				'Modules open one after another; we meet online every two weeks and once in person in Almaty.',
			startsOn,
			endsOn: addDays(today, 70),
			timeZone: TIME_ZONE,
			enrolOpensAt: at(addDays(today, -35), '10:00'),
			enrolClosesAt: at(addDays(today, 10), '18:00'),
			capacity: 25,
			enrolmentMode: 'invitation',
			status: 'running',
			createdBy: facilitatorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await addFacilitator(db, cohort.id, facilitatorId);

	// Modules 1 and 2 are open; 3 opens in 5 days, 4 in 20, 5 in 40.
	const opensOn = [addDays(today, -20), addDays(today, -6), addDays(today, 5), addDays(today, 20), addDays(today, 40)];
	const releases = modules
		.filter((m) => m.position >= 1 && m.position <= opensOn.length)
		.map((m) => ({ cohortId: cohort.id, moduleId: m.id, opensAt: at(opensOn[m.position - 1]!, '10:00') }));
	if (releases.length) await db.insertInto('cohortModuleRelease').values(releases).execute();

	await db
		.insertInto('cohortSession')
		.values([
			{
				cohortId: cohort.id,
				title: 'Kick-off: introductions and the 2030 Agenda',
				description: 'Meet the group and the facilitators, and talk through module 1.',
				kind: 'online',
				url: 'https://zoom.us/j/81234567890',
				startsAt: at(startsOn, '15:00'),
				endsAt: at(startsOn, '16:30')
			},
			{
				cohortId: cohort.id,
				title: 'Webinar: the water-energy-food nexus in the Aral Sea basin',
				description: 'Read module 2 first. Bring one example of a water conflict from your country.',
				kind: 'online',
				url: 'https://zoom.us/j/81234567891',
				startsAt: at(addDays(today, 1), '15:00'),
				endsAt: at(addDays(today, 1), '16:30')
			},
			{
				cohortId: cohort.id,
				title: 'Workshop: stakeholder mapping for your project',
				description: 'A full day in person. Lunch is provided; travel costs are covered for participants from outside Almaty.',
				kind: 'in_person',
				place: 'CAREC office, Orbita-1 microdistrict 40, Almaty',
				startsAt: at(addDays(today, 14), '10:00'),
				endsAt: at(addDays(today, 14), '17:00')
			}
		])
		.execute();

	await db
		.insertInto('announcement')
		.values({
			cohortId: cohort.id,
			authorId: facilitatorId,
			title: 'Welcome to the pilot group',
			body: [
				'Dear participants,',
				'',
				'welcome to the CALP 2026 pilot group! Over the next three months we will go through the course together.',
				'',
				'**Before our next webinar:**',
				'',
				'- read *Module 2: The water-energy-food nexus*;',
				'- bring one example of a water conflict from your country;',
				'- tick "List me among participants" on the cohort page if you want the others to find you.',
				'',
				'The in-person workshop is in Almaty; details are in the schedule. Write to me with any questions.',
				'',
				'Dilnoza'
			].join('\n'),
			createdAt: at(startsOn, '09:00')
		})
		.execute();

	const invitation = await db
		.insertInto('cohortInvitation')
		.values({
			cohortId: cohort.id,
			code: generateToken().slice(0, 12),
			label: 'Partner organisations',
			expiresAt: at(addDays(today, 10), '18:00'),
			maxUses: 25,
			createdBy: facilitatorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();

	const locked = await lockCohort(db, cohort.id);
	const enrolledAt = at(addDays(startsOn, -3), '12:00');
	for (const userId of learners) {
		await takeSeat(db, locked, { userId, source: 'invitation', invitationId: invitation.id, waitlistWhenFull: false, now: enrolledAt });
	}
	await db.updateTable('cohortInvitation').set({ uses: learners.length }).where('id', '=', invitation.id).execute();
	// The first demo learner agreed to be listed among the participants; the second did not.
	await db
		.updateTable('enrolment')
		.set({ listed: true, updatedAt: now })
		.where('cohortId', '=', cohort.id)
		.where('userId', '=', learners[0])
		.execute();
	return cohort.id;
}

/** The water-saving course's autumn group: finished a month ago; its alumni hold certificates (demo/alumni.ts). */
async function seedAutumn(db: Database, today: string, courseId: string, facilitatorId: string) {
	const endsOn = addDays(today, -30);
	const startsOn = addDays(endsOn, -42);
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId,
			slug: 'water-saving-autumn',
			name: 'Water-saving irrigation: autumn group',
			description: 'The first group of the course, after the harvest. Finished; its alumni hold certificates.',
			startsOn,
			endsOn,
			timeZone: TIME_ZONE,
			enrolOpensAt: at(addDays(startsOn, -30), '00:00'),
			enrolClosesAt: at(addDays(startsOn, -1), '23:59'),
			capacity: 50,
			enrolmentMode: 'open',
			status: 'finished',
			createdBy: facilitatorId
		})
		.returning(['id', 'endsOn'])
		.executeTakeFirstOrThrow();
	await addFacilitator(db, cohort.id, facilitatorId);
	return cohort;
}

async function seedWinter(db: Database, today: string, courseId: string, facilitatorId: string) {
	const startsOn = addDays(today, 61);
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId,
			slug: 'water-saving-winter',
			name: 'Water-saving irrigation: winter group',
			description:
				'Learn over the winter, before the irrigation season starts. Enrol yourself: there is no selection, ' +
				'only a limit of fifty places. We meet online twice during the course.',
			startsOn,
			endsOn: addDays(startsOn, 42),
			timeZone: TIME_ZONE,
			enrolOpensAt: at(today, '00:00'),
			enrolClosesAt: at(addDays(today, 60), '23:59'),
			capacity: 50,
			enrolmentMode: 'open',
			status: 'open',
			createdBy: facilitatorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await addFacilitator(db, cohort.id, facilitatorId);
	await db
		.insertInto('cohortSession')
		.values([
			{
				cohortId: cohort.id,
				title: 'Opening webinar: where does the water go?',
				kind: 'online',
				url: 'https://zoom.us/j/81234567892',
				startsAt: at(startsOn, '11:00'),
				endsAt: at(startsOn, '12:00')
			},
			{
				cohortId: cohort.id,
				title: 'Q&A with an agronomist: planning drip irrigation for spring',
				kind: 'online',
				url: 'https://zoom.us/j/81234567893',
				startsAt: at(addDays(startsOn, 28), '11:00'),
				endsAt: at(addDays(startsOn, 28), '12:30')
			}
		])
		.execute();
}
