import type { Database } from '../db/connect';

/**
 * Where a person's learning records for a course are kept: the cohort they are enrolled in
 * (the one that started last, if they are in several runs of the course), or null when they
 * study the course on their own (an open course) or are staff looking at it. Progress,
 * quiz attempts, submissions and completion are all kept per context, so a learner in two
 * cohorts of one course has two records.
 */
export interface LearningContext {
	userId: string;
	courseId: string;
	cohortId: string | null;
}

export async function learningContext(db: Database, userId: string, courseId: string): Promise<LearningContext> {
	const row = await db
		.selectFrom('enrolment as e')
		.innerJoin('cohort as c', 'c.id', 'e.cohortId')
		.select('c.id')
		.where('e.userId', '=', userId)
		.where('e.status', '=', 'enrolled')
		.where('c.courseId', '=', courseId)
		.orderBy('c.startsOn', 'desc')
		.limit(1)
		.executeTakeFirst();
	return { userId, courseId, cohortId: row?.id ?? null };
}

