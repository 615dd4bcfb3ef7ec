import { beforeAll, describe, expect, it } from 'vitest';
import { issueCertificate, listForCohort } from '../../../src/lib/server/certificates/certificates';
import { getCohortCertificate, issueToCohortLearner } from '../../../src/lib/server/certificates/cohort-certificates';
import { NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { enrol } from '../progress/progress-fixtures';

/**
 * The rules of the cohort's Certificates tab that its actions add to certificates.ts: a cohort's
 * managers issue only to their cohort's learners, before completion only when they confirm it,
 * and touch only their cohort's certificates (a certificate id from another cohort is not found).
 */

const db = await testDatabase();
const NOW = new Date('2026-12-05T09:00:00Z');

type Course = Awaited<ReturnType<typeof importTestCourse>>;
let course: Course;
let facilitatorId: string;

beforeAll(async () => {
	course = await importTestCourse(db, 'certificate-routes-course', 'cohort');
	facilitatorId = (await makePerson(db, { role: 'facilitator' })).id;
});

async function cohortWithLearner() {
	const cohort = await makeCohort(db, course.id);
	const learner = await makePerson(db);
	await enrol(db, cohort.id, learner.id);
	return { cohort, learner };
}

const issue = (cohort: { id: string; courseId: string }, userId: string, confirmed: boolean) =>
	db.transaction().execute((trx) => issueToCohortLearner(trx, cohort, { userId, actorId: facilitatorId, confirmed, now: NOW }));

const certificatesOf = (userId: string) => db.selectFrom('certificate').selectAll().where('userId', '=', userId).execute();

describe('issuing by hand from a cohort', () => {
	it('before completion only with the box ticked; nothing is stored when it is not', async () => {
		const { cohort, learner } = await cohortWithLearner();
		const refused = await issue(cohort, learner.id, false).catch((e: unknown) => e);
		expect(refused).toBeInstanceOf(ValidationError);
		expect(refused).toMatchObject({ field: 'confirm', message: 'error_cert_confirm_not_completed' });
		expect(await certificatesOf(learner.id)).toEqual([]);

		const issued = await issue(cohort, learner.id, true);
		expect(issued.created).toBe(true);
		const [cert] = await certificatesOf(learner.id);
		expect(cert).toMatchObject({ id: issued.id, cohortId: cohort.id, issuedBy: facilitatorId, completionId: null });
		const row = (await listForCohort(db, cohort.id)).find((r) => r.userId === learner.id);
		expect(row).toMatchObject({ certificateId: issued.id, completedAt: null });
	});

	it('after completion without the box, once: a second click finds the same certificate', async () => {
		const { cohort, learner } = await cohortWithLearner();
		const completion = await db
			.insertInto('courseCompletion')
			.values({ userId: learner.id, courseId: course.id, cohortId: cohort.id, completedAt: NOW, finalGrade: 91 })
			.returning('id')
			.executeTakeFirstOrThrow();
		const first = await issue(cohort, learner.id, false);
		const again = await issue(cohort, learner.id, true);
		expect(first.created).toBe(true);
		expect(again).toEqual({ id: first.id, created: false });
		const certs = await certificatesOf(learner.id);
		expect(certs).toHaveLength(1);
		expect(certs[0]).toMatchObject({ completionId: completion.id, finalGrade: 91 });
	});

	it('never to someone who is not enrolled in this cohort', async () => {
		const { cohort } = await cohortWithLearner();
		const other = await cohortWithLearner();
		const stranger = await makePerson(db);
		const withdrawn = await makePerson(db);
		await db.insertInto('enrolment').values({ cohortId: cohort.id, userId: withdrawn.id, status: 'withdrawn', source: 'open' }).execute();

		for (const userId of [stranger.id, other.learner.id, withdrawn.id]) {
			await expect(issue(cohort, userId, true)).rejects.toBeInstanceOf(NotFoundError);
			expect(await certificatesOf(userId)).toEqual([]);
		}
	});
});

describe("a cohort's certificates", () => {
	it('are found by their id only within the cohort they were issued in', async () => {
		const a = await cohortWithLearner();
		const b = await cohortWithLearner();
		const certA = await db.transaction().execute((trx) =>
			issueCertificate(trx, { userId: a.learner.id, courseId: course.id, cohortId: a.cohort.id }, { issuedBy: facilitatorId, now: NOW })
		);
		expect(await getCohortCertificate(db, a.cohort.id, certA.id)).toMatchObject({ id: certA.id, userId: a.learner.id });
		await expect(getCohortCertificate(db, b.cohort.id, certA.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(getCohortCertificate(db, a.cohort.id, crypto.randomUUID())).rejects.toBeInstanceOf(NotFoundError);
	});
});
