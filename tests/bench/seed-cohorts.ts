// Bench cohorts: what the signed-in cohort pages and the application form are measured on.
//   - bench-review: an application cohort with BENCH_APPLICATIONS submitted applications,
//     each scored by two reviewers, some accepted and waitlisted (the review dashboard);
//   - bench-running-1..3, bench-open-1..2: a learner's cohorts and applications ("My learning");
//   - bench-gradebook: 200 learners with attempts, submissions and progress (seed-gradebook.ts);
//   - bench-apply-<run>: an open application cohort with a far deadline, new on every run,
//     that the submit throughput posts into, one bench applicant per request.
// Written straight through Kysely; sessions are inserted as the app stores them (the cookie
// holds a random token, the table its SHA-256), so no request signs in.
import type { Database } from '../../src/lib/server/db/connect';
import type { Gender, OrganisationType } from '../../src/lib/server/db/schema';
import { generateToken, hashToken, SESSION_COOKIE, SESSION_LIFETIME } from '../../src/lib/server/auth/session';
import { weightedScore } from '../../src/lib/server/cohorts/admission-rules';
import { benchCourseSlug } from './seed-courses';
import { GRADEBOOK_COHORT, seedGradebookCohort } from './seed-gradebook';
import { QUIZ_FORM, seedQuizAttempts } from './seed-quiz';
import { seedH5pActivity } from './seed-h5p';
import { seedCertificate } from './seed-certificates';
import { seedBenchDirectory } from './seed-directory';

const BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;
const COUNTRIES = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF'];
const GENDERS: Gender[] = ['female', 'male', 'female', 'male', 'prefer_not_to_say'];
const ORG_TYPES: OrganisationType[] = ['cso', 'university', 'government', 'training_centre', 'business', 'international'];
export const AREA_OPTIONS = ['Climate change', 'Integrated water resources management', 'Transboundary water cooperation', 'Biodiversity and ecosystems'];

export const REVIEW_COHORT = 'bench-review';
export const benchAccount = (name: string) => `bench-${name}@bench.example.org`;
const applicantEmail = (i: number) => `bench-applicant-${String(i).padStart(6, '0')}@bench.example.org`;
const submitterEmail = (i: number) => `bench-submitter-${String(i).padStart(6, '0')}@bench.example.org`;

export interface CohortSizes {
	/** Submitted applications in the review dashboard's cohort (BENCH_APPLICATIONS). */
	applications: number;
	/** Applicants the submit throughput needs: one per request, warm-up and probe included. */
	submitters: number;
}

export interface CohortSeed {
	/** Cookie headers of signed-in users. */
	cookies: { learner: string; facilitator: string; submitters: string[] };
	reviewCohort: string;
	applyCohort: string;
	/** The form a browser without JavaScript posts to the apply cohort's submit action. */
	applyForm: string;
	/** quiz-submit: the run's quiz lesson, each submitter's attempt submit path (same order as their cookies), the form. */
	quiz: { lessonSlug: string; paths: string[]; form: string };
	/** xapi and h5p-lesson: the H5P activity's lesson, and the submitters' ids (same order as their cookies). */
	h5p: { lessonId: string; userIds: string[] };
	counts: { cohorts: number; reviewApplications: number; reviews: number; learnerCohorts: number; learnerApplications: number };
}

async function ensureUsers(
	db: Database,
	passwordHash: string,
	users: { email: string; name: string; role?: 'learner' | 'facilitator'; country?: string }[]
): Promise<Map<string, string>> {
	const ids = new Map<string, string>();
	for (let from = 0; from < users.length; from += BATCH) {
		const chunk = users.slice(from, from + BATCH);
		await db
			.insertInto('appUser')
			.values(
				chunk.map((u, i) => ({
					email: u.email,
					name: u.name,
					passwordHash,
					country: u.country ?? COUNTRIES[(from + i) % COUNTRIES.length]!,
					role: u.role ?? ('learner' as const)
				}))
			)
			.onConflict((oc) => oc.doNothing())
			.execute();
		const rows = await db
			.selectFrom('appUser')
			.select(['id', 'email'])
			.where(
				'email',
				'in',
				chunk.map((u) => u.email)
			)
			.execute();
		for (const r of rows) ids.set(r.email, r.id);
	}
	return ids;
}

/** New sessions for these users (a fresh token each run: only this process knows them). */
async function sessions(db: Database, userIds: string[]): Promise<string[]> {
	const tokens = userIds.map(() => generateToken());
	const expiresAt = new Date(Date.now() + SESSION_LIFETIME);
	for (let from = 0; from < userIds.length; from += BATCH) {
		await db
			.insertInto('userSession')
			.values(userIds.slice(from, from + BATCH).map((userId, i) => ({ id: hashToken(tokens[from + i]!), userId, expiresAt })))
			.execute();
	}
	return tokens.map((t) => `${SESSION_COOKIE}=${t}`);
}

async function courseWithModules(db: Database, slug: string) {
	const course = await db.selectFrom('course').select('id').where('slug', '=', slug).executeTakeFirstOrThrow();
	const modules = await db.selectFrom('courseModule').select('id').where('courseId', '=', course.id).orderBy('position').execute();
	return { id: course.id, modules: modules.map((m) => m.id) };
}

const ymd = (d: Date) => d.toISOString().slice(0, 10);

/** An application cohort with the bench's questions and rubric; its question ids. */
async function createApplicationCohort(db: Database, slug: string, courseId: string, facilitatorId: string, now: Date) {
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId,
			slug,
			name: `Bench cohort ${slug}`,
			description: 'A cohort seeded by the bench.',
			startsOn: ymd(new Date(now.getTime() + 400 * DAY)),
			endsOn: ymd(new Date(now.getTime() + 500 * DAY)),
			enrolOpensAt: new Date(now.getTime() - 30 * DAY),
			enrolClosesAt: new Date(now.getTime() + 365 * DAY),
			capacity: 30,
			enrolmentMode: 'application',
			status: 'open',
			createdBy: facilitatorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitatorId }).execute();
	const questions = await db
		.insertInto('applicationQuestion')
		.values([
			{ cohortId: cohort.id, position: 1, kind: 'short_text', label: 'Which environmental problem do you want to work on?', required: true },
			{
				cohortId: cohort.id,
				position: 2,
				kind: 'multiple_choice',
				label: 'Which thematic areas interest you?',
				options: JSON.stringify(AREA_OPTIONS),
				required: false
			}
		])
		.returning(['id', 'position'])
		.execute();
	const criteria = await db
		.insertInto('reviewCriterion')
		.values([
			{ cohortId: cohort.id, position: 1, title: 'Motivation', weight: 2 },
			{ cohortId: cohort.id, position: 2, title: 'Relevant experience', weight: 1 },
			{ cohortId: cohort.id, position: 3, title: 'Potential impact in the region', weight: 2 }
		])
		.returning(['id', 'weight'])
		.execute();
	return {
		id: cohort.id,
		problem: questions.find((q) => q.position === 1)!.id,
		areas: questions.find((q) => q.position === 2)!.id,
		criteria
	};
}

const MOTIVATION =
	'I coordinate community projects on water and land in my district and want to learn to design projects that ' +
	'local authorities keep running after the grant ends, with colleagues from neighbouring countries.';

/** The review dashboard's cohort: submitted applications, two scored reviews each, some decided. */
async function seedReviewCohort(db: Database, size: number, course: string, staff: { facilitator: string; reviewer: string }, passwordHash: string, now: Date) {
	const cohort = await createApplicationCohort(db, REVIEW_COHORT, course, staff.facilitator, now);
	const users = await ensureUsers(
		db,
		passwordHash,
		Array.from({ length: size }, (_, i) => ({ email: applicantEmail(i + 1), name: `Bench Applicant ${i + 1}` }))
	);
	let reviews = 0;
	for (let from = 0; from < size; from += BATCH) {
		const rows = Array.from({ length: Math.min(BATCH, size - from) }, (_, k) => {
			const i = from + k;
			// The first 30 accepted (not yet released), the next 10 waitlisted in order.
			const decision = i < 30 ? ('accepted' as const) : i < 40 ? ('waitlisted' as const) : null;
			return {
				cohortId: cohort.id,
				userId: users.get(applicantEmail(i + 1))!,
				status: 'submitted' as const,
				organisationName: `Organisation ${(i % 97) + 1}`,
				organisationType: ORG_TYPES[i % ORG_TYPES.length]!,
				position: 'Project coordinator',
				country: COUNTRIES[i % COUNTRIES.length]!,
				gender: GENDERS[i % GENDERS.length]!,
				yearsExperience: 1 + (i % 15),
				motivation: MOTIVATION,
				answers: JSON.stringify({ [cohort.problem]: 'Water loss from earthen canals', [cohort.areas]: [AREA_OPTIONS[i % 4]!] }),
				submittedAt: new Date(now.getTime() - (i + 1) * 60_000),
				decision,
				waitlistRank: decision === 'waitlisted' ? i - 29 : null,
				decidedAt: decision ? now : null,
				decidedBy: decision ? staff.facilitator : null
			};
		});
		const apps = await db.insertInto('application').values(rows).returning(['id', 'userId', 'decision']).execute();
		const scored = apps.flatMap((a, k) =>
			[staff.facilitator, staff.reviewer].map((reviewerId, r) => {
				const scores = Object.fromEntries(cohort.criteria.map((c, j) => [c.id, (from + k + r + j) % 6]));
				return {
					applicationId: a.id,
					reviewerId,
					assignedBy: staff.facilitator,
					scores: JSON.stringify(scores),
					weightedScore: weightedScore(cohort.criteria, scores),
					submittedAt: now
				};
			})
		);
		await db.insertInto('reviewAssignment').values(scored).execute();
		reviews += scored.length;
		const accepted = apps.filter((a) => a.decision === 'accepted');
		if (accepted.length) {
			await db
				.insertInto('enrolment')
				.values(accepted.map((a) => ({ cohortId: cohort.id, userId: a.userId, status: 'pending' as const, source: 'application' as const, enrolledAt: now })))
				.execute();
		}
	}
	return reviews;
}

/** The learner's cohorts: three running ones with sessions, releases and announcements; two applications. */
async function seedLearnerCohorts(db: Database, course: { id: string; modules: string[] }, facilitator: string, learner: string, now: Date) {
	for (let n = 1; n <= 3; n++) {
		const cohort = await db
			.insertInto('cohort')
			.values({
				courseId: course.id,
				slug: `bench-running-${n}`,
				name: `Bench running cohort ${n}`,
				startsOn: ymd(new Date(now.getTime() - 20 * n * DAY)),
				endsOn: ymd(new Date(now.getTime() + 60 * DAY)),
				capacity: 40,
				enrolmentMode: 'invitation',
				status: 'running',
				createdBy: facilitator
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator }).execute();
		await db
			.insertInto('cohortModuleRelease')
			.values(course.modules.map((moduleId, m) => ({ cohortId: cohort.id, moduleId, opensAt: new Date(now.getTime() + (m - 2) * 7 * n * DAY) })))
			.execute();
		await db
			.insertInto('cohortSession')
			.values(
				[-14, -7, 1 + n, 14, 28].map((days, s) => ({
					cohortId: cohort.id,
					title: `Session ${s + 1}`,
					kind: s === 3 ? ('in_person' as const) : ('online' as const),
					url: s === 3 ? null : 'https://meet.example.org/bench',
					place: s === 3 ? 'Almaty' : null,
					startsAt: new Date(now.getTime() + days * DAY),
					endsAt: new Date(now.getTime() + days * DAY + 90 * 60_000)
				}))
			)
			.execute();
		await db
			.insertInto('announcement')
			.values([1, 2, 3].map((a) => ({ cohortId: cohort.id, authorId: facilitator, title: `Announcement ${a}`, body: 'Read the next module before the session.' })))
			.execute();
		await db.insertInto('enrolment').values({ cohortId: cohort.id, userId: learner, status: 'enrolled', source: 'invitation', enrolledAt: now, listed: true }).execute();
	}
	for (let n = 1; n <= 2; n++) {
		const cohort = await createApplicationCohort(db, `bench-open-${n}`, course.id, facilitator, now);
		await db
			.insertInto('application')
			.values({
				cohortId: cohort.id,
				userId: learner,
				status: n === 1 ? 'submitted' : 'draft',
				organisationName: 'Bench Training Centre',
				organisationType: 'training_centre',
				position: 'Trainer',
				country: 'KZ',
				gender: 'female',
				yearsExperience: 5,
				motivation: MOTIVATION,
				answers: JSON.stringify({ [cohort.problem]: 'Water loss from earthen canals' }),
				submittedAt: n === 1 ? now : null
			})
			.execute();
	}
}

/**
 * Seeds the bench cohorts that are not there yet (a PostgreSQL database keeps them between
 * runs), and a new apply cohort and new sessions every run.
 */
export async function seedCohorts(db: Database, sizes: CohortSizes, passwordHash: string): Promise<CohortSeed> {
	const now = new Date();
	const staff = await ensureUsers(db, passwordHash, [
		{ email: benchAccount('facilitator'), name: 'Bench Facilitator', role: 'facilitator' },
		{ email: benchAccount('reviewer'), name: 'Bench Reviewer', role: 'facilitator' },
		{ email: benchAccount('learner'), name: 'Bench Learner', country: 'KZ' }
	]);
	const facilitator = staff.get(benchAccount('facilitator'))!;
	const reviewer = staff.get(benchAccount('reviewer'))!;
	const learner = staff.get(benchAccount('learner'))!;
	const course = await courseWithModules(db, benchCourseSlug(1));

	const existing = new Set((await db.selectFrom('cohort').select('slug').where('slug', 'like', 'bench-%').execute()).map((c) => c.slug));
	if (!existing.has(REVIEW_COHORT)) {
		await seedReviewCohort(db, sizes.applications, course.id, { facilitator, reviewer }, passwordHash, now);
	}
	if (!existing.has('bench-running-1')) await seedLearnerCohorts(db, course, facilitator, learner, now);
	if (!existing.has(GRADEBOOK_COHORT)) await seedGradebookCohort(db, facilitator, passwordHash, now);
	await seedCertificate(db, facilitator);
	await seedBenchDirectory(db, passwordHash, learner, facilitator);

	// A new cohort every run, so every submission is a first one (also on a reused database).
	const applySlug = `bench-apply-${now.getTime().toString(36)}`;
	const apply = await createApplicationCohort(db, applySlug, course.id, facilitator, now);
	await db.updateTable('cohort').set({ capacity: 100_000 }).where('id', '=', apply.id).execute();
	const submitters = await ensureUsers(
		db,
		passwordHash,
		Array.from({ length: sizes.submitters }, (_, i) => ({ email: submitterEmail(i + 1), name: `Bench Submitter ${i + 1}` }))
	);
	const submitterIds = Array.from({ length: sizes.submitters }, (_, i) => submitters.get(submitterEmail(i + 1))!);

	const form = new URLSearchParams({
		organisationName: 'Bench Training Centre',
		organisationType: 'training_centre',
		position: 'Trainer',
		country: 'KZ',
		gender: 'female',
		yearsExperience: '5',
		motivation: MOTIVATION,
		[`q_${apply.problem}`]: 'Water loss from earthen canals in the Fergana valley'
	});
	form.append(`q_${apply.areas}`, AREA_OPTIONS[0]!);
	form.append(`q_${apply.areas}`, AREA_OPTIONS[1]!);

	const [learnerCookie, facilitatorCookie] = await sessions(db, [learner, facilitator]);
	const submitterCookies = await sessions(db, submitterIds);
	// The same people then each submit a quiz attempt (quiz-submit).
	const quiz = await seedQuizAttempts(db, submitterIds, now);
	// And each relays one xAPI statement of an H5P activity (xapi).
	const h5p = await seedH5pActivity(db);

	const review = await db
		.selectFrom('application as a')
		.innerJoin('cohort as c', 'c.id', 'a.cohortId')
		.select((eb) => [eb.fn.countAll<number>().as('n')])
		.where('c.slug', '=', REVIEW_COHORT)
		.where('a.status', '=', 'submitted')
		.executeTakeFirstOrThrow();
	const reviewCount = await db
		.selectFrom('reviewAssignment as ra')
		.innerJoin('application as a', 'a.id', 'ra.applicationId')
		.innerJoin('cohort as c', 'c.id', 'a.cohortId')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('c.slug', '=', REVIEW_COHORT)
		.where('ra.submittedAt', 'is not', null)
		.executeTakeFirstOrThrow();
	const learnerCohorts = await db
		.selectFrom('enrolment')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('userId', '=', learner)
		.executeTakeFirstOrThrow();
	const learnerApplications = await db
		.selectFrom('application')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('userId', '=', learner)
		.executeTakeFirstOrThrow();
	const cohorts = await db.selectFrom('cohort').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();

	return {
		cookies: { learner: learnerCookie!, facilitator: facilitatorCookie!, submitters: submitterCookies },
		reviewCohort: REVIEW_COHORT,
		applyCohort: applySlug,
		applyForm: form.toString(),
		quiz: { lessonSlug: quiz.lessonSlug, paths: quiz.paths, form: QUIZ_FORM },
		h5p: { lessonId: h5p.lessonId, userIds: submitterIds },
		counts: {
			cohorts: Number(cohorts.n),
			reviewApplications: Number(review.n),
			reviews: Number(reviewCount.n),
			learnerCohorts: Number(learnerCohorts.n),
			learnerApplications: Number(learnerApplications.n)
		}
	};
}

/** Submitted applications in a cohort: after the run, the submissions that really happened. */
export async function countSubmitted(db: Database, slug: string): Promise<number> {
	const row = await db
		.selectFrom('application as a')
		.innerJoin('cohort as c', 'c.id', 'a.cohortId')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('c.slug', '=', slug)
		.where('a.status', '=', 'submitted')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}
