import type { Database } from '../db/connect';
import { log } from '../log';
import type { Quiz } from '../quizzes/model';
import { parseQuizSource, quizToSource } from '../quizzes/schema';

/** Finding a quiz lesson and its quiz, and when it closes for a cohort. */

/** A quiz lesson as the runtime needs it: its id and the quiz definition (lesson_item.data). */
export interface QuizLesson {
	id: string;
	courseId: string;
	slug: string;
	title: string;
	quiz: Quiz;
}

/**
 * The stored quiz (the Quiz model in camelCase, as the lesson item and the attempt's snapshot
 * keep it), checked again through the authored form; null when it does not read as a quiz.
 */
export function readStoredQuiz(data: unknown): Quiz | null {
	try {
		const result = parseQuizSource(quizToSource(data as Quiz));
		return result.ok ? result.quiz : null;
	} catch {
		return null;
	}
}

/** The lesson if it is a quiz whose definition reads; undefined otherwise. */
export async function findQuizLesson(db: Database, courseId: string, lessonSlug: string): Promise<QuizLesson | undefined> {
	const row = await db
		.selectFrom('lesson')
		.innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id')
		.select(['lesson.id', 'lesson.courseId', 'lesson.slug', 'lesson.title', 'lessonItem.data'])
		.where('lesson.courseId', '=', courseId)
		.where('lesson.slug', '=', lessonSlug)
		.where('lessonItem.kind', '=', 'quiz')
		.orderBy('lessonItem.position')
		.limit(1)
		.executeTakeFirst();
	if (!row) return undefined;
	const quiz = readStoredQuiz(row.data);
	if (!quiz) {
		log.warn('quiz lesson does not read as a quiz', { lessonId: row.id });
		return undefined;
	}
	return { id: row.id, courseId: row.courseId, slug: row.slug, title: row.title, quiz };
}

/** When the quiz closes for this context: the cohort's date for the lesson, if it has one. */
export async function quizClosesAt(db: Database, cohortId: string | null, lessonId: string): Promise<Date | null> {
	if (cohortId === null) return null;
	const row = await db
		.selectFrom('cohortLessonDate')
		.select('dueAt')
		.where('cohortId', '=', cohortId)
		.where('lessonId', '=', lessonId)
		.executeTakeFirst();
	return row?.dueAt ?? null;
}
