// Seeds the bench database straight through Kysely (no app process has it open meanwhile:
// an embedded PGlite directory can be open in only one process at a time).
import { sql } from 'kysely';
import { createDatabase, type DatabaseConfig } from '../../src/lib/server/db/connect';
import { countSubmittedAttempts } from './seed-quiz';
import { countStatements } from './seed-h5p';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { seedCourses } from './seed-courses';
import { countSubmitted, seedCohorts, type CohortSeed } from './seed-cohorts';

export interface SeedSizes {
	/** Learner accounts to create (BENCH_USERS). */
	users: number;
	/** Published courses to create (BENCH_COURSES), half English, half Russian. */
	courses: number;
	/** Lessons in each of them (BENCH_LESSONS_PER_COURSE), ~300 words apiece. */
	lessonsPerCourse: number;
	/** Submitted applications, two reviews each, in the review dashboard's cohort (BENCH_APPLICATIONS). */
	applications: number;
	/** Applicants with a session, one per submit request (warm-up and probe included). */
	submitters: number;
}

export interface SeedResult {
	/** What is in the database after seeding (a PostgreSQL database may hold more than was asked). */
	counts: { users: number; benchUsers: number; organisations: number; publishedCourses: number; lessons: number };
	/** A seeded user's id: the minimal app's primary-key query looks it up. */
	probeUserId: string;
	/** Signed-in users' cookies and the cohorts the cohort pages are measured on. */
	cohorts: CohortSeed;
	serverVersion: string;
	seconds: number;
}

/**
 * argon2id of BENCH_PASSWORD with the app's parameters, precomputed: hashing each account
 * (~50 ms apiece) would make seeding slow. Benchmarks of signed-in pages sign in with it.
 */
export const BENCH_PASSWORD = 'bench-password';
export const BENCH_PASSWORD_HASH =
	'$argon2id$v=19$m=19456,t=2,p=1$ZdE7cIBg/E1iSCEqa2smIA$FSqjesnNFzqus02aDKcgwNBnnX5IBPS9sl9IDwzaoRI';

export function benchEmail(i: number) {
	return `bench-user-${String(i).padStart(6, '0')}@bench.example.org`;
}

const COUNTRIES = ['KZ', 'KG', 'UZ', 'TJ', 'TM', 'AF', 'MN'];
const BATCH = 500;

/**
 * Migrates, then inserts the bench users that are not there yet (re-running on the same
 * PostgreSQL database adds nothing twice and deletes nothing).
 */
export async function seed(config: DatabaseConfig, sizes: SeedSizes): Promise<SeedResult> {
	const started = performance.now();
	const db = createDatabase({ ...config, poolSize: 2 });
	try {
		await migrateToLatest(db);
		for (let from = 1; from <= sizes.users; from += BATCH) {
			const rows = [];
			for (let i = from; i < Math.min(from + BATCH, sizes.users + 1); i++) {
				rows.push({
					email: benchEmail(i),
					name: `Bench Learner ${i}`,
					passwordHash: BENCH_PASSWORD_HASH,
					country: COUNTRIES[i % COUNTRIES.length] ?? 'KZ',
					locale: i % 3 === 0 ? ('ru' as const) : ('en' as const),
					role: 'learner' as const
				});
			}
			await db
				.insertInto('appUser')
				.values(rows)
				.onConflict((oc) => oc.doNothing())
				.execute();
		}

		await seedCourses(db, sizes.courses, sizes.lessonsPerCourse);
		const cohorts = await seedCohorts(db, { applications: sizes.applications, submitters: sizes.submitters }, BENCH_PASSWORD_HASH);
		// Planner statistics, as PostgreSQL's autovacuum would gather after such a load (an
		// embedded database has no autovacuum): without them the catalog's plans are guesses.
		await sql`analyze`.execute(db);

		const probe = await db
			.selectFrom('appUser')
			.select('id')
			.where('email', '=', benchEmail(Math.max(1, Math.ceil(sizes.users / 2))))
			.executeTakeFirst();
		if (!probe) throw new Error('seeding left no bench user to look up (is BENCH_USERS at least 1?)');

		const count = (q: Promise<{ n: number } | undefined>) => q.then((r) => Number(r?.n ?? 0));
		const users = await count(db.selectFrom('appUser').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
		const benchUsers = await count(
			db
				.selectFrom('appUser')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('email', 'like', '%@bench.example.org')
				.executeTakeFirst()
		);
		const organisations = await count(
			db.selectFrom('organisation').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst()
		);
		const publishedCourses = await count(
			db
				.selectFrom('course')
				.select((eb) => eb.fn.countAll<number>().as('n'))
				.where('status', '=', 'published')
				.executeTakeFirst()
		);
		const lessons = await count(db.selectFrom('lesson').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst());
		const version = await sql<{ version: string }>`select version()`.execute(db);

		return {
			counts: { users, benchUsers, organisations, publishedCourses, lessons },
			probeUserId: probe.id,
			cohorts,
			serverVersion: version.rows[0]?.version ?? 'unknown',
			seconds: Math.round((performance.now() - started) / 100) / 10
		};
	} finally {
		await db.destroy();
	}
}

/** Submitted applications in a cohort, read after the app has stopped (an embedded database has one process). */
export async function countSubmittedIn(config: DatabaseConfig, cohortSlug: string): Promise<number> {
	const db = createDatabase({ ...config, poolSize: 1 });
	try {
		return await countSubmitted(db, cohortSlug);
	} finally {
		await db.destroy();
	}
}

export async function countStatementsIn(config: DatabaseConfig, lessonId: string): Promise<number> {
	const db = createDatabase({ ...config, poolSize: 1 });
	try {
		return await countStatements(db, lessonId);
	} finally {
		await db.destroy();
	}
}

export async function countSubmittedAttemptsIn(config: DatabaseConfig, lessonSlug: string): Promise<number> {
	const db = createDatabase({ ...config, poolSize: 1 });
	try {
		return await countSubmittedAttempts(db, lessonSlug);
	} finally {
		await db.destroy();
	}
}
