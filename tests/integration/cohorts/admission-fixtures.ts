import { randomBytes } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Actor } from '../../../src/lib/server/courses/access';
import type { Database } from '../../../src/lib/server/db/connect';
import type { Cohort, CohortStatus, DB, EnrolmentMode, Role } from '../../../src/lib/server/db/schema';
import type { ApplicationInput } from '../../../src/lib/server/cohorts/admission-rules';

/**
 * Fixtures for the admission tests: an application-mode cohort with two questions and a
 * three-criterion rubric, its facilitator, and people made in bulk (no usable password:
 * these tests never sign in).
 */

const token = () => randomBytes(4).toString('hex');

/** The clock of these tests: applications open on 1 June 2026 and close on 1 July. */
export const OPENS = new Date('2026-06-01T00:00:00Z');
export const DEADLINE = new Date('2026-07-01T00:00:00Z');
export const DURING = new Date('2026-06-15T09:00:00Z');
export const AFTER = new Date('2026-07-01T00:00:01Z');
export const ORIGIN = 'https://bilim.example.org';

export interface Person {
	id: string;
	name: string;
	email: string;
	locale: 'en' | 'ru';
	role: Role;
	organisationId: string | null;
}

export async function makePeople(
	db: Database,
	count: number,
	options: { locale?: 'en' | 'ru'; role?: Role; country?: string } = {}
): Promise<Person[]> {
	const batch = token();
	return db
		.insertInto('appUser')
		.values(
			Array.from({ length: count }, (_, i) => ({
				email: `adm-${batch}-${i}@example.org`,
				name: `Applicant ${batch} ${String(i).padStart(3, '0')}`,
				passwordHash: 'not-a-hash',
				country: options.country ?? 'KZ',
				locale: options.locale ?? 'en',
				role: options.role ?? 'learner'
			}))
		)
		.returning(['id', 'name', 'email', 'locale', 'role', 'organisationId'])
		.execute();
}

export const makePerson = async (db: Database, options: { locale?: 'en' | 'ru'; role?: Role } = {}) =>
	(await makePeople(db, 1, options))[0]!;

export const actor = (p: Person): Actor => ({ id: p.id, role: p.role, organisationId: p.organisationId });

export interface Setup {
	cohort: Cohort;
	facilitator: Person;
	questions: { place: string; areas: string };
	criteria: { id: string; weight: number }[];
}

export async function makeApplicationCohort(
	db: Database,
	options: { capacity?: number; mode?: EnrolmentMode; status?: CohortStatus; name?: string } = {}
): Promise<Setup> {
	const slug = `adm-${token()}`;
	const course = await db
		.insertInto('course')
		.values({ slug, title: `Leadership ${slug}`, language: 'en', status: 'published' })
		.returning('id')
		.executeTakeFirstOrThrow();
	const cohort = await db
		.insertInto('cohort')
		.values({
			courseId: course.id,
			slug,
			name: options.name ?? `CALP ${slug}`,
			startsOn: '2026-08-01',
			endsOn: '2026-11-01',
			timeZone: 'Asia/Almaty',
			capacity: options.capacity ?? 30,
			enrolmentMode: options.mode ?? 'application',
			status: options.status ?? 'open',
			enrolOpensAt: OPENS,
			enrolClosesAt: DEADLINE
		})
		.returningAll()
		.executeTakeFirstOrThrow();
	const facilitator = await makePerson(db, { role: 'facilitator' });
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
	const [place, areas] = await db
		.insertInto('applicationQuestion')
		.values([
			{ cohortId: cohort.id, position: 1, kind: 'short_text', label: 'Where do you work?', required: true },
			{
				cohortId: cohort.id,
				position: 2,
				kind: 'multiple_choice',
				label: 'Thematic areas',
				options: JSON.stringify(['Water', 'Climate', 'Waste']),
				required: true
			}
		])
		.returning('id')
		.execute();
	const criteria = await db
		.insertInto('reviewCriterion')
		.values([
			{ cohortId: cohort.id, position: 1, title: 'Motivation', weight: 2 },
			{ cohortId: cohort.id, position: 2, title: 'Experience', weight: 1 },
			{ cohortId: cohort.id, position: 3, title: 'Potential', weight: 1 }
		])
		.returning(['id', 'weight'])
		.execute();
	return { cohort, facilitator, questions: { place: place!.id, areas: areas!.id }, criteria: criteria.map((c) => ({ id: c.id, weight: Number(c.weight) })) };
}

export function completeInput(setup: Setup, overrides: Partial<ApplicationInput> = {}): ApplicationInput {
	return {
		organisationName: 'Green Osh',
		organisationType: 'cso',
		position: 'Programme officer',
		country: 'KG',
		gender: 'female',
		yearsExperience: '6',
		motivation: 'I coordinate a network of water user associations and want to lead a regional project.',
		answers: { [setup.questions.place]: 'Osh', [setup.questions.areas]: ['Water', 'Waste'] },
		...overrides
	};
}

export const tx = <T>(db: Database, fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);

/** The error a promise rejects with, for asserting its class and message key. */
export async function failure(promise: Promise<unknown>): Promise<Error & { field?: string; errors?: Record<string, string>; params?: Record<string, unknown> }> {
	try {
		await promise;
	} catch (e) {
		return e as Error;
	}
	throw new Error('expected a failure');
}

export function mailsTo(db: Database, address: string) {
	return db
		.selectFrom('mailOutbox')
		.select(['kind', 'subject', 'bodyText', 'locale'])
		.where('toAddress', '=', address)
		.orderBy('createdAt')
		.orderBy('id')
		.execute();
}
