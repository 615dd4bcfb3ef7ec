import { randomBytes } from 'node:crypto';
import type { Database } from '../../../src/lib/server/db/connect';
import type { Cohort, CohortStatus, EnrolmentMode } from '../../../src/lib/server/db/schema';
import { importCourse } from '../../../src/lib/server/courses/import';
import { parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { validCourseFiles } from '../../course-package';

/** Fixtures for the enrolment tests: a course in the test package format, cohorts, many people. */

const token = () => randomBytes(4).toString('hex');

/** The test package (modules water-basics and practice) as a published course with this access. */
export async function importTestCourse(db: Database, slug: string, access: 'open' | 'cohort') {
	const files = validCourseFiles();
	const yaml = new TextDecoder().decode(files.get('course.yaml')!);
	files.set('course.yaml', new TextEncoder().encode(`${yaml}access: ${access}\n`));
	const { course, problems } = parseCoursePackage(files, slug);
	if (!course) throw new Error(`test course does not parse: ${JSON.stringify(problems)}`);
	await db.transaction().execute((trx) => importCourse(trx, course, { userId: null, sourceHash: null }));
	const row = await db.selectFrom('course').select(['id', 'slug']).where('slug', '=', slug).executeTakeFirstOrThrow();
	const modules = await db.selectFrom('courseModule').select(['id', 'slug']).where('courseId', '=', row.id).orderBy('position').execute();
	return { ...row, modules };
}

export interface CohortOptions {
	capacity?: number;
	mode?: EnrolmentMode;
	status?: CohortStatus;
	opensAt?: Date | null;
	closesAt?: Date | null;
	timeZone?: string;
	name?: string;
}

export async function makeCohort(db: Database, courseId: string, options: CohortOptions = {}): Promise<Cohort> {
	const slug = `cohort-${token()}`;
	return db
		.insertInto('cohort')
		.values({
			courseId,
			slug,
			name: options.name ?? `Cohort ${slug}`,
			startsOn: '2026-12-01',
			endsOn: '2027-03-01',
			timeZone: options.timeZone ?? 'Asia/Almaty',
			capacity: options.capacity ?? 30,
			enrolmentMode: options.mode ?? 'open',
			status: options.status ?? 'open',
			enrolOpensAt: options.opensAt ?? null,
			enrolClosesAt: options.closesAt ?? null
		})
		.returningAll()
		.executeTakeFirstOrThrow();
}

/** People without a usable password (none of these tests signs in): fast to make by the hundred. */
export async function makePeople(db: Database, count: number, options: { locale?: 'en' | 'ru'; role?: 'learner' | 'facilitator' | 'author' | 'admin' } = {}) {
	const batch = token();
	const rows = await db
		.insertInto('appUser')
		.values(
			Array.from({ length: count }, (_, i) => ({
				email: `p-${batch}-${i}@example.org`,
				name: `Person ${batch} ${i}`,
				passwordHash: 'not-a-hash',
				country: 'KZ',
				locale: options.locale ?? 'en',
				role: options.role ?? 'learner'
			}))
		)
		.returning(['id', 'email', 'name', 'role', 'locale', 'organisationId'])
		.execute();
	return rows;
}

export async function makePerson(db: Database, options: { locale?: 'en' | 'ru'; role?: 'learner' | 'facilitator' | 'author' | 'admin' } = {}) {
	return (await makePeople(db, 1, options))[0]!;
}

export function mailsTo(db: Database, address: string) {
	return db.selectFrom('mailOutbox').select(['kind', 'subject', 'bodyText', 'locale']).where('toAddress', '=', address).orderBy('createdAt').execute();
}

export function enrolmentsOf(db: Database, cohortId: string) {
	return db.selectFrom('enrolment').select(['userId', 'status', 'waitlistPosition', 'source', 'listed']).where('cohortId', '=', cohortId).execute();
}
