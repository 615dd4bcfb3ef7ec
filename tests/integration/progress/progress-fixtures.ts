import type { Database } from '../../../src/lib/server/db/connect';
import type { LearningContext } from '../../../src/lib/server/progress/context';

/**
 * Quizzes and assignments for the progress tests, written as the lessons and records the
 * quiz and assignment code keeps (a lesson whose item 1 is of that kind; attempts and
 * submissions pointing at the lesson), so these tests do not depend on that code.
 */

export async function addLesson(
	db: Database,
	course: { id: string },
	moduleId: string,
	lesson: { slug: string; kind: 'text' | 'quiz' | 'assignment'; required?: boolean; passPercent?: number; completion?: 'manual' | 'on_view'; position: number }
) {
	const row = await db
		.insertInto('lesson')
		.values({
			courseId: course.id,
			moduleId,
			slug: lesson.slug,
			title: `Lesson ${lesson.slug}`,
			position: lesson.position,
			required: lesson.required ?? true,
			completion: lesson.completion ?? 'manual'
		})
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	// As stored: a quiz keeps its pass mark in its settings, an assignment at the top of its settings.
	const data = lesson.passPercent === undefined ? {} : lesson.kind === 'quiz' ? { settings: { passPercent: lesson.passPercent } } : { passPercent: lesson.passPercent };
	await db
		.insertInto('lessonItem')
		.values({ lessonId: row.id, position: 1, kind: lesson.kind, body: `Body of ${lesson.slug}`, data: JSON.stringify(data) })
		.execute();
	return row;
}

export async function submitAttempt(db: Database, ctx: LearningContext, lessonId: string, percent: number, passed: boolean, number = 1) {
	const at = new Date('2026-12-02T10:00:00Z');
	await db
		.insertInto('quizAttempt')
		.values({
			userId: ctx.userId,
			lessonId,
			cohortId: ctx.cohortId,
			number,
			seed: `seed-${number}`,
			attempt: '{}',
			quiz: '{}',
			startedAt: at,
			submittedAt: at,
			score: percent,
			maxScore: 100,
			percent,
			passed
		})
		.execute();
}

/** An attempt still open (not submitted): it counts for nothing. */
export async function openAttempt(db: Database, ctx: LearningContext, lessonId: string, number: number) {
	await db
		.insertInto('quizAttempt')
		.values({ userId: ctx.userId, lessonId, cohortId: ctx.cohortId, number, seed: 's', attempt: '{}', quiz: '{}', startedAt: new Date() })
		.execute();
}

export async function gradeSubmission(db: Database, ctx: LearningContext, lessonId: string, score: number | null, maxScore = 20) {
	const at = new Date('2026-12-03T10:00:00Z');
	await db
		.insertInto('assignmentSubmission')
		.values({
			userId: ctx.userId,
			lessonId,
			cohortId: ctx.cohortId,
			body: 'My work',
			submittedAt: at,
			updatedAt: at,
			score,
			maxScore: score === null ? null : maxScore,
			gradedAt: score === null ? null : at
		})
		.onConflict((oc) =>
			oc.constraint('assignment_submission_unique').doUpdateSet({ score, maxScore: score === null ? null : maxScore, gradedAt: score === null ? null : at })
		)
		.execute();
}

export async function overrideGrade(db: Database, ctx: LearningContext, lessonId: string, percent: number | null, createdAt: Date) {
	await db
		.insertInto('gradeOverride')
		.values({ cohortId: ctx.cohortId!, userId: ctx.userId, lessonId, percent, reason: 'Checked by hand', createdAt })
		.execute();
}

export async function enrol(db: Database, cohortId: string, userId: string) {
	await db.insertInto('enrolment').values({ cohortId, userId, status: 'enrolled', source: 'open', enrolledAt: new Date() }).execute();
}

export function completionsOf(db: Database, userId: string, courseId: string) {
	return db.selectFrom('courseCompletion').selectAll().where('userId', '=', userId).where('courseId', '=', courseId).orderBy('completedAt').execute();
}
