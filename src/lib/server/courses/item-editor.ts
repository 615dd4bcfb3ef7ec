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
import { parseQuizSource, quizToSource } from '../quizzes/schema';
import { attemptView, type QuestionView } from '../quizzes/view';
import { quizToYaml } from '../quizzes/yaml';
import type { Actor } from './access';
import { assetResolver, listCourseAssets } from './assets';
import { lockEditableCourse, touchCourse } from './authoring';
import { checkLinkedFiles, checkSlugFree } from './lesson-editor';
import { storedQuiz } from './item-forms';
import { getLessonForEditing } from './lesson-editor';
import { NEW_QUESTION, isQuestionType, placeQuestion, readQuestionForm, type FieldProblems, type FormValues } from './question-form';
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
		.select([
			'lesson.id',
			'lesson.slug',
			'lesson.title',
			'lesson.estimatedMinutes',
			'lesson.required',
			'lessonItem.id as itemId',
			'lessonItem.kind',
			'lessonItem.body',
			'lessonItem.data'
		])
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

/*
 * The question builder: one question of a quiz at a time, as form fields (question-form.ts).
 * Each change reads the stored quiz again under the course's lock, changes that one question
 * and saves the whole quiz through saveQuizLesson, so a revision is recorded and two editors
 * never undo each other's other questions.
 */

/** The quiz lesson and, unless `questionId` is NEW_QUESTION, its question, for the builder's page. */
export async function getQuizQuestion(db: Database, actor: Editor, courseSlug: string, lessonSlug: string, questionId: string) {
	const { course, lesson } = await getLessonForEditing(db, actor, courseSlug, lessonSlug);
	if (lesson.kind !== 'quiz') throw new NotFoundError('error_lesson_not_found');
	const quiz = storedQuiz(lesson.data, lesson.title, course.language);
	const index = quiz.questions.findIndex((q) => q.id === questionId);
	if (questionId !== NEW_QUESTION && index < 0) throw new NotFoundError('error_question_not_found');
	return { course, lesson: { id: lesson.id, slug: lesson.slug, title: lesson.title }, quiz, index: index < 0 ? null : index };
}

async function lockQuiz(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string) {
	const { course, lesson } = await lockItem(trx, actor, courseSlug, lessonId, 'quiz');
	// the language only matters for a stored quiz that no longer reads (it opens as a new one)
	const { language } = await trx.selectFrom('course').select('language').where('id', '=', course.id).executeTakeFirstOrThrow();
	return { course, lesson, quiz: storedQuiz(lesson.data, lesson.title, language) };
}

const saveQuiz = (trx: Transaction<DB>, actor: Editor, courseSlug: string, lesson: Awaited<ReturnType<typeof lockItem>>['lesson'], quiz: Quiz) =>
	saveQuizLesson(trx, actor, courseSlug, lesson.id, {
		title: lesson.title,
		slug: lesson.slug,
		minutes: lesson.estimatedMinutes,
		required: lesson.required,
		quiz
	});

export type SaveQuestionResult = { ok: true; slug: string; questionId: string } | ({ ok: false } & FieldProblems);

/**
 * Saves the builder's form: question `questionId` changed in place, or, for NEW_QUESTION, a
 * question of the form's `type` added at the end. Problems come back by field; nothing is
 * stored then.
 */
export async function saveQuizQuestion(
	trx: Transaction<DB>,
	actor: Editor,
	courseSlug: string,
	lessonId: string,
	questionId: string,
	values: FormValues
): Promise<SaveQuestionResult> {
	const { lesson, quiz } = await lockQuiz(trx, actor, courseSlug, lessonId);
	const at = questionId === NEW_QUESTION ? null : quiz.questions.findIndex((q) => q.id === questionId);
	if (at === -1) throw new NotFoundError('error_question_not_found');
	// An existing question keeps its type (a forged one is ignored); a new one must name a known type.
	const type = at === null ? values.type : quiz.questions[at]!.type;
	if (!isQuestionType(type)) return { ok: false, errors: { type: 'error_builder_type_unknown' }, params: {} };
	const read = readQuestionForm(values, type);
	if (!read.ok) return read;
	const placed = placeQuestion(quiz, read.draft, at);
	if (!placed.ok) return placed;
	const { slug } = await saveQuiz(trx, actor, courseSlug, lesson, placed.quiz);
	return { ok: true, slug, questionId: placed.question.id };
}

/** Moves a question one place up or down (at the top or bottom already: nothing changes). */
export async function moveQuizQuestion(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string, questionId: string, direction: 'up' | 'down') {
	const { lesson, quiz } = await lockQuiz(trx, actor, courseSlug, lessonId);
	const at = quiz.questions.findIndex((q) => q.id === questionId);
	if (at < 0) throw new NotFoundError('error_question_not_found');
	const to = direction === 'up' ? at - 1 : at + 1;
	if (to < 0 || to >= quiz.questions.length) return { slug: lesson.slug };
	const questions = [...quiz.questions];
	[questions[at], questions[to]] = [questions[to]!, questions[at]!];
	return saveQuiz(trx, actor, courseSlug, lesson, { ...quiz, questions });
}

/** Deletes a question, unless the quiz would then not hold (its last question, or one its draw needs). */
export async function deleteQuizQuestion(trx: Transaction<DB>, actor: Editor, courseSlug: string, lessonId: string, questionId: string) {
	const { lesson, quiz } = await lockQuiz(trx, actor, courseSlug, lessonId);
	const at = quiz.questions.findIndex((q) => q.id === questionId);
	if (at < 0) throw new NotFoundError('error_question_not_found');
	if (quiz.questions.length === 1) throw new ValidationError('confirm', 'error_builder_last_question');
	const source = quizToSource({ ...quiz, questions: quiz.questions.filter((_, i) => i !== at) });
	const checked = parseQuizSource(source);
	if (!checked.ok) throw new ValidationError('confirm', 'error_builder_delete_draw');
	return saveQuiz(trx, actor, courseSlug, lesson, checked.quiz);
}
