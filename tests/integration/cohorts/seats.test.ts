import { describe, expect, it } from 'vitest';
import { testDatabase } from '../test-db';
import { lockCohort, promoteFromWaitlist, seatsTaken, takeSeat } from '../../../src/lib/server/cohorts/seats';
import { importTestCourse, makeCohort, makePeople } from './enrolment-fixtures';

const db = await testDatabase();
const course = await importTestCourse(db, 'seats-course', 'open');
const now = new Date('2026-06-15T09:00:00Z');

describe('seats', () => {
	it('counts pending and enrolled as taken, and waitlists or refuses when full', async () => {
		const cohort = await makeCohort(db, course.id, { capacity: 2 });
		const [a, b, c, d] = await makePeople(db, 4);
		const outcomes = await db.transaction().execute(async (trx) => {
			const locked = await lockCohort(trx, cohort.id);
			return [
				await takeSeat(trx, locked, { userId: a!.id, source: 'open', waitlistWhenFull: true, now }),
				await takeSeat(trx, locked, { userId: b!.id, source: 'application', holdAs: 'pending', waitlistWhenFull: false, now }),
				await takeSeat(trx, locked, { userId: c!.id, source: 'open', waitlistWhenFull: false, now }),
				await takeSeat(trx, locked, { userId: d!.id, source: 'open', waitlistWhenFull: true, now })
			];
		});
		expect(outcomes).toEqual([
			{ status: 'enrolled', waitlistPosition: null },
			{ status: 'pending', waitlistPosition: null },
			{ status: 'full' },
			{ status: 'waitlisted', waitlistPosition: 1 }
		]);
		expect(await seatsTaken(db, cohort.id)).toBe(2);
		const refused = await db.selectFrom('enrolment').select('id').where('cohortId', '=', cohort.id).where('userId', '=', c!.id).executeTakeFirst();
		expect(refused).toBeUndefined();
	});

	it('promotes the head of the waitlist into a freed seat and marks a waitlisted application accepted', async () => {
		const cohort = await makeCohort(db, course.id, { capacity: 1, mode: 'application' });
		const [first, second, third] = await makePeople(db, 3);
		await db.transaction().execute(async (trx) => {
			const locked = await lockCohort(trx, cohort.id);
			await takeSeat(trx, locked, { userId: first!.id, source: 'application', waitlistWhenFull: true, now });
			await takeSeat(trx, locked, { userId: second!.id, source: 'application', waitlistWhenFull: true, now });
			await takeSeat(trx, locked, { userId: third!.id, source: 'application', waitlistWhenFull: true, now });
		});
		for (const [person, decision, rank] of [
			[first, 'accepted', null],
			[second, 'waitlisted', 1],
			[third, 'waitlisted', 2]
		] as const) {
			await db
				.insertInto('application')
				.values({ cohortId: cohort.id, userId: person!.id, status: 'submitted', submittedAt: now, decision, waitlistRank: rank, decisionReleasedAt: now })
				.execute();
		}
		// Nothing is free yet: nobody moves.
		expect(await db.transaction().execute(async (trx) => promoteFromWaitlist(trx, await lockCohort(trx, cohort.id), now))).toEqual([]);

		const later = new Date('2026-06-20T09:00:00Z');
		const promoted = await db.transaction().execute(async (trx) => {
			const locked = await lockCohort(trx, cohort.id);
			await trx.updateTable('enrolment').set({ status: 'withdrawn' }).where('cohortId', '=', cohort.id).where('userId', '=', first!.id).execute();
			return promoteFromWaitlist(trx, locked, later);
		});
		expect(promoted).toEqual([second!.id]);
		const rows = await db
			.selectFrom('enrolment as e')
			.innerJoin('application as a', (j) => j.onRef('a.cohortId', '=', 'e.cohortId').onRef('a.userId', '=', 'e.userId'))
			.select(['e.userId', 'e.status', 'e.waitlistPosition', 'a.decision', 'a.waitlistRank', 'a.decisionReleasedAt'])
			.where('e.cohortId', '=', cohort.id)
			.execute();
		const byUser = new Map(rows.map((r) => [r.userId, r]));
		expect(byUser.get(second!.id)).toMatchObject({ status: 'enrolled', waitlistPosition: null, decision: 'accepted', waitlistRank: null });
		expect(byUser.get(second!.id)!.decisionReleasedAt).toEqual(later);
		expect(byUser.get(third!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 2, decision: 'waitlisted', waitlistRank: 2 });
		expect(await seatsTaken(db, cohort.id)).toBe(1);
	});
});
