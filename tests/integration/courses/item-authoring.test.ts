import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { AssignmentLessonSchema, QuizLessonSchema } from '../../../src/lib/schemas/items';
import type { Actor } from '../../../src/lib/server/courses/access';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { completionFromForm, listGradedItems, saveCompletionRules } from '../../../src/lib/server/courses/completion-editor';
import { exportCourseFiles } from '../../../src/lib/server/courses/export';
import { previewQuiz, saveAssignmentLesson, saveQuizLesson } from '../../../src/lib/server/courses/item-editor';
import { assignmentFromForm, quizFromForm } from '../../../src/lib/server/courses/item-forms';
import { getLessonForEditing, saveLesson } from '../../../src/lib/server/courses/lesson-editor';
import { addLesson, addModule, getOutline } from '../../../src/lib/server/courses/outline';
import { parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ForbiddenError, ValidationError } from '../../../src/lib/server/errors';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

async function person(role: Role, organisationId: string | null): Promise<Actor> {
	const user = await makeUser(db, { role });
	await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
	return { id: user.id, role, organisationId };
}

const QUESTIONS = `- id: drip
  type: numeric
  prompt: About what percentage of the water does drip irrigation bring to the plants?
  answer: 90
  tolerance: 5
- id: aral
  type: single_choice
  prompt: Which sea has shrunk most?
  choices:
    - id: aral
      text: The Aral Sea
      correct: true
    - id: caspian
      text: The Caspian Sea
`;
const quizForm = (lessonId: string, fields: Record<string, string> = {}) =>
	QuizLessonSchema.parse({
		lessonId,
		title: 'Check your understanding',
		slug: 'check',
		minutes: '12',
		required: 'yes',
		passPercent: '70',
		timeLimitMinutes: '20',
		attemptsAllowed: '',
		review: 'after_attempt',
		shuffleOptions: 'yes',
		draw: '',
		questions: QUESTIONS,
		...fields
	});

let author: Actor;
let learner: Actor;
let courseSlug = '';
let moduleId = '';

beforeAll(async () => {
	const org = await makeOrganisation(db);
	author = await person('author', org.id);
	learner = await person('learner', null);
	const course = await tx((trx) => createCourse(trx, author, { title: 'Authoring items', language: 'en' }));
	courseSlug = course.slug;
	moduleId = (await tx((trx) => addModule(trx, author, courseSlug, 'Practice'))).id;
});

describe('quizzes and assignments made in the browser', () => {
	let quizId = '';
	let taskId = '';

	it('adds a quiz and an assignment to a module, each ready to edit', async () => {
		quizId = (await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Check', 'quiz'))).id;
		taskId = (await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Capstone plan', 'assignment'))).id;
		const course = await db.selectFrom('course').select('id').where('slug', '=', courseSlug).executeTakeFirstOrThrow();
		const [module] = await getOutline(db, course.id);
		expect(module!.lessons.map((l) => [l.slug, l.kind])).toEqual([
			['check', 'quiz'],
			['capstone-plan', 'assignment']
		]);
		const quiz = await getLessonForEditing(db, author, courseSlug, 'check');
		expect(quiz.lesson.kind).toBe('quiz');
		expect(quiz.lesson.data).toMatchObject({ settings: { title: 'Check', passPercent: 50 }, questions: [{ id: 'question-1', type: 'true_false' }] });
	});

	it('refuses questions with problems, by line, and saves nothing', async () => {
		const broken = QUESTIONS.replace('      correct: true\n', '').replace('  answer: 90\n', '  answer: ninety\n');
		const result = quizFromForm(quizForm(quizId, { questions: broken }));
		expect(result).toEqual({
			ok: false,
			issues: [
				{ line: 4, message: 'question 1 (drip): answer must be a number like 3.5, not "ninety"' },
				{ line: 9, message: 'question 2 (aral): exactly one choice must have correct: true (found 0); use type multiple_response for several' }
			]
		});
		expect(quizFromForm(quizForm(quizId, { questions: 'id: drip\ntype: numeric\n' }))).toEqual({
			ok: false,
			issues: [{ line: 1, message: 'the questions are a list: each starts with a line "- id: ...", like "- id: rain-source"' }]
		});
		expect(quizFromForm(quizForm(quizId, { questions: '- id: drip\n  prompt: [unclosed\n' })).ok).toBe(false);
	});

	it('saves a valid quiz with its settings, keeping the lesson id, and it exports as a quiz file', async () => {
		const result = quizFromForm(quizForm(quizId));
		if (!result.ok) throw new Error(JSON.stringify(result.issues));
		const { slug } = await tx((trx) => saveQuizLesson(trx, author, courseSlug, quizId, { ...quizForm(quizId), quiz: result.value }));
		expect(slug).toBe('check');
		const saved = await getLessonForEditing(db, author, courseSlug, 'check');
		expect(saved.lesson.id).toBe(quizId);
		expect(saved.lesson.estimatedMinutes).toBe(12);
		expect(saved.lesson.data).toMatchObject({ settings: { title: 'Check your understanding', passPercent: 70, timeLimitMinutes: 20 } });
		expect(saved.revisions.length).toBe(2);
		const files = await exportCourseFiles(db, courseSlug);
		const text = new TextDecoder().decode(files.get('01-practice/01-check.quiz.yaml'));
		expect(text).toMatch(/^title: Check your understanding\nminutes: 12\ntime_limit_minutes: 20\npass_percent: 70\n/);
		// (a new course's details are not filled in yet: only its items are checked here)
		expect(parseCoursePackage(files, courseSlug).problems.filter((p) => p.file !== 'course.yaml')).toEqual([]);
	});

	it('previews the questions as a learner sees them, without answers', async () => {
		const result = quizFromForm(quizForm(quizId));
		if (!result.ok) throw new Error('invalid');
		const course = await db.selectFrom('course').select('id').where('slug', '=', courseSlug).executeTakeFirstOrThrow();
		const preview = await previewQuiz(db, course.id, result.value);
		expect(preview.points).toBe(2);
		expect(preview.questions.map((q) => q.type)).toEqual(['numeric', 'single_choice']);
		const json = JSON.stringify(preview);
		expect(json).not.toContain('correct');
		expect(json).not.toContain('"answer"');
		expect(json).not.toContain('tolerance');
	});

	it('saves an assignment with a rubric, and refuses a bad rubric by line', async () => {
		const form = AssignmentLessonSchema.parse({
			lessonId: taskId,
			title: 'Capstone plan',
			slug: 'capstone-plan',
			minutes: '120',
			required: 'yes',
			body: 'Write a one-page plan.',
			points: '100',
			passPercent: '60',
			fileTypes: 'pdf, .DOCX',
			maxFileMb: '5',
			maxFiles: '2',
			textEntry: 'yes',
			rubric: '- id: analysis\n  title: Analysis\n  levels:\n    - { id: weak, title: Weak, points: 0 }\n    - { id: good, title: Good, points: -10 }\n'
		});
		expect(assignmentFromForm(form)).toEqual({
			ok: false,
			issues: [{ line: 5, message: 'rubric criterion 1 (analysis), level 2: points must be a number from 0 to 1000, not -10' }]
		});
		const fixed = assignmentFromForm({ ...form, rubric: form.rubric.replace('-10', '10') });
		if (!fixed.ok) throw new Error(JSON.stringify(fixed.issues));
		await tx((trx) => saveAssignmentLesson(trx, author, courseSlug, taskId, { ...form, settings: fixed.value }));
		const saved = await getLessonForEditing(db, author, courseSlug, 'capstone-plan');
		expect(saved.lesson.body).toBe('Write a one-page plan.');
		expect(saved.lesson.data).toMatchObject({ fileTypes: ['pdf', 'docx'], maxFiles: 2, maxFileMb: 5, passPercent: 60, rubric: [{ id: 'analysis' }] });
	});

	it('lets only the course\'s editors save, and never through the form of another kind', async () => {
		const result = quizFromForm(quizForm(quizId));
		if (!result.ok) throw new Error('invalid');
		const asLearner = await rejection(tx((trx) => saveQuizLesson(trx, learner, courseSlug, quizId, { ...quizForm(quizId), quiz: result.value })));
		expect(asLearner).toBeInstanceOf(ForbiddenError);
		const otherAuthor = await person('author', (await makeOrganisation(db)).id);
		expect(await rejection(tx((trx) => addLesson(trx, otherAuthor, courseSlug, moduleId, 'Sneaky', 'quiz')))).toBeInstanceOf(ForbiddenError);
		// the quiz form posted for the assignment
		const wrongKind = await rejection(tx((trx) => saveQuizLesson(trx, author, courseSlug, taskId, { ...quizForm(taskId), slug: 'capstone-plan', quiz: result.value })));
		expect(wrongKind).toBeInstanceOf(ValidationError);
		expect((wrongKind as ValidationError).message).toBe('error_lesson_kind_changed');
		// the text form posted for the quiz
		const asText = await rejection(
			tx((trx) =>
				saveLesson(trx, author, courseSlug, quizId, { title: 'X', slug: 'check', minutes: 1, required: true, videoUrl: null, videoAssetId: null, body: '', attachments: [] })
			)
		);
		expect((asText as ValidationError).message).toBe('error_lesson_kind_changed');
	});

	it('saves the course\'s completion rules, refusing a slug that is no quiz', async () => {
		const course = await db.selectFrom('course').select('id').where('slug', '=', courseSlug).executeTakeFirstOrThrow();
		const items = await listGradedItems(db, course.id);
		expect(items.map((i) => [i.slug, i.kind, i.passPercent])).toEqual([
			['check', 'quiz', 70],
			['capstone-plan', 'assignment', 60]
		]);
		const parsed = completionFromForm({ lessons: 'all', 'quiz.check': 'yes', 'min.capstone-plan': '65', 'weight.check': '1', 'weight.capstone-plan': '3' }, items);
		expect(parsed).toEqual({ ok: true, rules: { lessons: 'all', quizzes: ['check'], assignments: { 'capstone-plan': 65 }, weights: { check: 1, 'capstone-plan': 3 } } });
		expect(completionFromForm({ lessons: 'all', 'min.capstone-plan': '120', 'weight.check': 'x' }, items)).toEqual({
			ok: false,
			errors: { 'min.capstone-plan': 'error_percent_invalid', 'weight.check': 'error_completion_rules_weight' }
		});
		if (!parsed.ok) throw new Error('invalid');
		await tx((trx) => saveCompletionRules(trx, author, courseSlug, parsed.rules));
		const stored = await db.selectFrom('course').select('completionRules').where('id', '=', course.id).executeTakeFirstOrThrow();
		expect(stored.completionRules).toEqual(parsed.rules);
		const bad = await rejection(tx((trx) => saveCompletionRules(trx, author, courseSlug, { quizzes: ['capstone-plan'] })));
		expect(bad).toBeInstanceOf(ValidationError);
		expect((bad as ValidationError).message).toBe('error_completion_rules_unknown_quiz');
		expect(await rejection(tx((trx) => saveCompletionRules(trx, learner, courseSlug, null)))).toBeInstanceOf(ForbiddenError);
		// the rules export with the course
		const files = await exportCourseFiles(db, courseSlug);
		expect(new TextDecoder().decode(files.get('course.yaml'))).toContain('completion:\n  lessons: all\n');
		await tx((trx) => saveCompletionRules(trx, author, courseSlug, null));
		expect((await db.selectFrom('course').select('completionRules').where('id', '=', course.id).executeTakeFirstOrThrow()).completionRules).toBeNull();
	});
});
