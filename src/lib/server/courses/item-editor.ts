import { sql, type Transaction } from 'kysely';
import { isDeepStrictEqual } from 'node:util';
import type { LessonKindId } from '$lib/courses/items';
import { parseAssignmentSettings, type AssignmentSettings } from '../assessments/assignment-settings';
import { renderMarkdown } from '../content/markdown';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { NotFoundError, ValidationError } from '../errors';
import { buildAttempt } from '../quizzes/draw';
import type { Quiz } from '../quizzes/model';
import { parseQuizSource } from '../quizzes/schema';
import { attemptView, type QuestionView } from '../quizzes/view';
import { quizToYaml } from '../quizzes/yaml';
import type { Actor } from './access';
import { assetResolver, listCourseAssets } from './assets';
import { lockEditableCourse, touchCourse } from './authoring';
import { checkLinkedFiles, checkSlugFree } from './lesson-editor';
import { refreshCourseSearch } from './search';

/**
 * Quizzes and assignments in the browser: a new one in a module, and saving the editor's form.
 * Each is a lesson whose one item has the kind (docs/course-format.md); the forms are parsed in
 * item-forms.ts, so these functions get a checked quiz or checked settings.
 */

type Editor = Actor | null | undefined;

interface LessonFields {
	title: string;
	slug: string;
	minutes: number;
	required: boolean;
}

/** The first question of a new quiz, in the course's language: a placeholder to replace. */
const STARTER_PROMPT: Record<string, string> = {
	en: 'Replace this with your first question.',
	ru: 'Замените этот вопрос своим.'
};

/** A new quiz: the given title, a pass mark of 50 % and one true/false question to replace. */
export function starterQuiz(title: string, language: string): Quiz {
	const result = parseQuizSource({
		title,
		pass_percent: 50,
		questions: [{ id: 'question-1', type: 'true_false', prompt: STARTER_PROMPT[language] ?? STARTER_PROMPT.en, answer: true }]
	});
	if (!result.ok) throw new Error('the starter quiz does not parse');
	return result.quiz;
}

/** The item a new lesson of a kind starts with. */
export function starterItem(kind: LessonKindId, title: string, language: string) {
	if (kind === 'quiz') {
		const quiz = starterQuiz(title, language);
		return { item: { kind, body: '', data: JSON.stringify(quiz) }, revisionBody: quizToYaml(quiz) };
	}
	if (kind === 'assignment') {
		const settings = parseAssignmentSettings({});
		if (!settings.ok) throw new Error('default assignment settings do not parse');
		return { item: { kind, body: '', data: JSON.stringify(settings.settings) }, revisionBody: '' };
	}
	// An H5P activity starts without a package: its editor asks for one (h5p-editor.ts).
	if (kind === 'h5p') return { item: { kind, body: '', data: JSON.stringify({}) }, revisionBody: '' };
	return { item: { kind, body: '' }, revisionBody: '' };
}

/** The lesson of this course with its item, when the item is of the kind the form edits. */
async function lockItem(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string, kind: 'quiz' | 'assignment') {
	const course = await lockEditableCourse(trx, actor, courseSlug);
	const lesson = await trx
		.selectFrom('lesson')
		.innerJoin('lessonItem', (j) => j.onRef('lessonItem.lessonId', '=', 'lesson.id').on('lessonItem.position', '=', 1))
		.select(['lesson.id', 'lesson.slug', 'lesson.title', 'lessonItem.id as itemId', 'lessonItem.kind', 'lessonItem.body', 'lessonItem.data'])
		.where('lesson.id', '=', lessonId)
		.where('lesson.courseId', '=', course.id)
		.executeTakeFirst();
	if (!lesson) throw new NotFoundError('error_lesson_not_found');
	// A form for another kind (an old tab, a forged post) must not turn a lesson into this kind.
	if (lesson.kind !== kind) throw new ValidationError('lessonId', 'error_lesson_kind_changed');
	return { course, lesson };
}

async function saveItem(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	kind: 'quiz' | 'assignment',
	input: LessonFields & { body: string; data: Quiz | AssignmentSettings; revisionBody: string }
) {
	const { course, lesson } = await lockItem(trx, actor, courseSlug, lessonId, kind);
	if (input.slug !== lesson.slug) await checkSlugFree(trx, course.id, lessonId, input.slug);
	if (kind === 'assignment') await checkLinkedFiles(trx, course.id, input.body);
	const data = JSON.stringify(input.data);
	const changed = input.title !== lesson.title || input.body !== lesson.body || !isDeepStrictEqual(lesson.data, JSON.parse(data));
	await trx
		.updateTable('lesson')
		.set({
			title: input.title,
			slug: input.slug,
			estimatedMinutes: input.minutes,
			required: input.required,
			...(changed ? { updatedAt: sql`now()` } : {})
		})
		.where('id', '=', lessonId)
		.execute();
	if (changed) {
		await trx.updateTable('lessonItem').set({ body: input.body, data }).where('id', '=', lesson.itemId).execute();
		await trx
			.insertInto('lessonRevision')
			.values({ lessonId, userId: actor!.id, source: 'editor', title: input.title, body: input.revisionBody })
			.execute();
	}
	await refreshCourseSearch(trx, course.id);
	await touchCourse(trx, course.id);
	return { slug: input.slug };
}

/**
 * Saves the quiz editor: the lesson's fields and the quiz, whose title is the lesson's. A
 * change adds a revision holding the quiz as its file. Attempts already started keep the quiz
 * they started with (quiz_attempt.quiz).
 */
export function saveQuizLesson(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string, input: LessonFields & { quiz: Quiz }) {
	const quiz: Quiz = { ...input.quiz, settings: { ...input.quiz.settings, title: input.title } };
	return saveItem(trx, actor, courseSlug, lessonId, 'quiz', { ...input, body: '', data: quiz, revisionBody: quizToYaml(quiz) });
}

/** Saves the assignment editor: the lesson's fields, the instructions and the settings. */
export function saveAssignmentLesson(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	input: LessonFields & { body: string; settings: AssignmentSettings }
) {
	return saveItem(trx, actor, courseSlug, lessonId, 'assignment', { ...input, data: input.settings, revisionBody: input.body });
}

export type PreviewQuestion = QuestionView extends infer Q ? (Q extends { prompt: string } ? Omit<Q, 'prompt'> & { promptHtml: string } : never) : never;

/**
 * The questions as a learner sees them in an attempt, for the author: every question (not a
 * draw), in the authored order, options shuffled as an attempt shuffles them, prompts
 * rendered. Built by the engine's attempt view, so nothing right or wrong is in it.
 */
export async function previewQuiz(db: Database, courseId: string, quiz: Quiz): Promise<{ questions: PreviewQuestion[]; points: number }> {
	const all: Quiz = { ...quiz, settings: { ...quiz.settings, draw: null, shuffleQuestions: false } };
	const view = attemptView(all, buildAttempt(all, 'author-preview'));
	const resolveAsset = assetResolver(await listCourseAssets(db, courseId));
	const questions = view.questions.map((q) => {
		const { prompt, ...rest } = q;
		return { ...rest, promptHtml: renderMarkdown(prompt, { resolveAsset }).html } as PreviewQuestion;
	});
	return { questions, points: view.points };
}
