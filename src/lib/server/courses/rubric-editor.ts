import type { Transaction } from 'kysely';
import { assignmentSettings, parseAssignmentSettings, type RubricCriterion } from '../assessments/assignment-settings';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import type { Actor } from './access';
import { getEditableCourse, lockEditableCourse } from './authoring';
import { applyRubricChange, type RubricChange } from './criterion-form';
import { saveAssignmentLesson } from './item-editor';

/**
 * The rubric builder's reads and writes (docs/assessment.md, "In the browser"): an assignment
 * lesson's rubric by the lesson's address, and one change to it (criterion-form.ts) saved
 * like the assignment editor's form, with a revision.
 */

type Editor = Actor | null | undefined;

/** The assignment lesson of a course by its address; another kind of lesson has no rubric (404). */
async function findAssignmentLesson(db: Database, courseId: string, lessonSlug: string) {
	const lesson = await db
		.selectFrom('lesson')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lesson.estimatedMinutes', 'lesson.required', 'lessonItem.kind', 'lessonItem.body', 'lessonItem.data'])
		.where('lesson.courseId', '=', courseId)
		.where('lesson.slug', '=', lessonSlug)
		.executeTakeFirst();
	if (!lesson || lesson.kind !== 'assignment') throw new NotFoundError('error_lesson_not_found');
	return { ...lesson, settings: assignmentSettings(lesson.data) };
}

/** The course, the lesson and its rubric, for the criterion page; only the course's editors. */
export async function getAssignmentRubric(db: Database, actor: Editor, courseSlug: string, lessonSlug: string) {
	const course = await getEditableCourse(db, actor, courseSlug);
	const lesson = await findAssignmentLesson(db, course.id, lessonSlug);
	return { course, lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title }, rubric: lesson.settings.rubric };
}

/** One criterion of the rubric, or 404. */
export function getCriterion(rubric: RubricCriterion[], criterionId: string): RubricCriterion {
	const criterion = rubric.find((c) => c.id === criterionId);
	if (!criterion) throw new NotFoundError('error_rubric_criterion_not_found');
	return criterion;
}

/**
 * Adds, edits, moves or deletes a criterion. The lesson is read again inside the transaction
 * with the course locked, so the change applies to the rubric as stored now (another editor's
 * change in between is kept); the whole settings are checked by the importer's rules, then
 * saved as the assignment editor saves them (a revision when something changed).
 *
 * Like the YAML editor, a change is allowed after submissions were graded: grades keep the
 * score they were given, and a regrade uses the rubric as it is then.
 */
export async function changeRubric(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonSlug: string, change: RubricChange) {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await findAssignmentLesson(trx, course.id, lessonSlug);
	const rubric = applyRubricChange(lesson.settings.rubric, change);
	if (rubric === lesson.settings.rubric) return { slug: lesson.slug, changed: false };
	const checked = parseAssignmentSettings({ ...lesson.settings, rubric });
	if (!checked.ok) throw new ValidationError('form', 'error_rubric_criterion_invalid', { problem: checked.issues[0]!.message });
	await saveAssignmentLesson(trx, actor, courseSlug, lesson.id, {
		title: lesson.title,
		slug: lesson.slug,
		minutes: lesson.estimatedMinutes,
		required: lesson.required,
		body: lesson.body,
		settings: checked.settings
	});
	return { slug: lesson.slug, changed: true };
}
