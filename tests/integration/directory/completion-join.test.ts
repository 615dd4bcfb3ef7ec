import { describe, expect, it } from 'vitest';
import { markComplete } from '../../../src/lib/server/progress/progress';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { enrol } from '../progress/progress-fixtures';

/** The course-completed event makes the learner a member of the networks linked to the course or cohort, in the same transaction. */
const db = await testDatabase();
const NOW = new Date('2026-12-05T09:00:00Z');

describe('network membership on completion', () => {
	it('adds the learner to the networks linked to the course and to the cohort, with a private profile, and not to others', async () => {
		const course = await importTestCourse(db, 'join-on-completion', 'cohort');
		const cohort = await makeCohort(db, course.id);
		const [byCourse, byCohort, unrelated] = await Promise.all(
			['alumni-by-course', 'alumni-by-cohort', 'unrelated'].map((slug) => db.insertInto('network').values({ slug, name: slug }).returning('id').executeTakeFirstOrThrow())
		);
		await db.insertInto('networkLink').values([{ networkId: byCourse!.id, courseId: course.id }, { networkId: byCohort!.id, cohortId: cohort.id }]).execute();
		const person = await makePerson(db);
		await enrol(db, cohort.id, person.id);
		const actor = { id: person.id, role: 'learner' as const, organisationId: null };

		await db.transaction().execute((trx) => markComplete(trx, actor, course.slug, 'what-is-iwrm', NOW));
		expect(await db.selectFrom('networkMember').select('networkId').where('userId', '=', person.id).execute()).toEqual([]);

		await db.transaction().execute((trx) => markComplete(trx, actor, course.slug, 'field-visit', NOW));
		const memberships = await db.selectFrom('networkMember').select(['networkId', 'status', 'source']).where('userId', '=', person.id).execute();
		expect(memberships.map((m) => m.networkId).sort()).toEqual([byCourse!.id, byCohort!.id].sort());
		expect(memberships.every((m) => m.status === 'member' && m.source === 'completion')).toBe(true);
		expect(memberships.some((m) => m.networkId === unrelated!.id)).toBe(false);
		const profile = await db.selectFrom('directoryProfile').select(['visibility', 'telegramVisibility']).where('userId', '=', person.id).executeTakeFirstOrThrow();
		expect(profile).toEqual({ visibility: 'networks', telegramVisibility: 'self' });
	});
});
