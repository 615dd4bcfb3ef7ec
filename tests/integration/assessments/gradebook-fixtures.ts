import type { Database } from '../../../src/lib/server/db/connect';
import { importTestCourse, makeCohort, makePeople, makePerson } from '../cohorts/enrolment-fixtures';

/**
 * A course for the gradebook tests: the test package (modules water-basics with two text
 * lessons, practice with one) plus two quizzes in module 1 and an assignment in module 2,
 * written straight into the tables; attempts, submissions and progress likewise.
 */

const DAY = 24 * 60 * 60 * 1000;

export async function gradebookCourse(db: Database, slug: string, rules: unknown = null) {
	const course = await importTestCourse(db, slug, 'cohort');
	const [basics, practice] = course.modules;
	const lessons = await db
		.insertInto('lesson')
		.values([
			{ courseId: course.id, moduleId: basics!.id, slug: 'quiz-one', title: 'Quiz one', position: 3 },
			{ courseId: course.id, moduleId: basics!.id, slug: 'quiz-two', title: 'Quiz two', position: 4, required: false },
			{ courseId: course.id, moduleId: practice!.id, slug: 'capstone', title: 'Capstone project', position: 2 }
		])
		.returning(['id', 'slug'])
		.execute();
	const id = (s: string) => lessons.find((l) => l.slug === s)!.id;
	const quiz = (passPercent: number) => JSON.stringify({ settings: { title: 'Quiz', passPercent }, questions: [] });
	await db
		.insertInto('lessonItem')
		.values([
			{ lessonId: id('quiz-one'), position: 1, kind: 'quiz', data: quiz(60) },
			{ lessonId: id('quiz-two'), position: 1, kind: 'quiz', data: quiz(50) },
			{ lessonId: id('capstone'), position: 1, kind: 'assignment', body: 'Write it up.', data: JSON.stringify({ points: 40, passPercent: 60 }) }
		])
		.execute();
	if (rules) await db.updateTable('course').set({ completionRules: JSON.stringify(rules) }).where('id', '=', course.id).execute();
	const text = await db
		.selectFrom('lesson')
		.select(['id', 'slug'])
		.where('courseId', '=', course.id)
		.where('slug', 'in', ['what-is-iwrm', 'basins', 'field-visit'])
		.execute();
	const textId = (s: string) => text.find((l) => l.slug === s)!.id;
	return {
		...course,
		quizOne: id('quiz-one'),
		quizTwo: id('quiz-two'),
		capstone: id('capstone'),
		iwrm: textId('what-is-iwrm'),
		basins: textId('basins'),
		fieldVisit: textId('field-visit')
	};
}
export type GradebookCourse = Awaited<ReturnType<typeof gradebookCourse>>;

/** A cohort of the course with a facilitator and `count` learners enrolled at `enrolledAt`. */
export async function gradebookCohort(db: Database, courseId: string, count: number, enrolledAt: Date, names?: string[]) {
	const cohort = await makeCohort(db, courseId, { capacity: 1000, status: 'running' });
	const facilitator = await makePerson(db, { role: 'facilitator' });
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
	const learners = count ? await makePeople(db, count) : [];
	if (names) {
		for (const [i, name] of names.entries()) await db.updateTable('appUser').set({ name }).where('id', '=', learners[i]!.id).execute();
	}
	if (learners.length) {
		await db
			.insertInto('enrolment')
			.values(learners.map((l) => ({ cohortId: cohort.id, userId: l.id, status: 'enrolled' as const, source: 'manual' as const, enrolledAt })))
			.execute();
	}
	return { cohort, facilitator, learners };
}

export async function attempt(
	db: Database,
	at: { userId: string; lessonId: string; cohortId: string; number?: number },
	result: { percent: number; passed: boolean; submittedAt: Date } | { startedAt: Date }
) {
	const submitted = 'percent' in result;
	const startedAt = submitted ? new Date(result.submittedAt.getTime() - 10 * 60_000) : result.startedAt;
	await db
		.insertInto('quizAttempt')
		.values({
			userId: at.userId,
			lessonId: at.lessonId,
			cohortId: at.cohortId,
			number: at.number ?? 1,
			seed: 'seed',
			attempt: '{}',
			quiz: '{}',
			startedAt,
			submittedAt: submitted ? result.submittedAt : null,
			score: submitted ? result.percent / 10 : null,
			maxScore: submitted ? 10 : null,
			percent: submitted ? result.percent : null,
			passed: submitted ? result.passed : null
		})
		.execute();
}

export async function submission(
	db: Database,
	at: { userId: string; lessonId: string; cohortId: string },
	s: { submittedAt: Date; score?: number; maxScore?: number; gradedBy?: string; late?: boolean; feedback?: string }
) {
	const graded = s.score !== undefined;
	return db
		.insertInto('assignmentSubmission')
		.values({
			userId: at.userId,
			lessonId: at.lessonId,
			cohortId: at.cohortId,
			body: 'My project',
			submittedAt: s.submittedAt,
			updatedAt: s.submittedAt,
			late: s.late ?? false,
			score: graded ? s.score! : null,
			maxScore: graded ? (s.maxScore ?? 40) : null,
			feedback: s.feedback ?? null,
			gradedBy: graded ? (s.gradedBy ?? null) : null,
			gradedAt: graded ? new Date(s.submittedAt.getTime() + DAY) : null
		})
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function viewed(
	db: Database,
	at: { userId: string; courseId: string; cohortId: string; lessonId: string },
	lastViewedAt: Date,
	completed = false
) {
	await db
		.insertInto('lessonProgress')
		.values({ ...at, firstViewedAt: lastViewedAt, lastViewedAt, completedAt: completed ? lastViewedAt : null })
		.execute();
}
