import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/lib/server/errors';
import { redeemInvitation, selfEnrol } from '../../../src/lib/server/cohorts/enrolment';
import { testDatabase } from '../test-db';
import { enrolmentsOf, importTestCourse, makeCohort, makePeople } from './enrolment-fixtures';

/**
 * Seats are exact under concurrency: many people enrolling at the same moment, each in their
 * own transaction, never overfill a cohort and are never lost. On PostgreSQL
 * (TEST_DATABASE_URL) the transactions really run at once on a pool of connections and queue
 * on the cohort's row lock; on PGlite they take turns on its one session.
 */

const db = await testDatabase();
const ORIGIN = 'https://learn.example.org';
const NOW = new Date('2026-11-20T08:00:00Z');
const PEOPLE = 100;
const SEATS = 30;

let courseId: string;
beforeAll(async () => {
	courseId = (await importTestCourse(db, 'busy-course', 'open')).id;
});

type Result = { status: string; waitlistPosition: number | null } | { refused: string };

async function settle(calls: Promise<{ status: string; waitlistPosition: number | null }>[]): Promise<Result[]> {
	const results = await Promise.allSettled(calls);
	return results.map((r) => {
		if (r.status === 'fulfilled') return r.value;
		if (r.reason instanceof ConflictError) return { refused: r.reason.message };
		throw r.reason;
	});
}

const count = (results: Result[], pick: (r: Result) => boolean) => results.filter(pick).length;
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe(`${PEOPLE} people enrolling at once into a ${SEATS}-seat open cohort`, () => {
	it(`gives exactly ${SEATS} seats and puts the other ${PEOPLE - SEATS} on the waitlist, at distinct places 1..${PEOPLE - SEATS}`, async () => {
		const cohort = await makeCohort(db, courseId, { capacity: SEATS });
		const people = await makePeople(db, PEOPLE);
		const results = await settle(
			people.map((p) => db.transaction().execute((trx) => selfEnrol(trx, { cohortId: cohort.id, userId: p.id, now: NOW, origin: ORIGIN })))
		);
		expect(count(results, (r) => 'status' in r && r.status === 'enrolled')).toBe(SEATS);
		expect(count(results, (r) => 'status' in r && r.status === 'waitlisted')).toBe(PEOPLE - SEATS);

		const rows = await enrolmentsOf(db, cohort.id);
		expect(rows).toHaveLength(PEOPLE);
		expect(new Set(rows.map((r) => r.userId))).toEqual(new Set(people.map((p) => p.id)));
		expect(rows.filter((r) => r.status === 'enrolled')).toHaveLength(SEATS);
		const positions = rows.filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition!);
		expect(positions.sort((a, b) => a - b)).toEqual(range(PEOPLE - SEATS));
		// Everyone was told (one mail each), and what they were told is what the table says.
		const mails = await db.selectFrom('mailOutbox').select(['kind', 'toAddress']).where('toAddress', 'in', people.map((p) => p.email)).execute();
		expect(mails.filter((m) => m.kind === 'cohort_enrolled')).toHaveLength(SEATS);
		expect(mails.filter((m) => m.kind === 'cohort_waitlisted')).toHaveLength(PEOPLE - SEATS);
	});

	it(`refuses the other ${PEOPLE - SEATS} with a clear message when they may not wait, writing nothing for them`, async () => {
		const cohort = await makeCohort(db, courseId, { capacity: SEATS });
		const people = await makePeople(db, PEOPLE);
		const results = await settle(
			people.map((p) =>
				db
					.transaction()
					.execute((trx) => selfEnrol(trx, { cohortId: cohort.id, userId: p.id, now: NOW, origin: ORIGIN, waitlistWhenFull: false }))
			)
		);
		expect(count(results, (r) => 'status' in r && r.status === 'enrolled')).toBe(SEATS);
		expect(count(results, (r) => 'refused' in r && r.refused === 'error_cohort_full')).toBe(PEOPLE - SEATS);
		const rows = await enrolmentsOf(db, cohort.id);
		expect(rows).toHaveLength(SEATS);
		expect(rows.every((r) => r.status === 'enrolled')).toBe(true);
	});

	it('counts invitation uses exactly: a 40-use code into 30 seats admits 30, waitlists 10 and refuses the rest', async () => {
		const cohort = await makeCohort(db, courseId, { capacity: SEATS, mode: 'invitation' });
		const invitation = await db
			.insertInto('cohortInvitation')
			.values({ cohortId: cohort.id, code: `busy-${cohort.slug}`, maxUses: 40 })
			.returningAll()
			.executeTakeFirstOrThrow();
		const people = await makePeople(db, PEOPLE);
		const results = await settle(
			people.map((p) =>
				db.transaction().execute((trx) => redeemInvitation(trx, { code: invitation.code, userId: p.id, now: NOW, origin: ORIGIN }))
			)
		);
		expect(count(results, (r) => 'status' in r && r.status === 'enrolled')).toBe(SEATS);
		expect(count(results, (r) => 'status' in r && r.status === 'waitlisted')).toBe(10);
		expect(count(results, (r) => 'refused' in r && r.refused === 'error_invitation_used_up')).toBe(PEOPLE - 40);
		const after = await db.selectFrom('cohortInvitation').select('uses').where('id', '=', invitation.id).executeTakeFirstOrThrow();
		expect(after.uses).toBe(40);
		const positions = (await enrolmentsOf(db, cohort.id)).filter((r) => r.status === 'waitlisted').map((r) => r.waitlistPosition!);
		expect(positions.sort((a, b) => a - b)).toEqual(range(10));
	});
});
