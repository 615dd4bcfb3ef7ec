import type { Database } from '../../../src/lib/server/db/connect';
import type { Upload } from '../../../src/lib/server/assessments/submission-files';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';

/**
 * Fixtures for the assignment tests: the test package (cohort access) with an assignment lesson
 * written straight into the tables (lesson + lesson_item of kind 'assignment'), a cohort with
 * a facilitator, learners enrolled, and files as a browser would upload them.
 */

export const RUBRIC = [
	{
		id: 'analysis',
		title: 'Analysis',
		levels: [
			{ id: 'weak', title: 'Weak', points: 0 },
			{ id: 'fair', title: 'Fair', points: 5 },
			{ id: 'strong', title: 'Strong', points: 10 }
		]
	},
	{
		id: 'writing',
		title: 'Writing',
		description: 'Clear and well organised',
		levels: [
			{ id: 'unclear', title: 'Unclear', points: 1 },
			{ id: 'clear', title: 'Clear', points: 5 }
		]
	}
];

let counter = 0;

/** A course taught in cohorts with an assignment lesson `capstone` (settings as given). */
export async function assignmentCourse(db: Database, settings: Record<string, unknown> = { rubric: RUBRIC, maxFiles: 2, maxFileMb: 1 }, rules: unknown = null) {
	const course = await importTestCourse(db, `assignments-${++counter}-${Date.now().toString(36)}`, 'cohort');
	const practice = course.modules[1]!;
	const lesson = await db
		.insertInto('lesson')
		.values({ courseId: course.id, moduleId: practice.id, slug: 'capstone', title: 'Capstone project', position: 9 })
		.returning(['id', 'slug', 'title'])
		.executeTakeFirstOrThrow();
	await db
		.insertInto('lessonItem')
		.values({ lessonId: lesson.id, position: 1, kind: 'assignment', body: 'Write a **one-page** plan.', data: JSON.stringify(settings) })
		.execute();
	if (rules !== null) await db.updateTable('course').set({ completionRules: JSON.stringify(rules) }).where('id', '=', course.id).execute();
	return { ...course, lesson };
}

export async function enrol(db: Database, cohortId: string, userId: string) {
	await db.insertInto('enrolment').values({ cohortId, userId, status: 'enrolled', source: 'manual', enrolledAt: new Date() }).execute();
}

/** A cohort of the course with a facilitator and two enrolled learners. */
export async function assignmentCohort(db: Database, courseId: string) {
	const cohort = await makeCohort(db, courseId, { status: 'running' });
	const facilitator = await makePerson(db, { role: 'facilitator' });
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
	const learner = await makePerson(db);
	const other = await makePerson(db);
	await enrol(db, cohort.id, learner.id);
	await enrol(db, cohort.id, other.id);
	return { cohort, facilitator, learner, other };
}

const ascii = (s: string) => new TextEncoder().encode(s);
export const PDF = ascii('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
export const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
export const TEXT = ascii('Мой план: экономить воду.\n');

/** A file as the form sends it. */
export function upload(name: string, data: Uint8Array | string): Upload {
	const bytes = typeof data === 'string' ? ascii(data) : data;
	return { name, size: bytes.byteLength, bytes: async () => bytes };
}

export function countRows(db: Database, lessonId: string) {
	return Promise.all([
		db.selectFrom('assignmentSubmission').select((eb) => eb.fn.countAll<number>().as('n')).where('lessonId', '=', lessonId).executeTakeFirstOrThrow(),
		db
			.selectFrom('submissionFile')
			.innerJoin('assignmentSubmission as s', 's.id', 'submissionFile.submissionId')
			.select((eb) => eb.fn.countAll<number>().as('n'))
			.where('s.lessonId', '=', lessonId)
			.executeTakeFirstOrThrow()
	]).then(([s, f]) => ({ submissions: Number(s.n), files: Number(f.n) }));
}
