import { describe, expect, it } from 'vitest';
import { testDatabase } from '../test-db';
import { canReadCourseFiles } from '../../../src/lib/server/cohorts/lesson-access';
import { lockCohort, takeSeat } from '../../../src/lib/server/cohorts/seats';
import { importTestCourse, makeCohort, makePerson } from './enrolment-fixtures';

const db = await testDatabase();
const now = new Date('2026-06-15T09:00:00Z');

async function filesOf(courseId: string) {
	const course = await db
		.selectFrom('course')
		.select(['id', 'access', 'status', 'organisationId', 'coverAssetId'])
		.where('id', '=', courseId)
		.executeTakeFirstOrThrow();
	const assets = await db.selectFrom('asset').select(['id', 'path']).where('courseId', '=', courseId).execute();
	const byPath = (p: string) => assets.find((a) => a.path === p)!.id;
	return { course, cover: byPath('assets/cover.png'), lessonFile: byPath('assets/notes.pdf') };
}

const actor = (p: { id: string; role: 'learner' | 'facilitator' | 'author' | 'admin'; organisationId: string | null }) => ({
	id: p.id,
	role: p.role,
	organisationId: p.organisationId
});

describe('files of a course taught in cohorts', () => {
	it('are for members and facilitators of its cohorts, its editors and admins; the cover is public', async () => {
		const imported = await importTestCourse(db, 'files-cohort', 'cohort');
		const { course, cover, lessonFile } = await filesOf(imported.id);
		expect(course.coverAssetId).toBe(cover);
		const cohort = await makeCohort(db, course.id, { capacity: 5 });
		const [member, waiting, stranger, facilitator, otherFacilitator, admin] = [
			await makePerson(db),
			await makePerson(db),
			await makePerson(db),
			await makePerson(db, { role: 'facilitator' }),
			await makePerson(db, { role: 'facilitator' }),
			await makePerson(db, { role: 'admin' })
		];
		await db.transaction().execute(async (trx) => {
			const locked = await lockCohort(trx, cohort.id);
			await takeSeat(trx, locked, { userId: member.id, source: 'open', waitlistWhenFull: true, now });
		});
		await db
			.insertInto('enrolment')
			.values({ cohortId: cohort.id, userId: waiting.id, status: 'waitlisted', waitlistPosition: 1, source: 'open' })
			.execute();
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();

		const may = (who: Parameters<typeof actor>[0] | null, assetId: string) =>
			canReadCourseFiles(db, course, assetId, course.coverAssetId, who ? actor(who) : null);
		expect(await may(null, cover)).toBe(true);
		expect(await may(stranger, cover)).toBe(true);
		expect(await may(null, lessonFile)).toBe(false);
		expect(await may(stranger, lessonFile)).toBe(false);
		expect(await may(waiting, lessonFile)).toBe(false);
		expect(await may(otherFacilitator, lessonFile)).toBe(false);
		expect(await may(member, lessonFile)).toBe(true);
		expect(await may(facilitator, lessonFile)).toBe(true);
		expect(await may(admin, lessonFile)).toBe(true);

		// Leaving the cohort ends it.
		await db.updateTable('enrolment').set({ status: 'withdrawn' }).where('userId', '=', member.id).execute();
		expect(await may(member, lessonFile)).toBe(false);
	});

	it('of an open course follow the course', async () => {
		const imported = await importTestCourse(db, 'files-open', 'open');
		const { course, lessonFile } = await filesOf(imported.id);
		expect(await canReadCourseFiles(db, course, lessonFile, course.coverAssetId, null)).toBe(true);
	});
});
