import type { Database } from '../../../src/lib/server/db/connect';
import type { Attempt } from '../../../src/lib/server/quizzes/draw';
import type { Quiz } from '../../../src/lib/server/quizzes/model';
import { parseQuizYaml } from '../../../src/lib/server/quizzes/yaml';
import { importTestCourse } from '../cohorts/enrolment-fixtures';

/**
 * Fixtures for the quiz runtime tests: a course from the test package with quiz lessons
 * written straight into the tables (a lesson whose one item is of kind 'quiz', its data the
 * parsed quiz), not through the course importer.
 *
 * The quiz has one question of each type, with ids, feedback and answers that would be easy
 * to spot if they ever reached a page before submission (the SECRETS below).
 */
export const QUIZ_YAML = `
title: River check
description: Seven questions on **rivers**.
pass_percent: 60
shuffle_questions: true
questions:
  - id: unit
    type: single_choice
    prompt: Which unit does IWRM plan by?
    choices:
      - id: right-one
        text: The river basin
        correct: true
        feedback: Zebrafeedback-basin is right.
      - id: wrong-one
        text: The district
        feedback: Zebrafeedback-district is wrong.
      - id: wrong-two
        text: The farm
    feedback:
      general: Zebrageneral-unit
      correct: Zebracorrect-unit
      incorrect: Zebraincorrect-unit
  - id: principles
    type: multiple_response
    prompt: Which are Dublin principles?
    choices:
      - { id: finite, text: Water is finite, correct: true }
      - { id: women, text: Women play a central part, correct: true }
      - { id: free, text: Water is free }
  - id: economic
    type: true_false
    prompt: Water has an economic value.
    answer: true
  - id: river
    type: short_answer
    prompt: Name a river that feeds the Aral Sea.
    accepted: [Quokkadarya, Amu Darya]
  - id: drip
    type: numeric
    prompt: What percentage of water does drip irrigation deliver?
    answer: 87.25
    tolerance: 2
    unit: '%'
  - id: seas
    type: matching
    prompt: Match each river with where it ends.
    pairs:
      - { id: amu, left: Amu Darya, right: Aral Sea south }
      - { id: syr, left: Syr Darya, right: Aral Sea north }
      - { id: ili, left: Ili, right: Lake Balkhash }
    distractors:
      - { id: caspian, text: Caspian Sea }
  - id: plan
    type: ordering
    prompt: Put the steps in order.
    items:
      - { id: assess, text: Assess the resources }
      - { id: agree, text: Agree the goals }
      - { id: act, text: Carry out the measures }
      - { id: monitor, text: Monitor and revise }
`;

/** Strings that only a correct answer or feedback contains: none may be in an open attempt's data. */
export const SECRETS = [
	'right-one',
	'wrong-one',
	'Zebra',
	'Quokkadarya',
	'87.25',
	'correct',
	'accepted',
	'tolerance',
	'solution',
	'feedback',
	'seed'
];

export function quizFrom(yaml: string, edit: (quiz: Quiz) => void = () => {}): Quiz {
	const result = parseQuizYaml(yaml);
	if (!result.ok) throw new Error(result.issues.map((i) => `${i.line}: ${i.message}`).join('\n'));
	edit(result.quiz);
	return result.quiz;
}

export type QuizCourse = Awaited<ReturnType<typeof importTestCourse>>;

let position = 100;

/** Adds a quiz lesson to the course's first module; its id and slug. */
export async function addQuizLesson(db: Database, course: QuizCourse, slug: string, quiz: Quiz, required = true) {
	const lesson = await db
		.insertInto('lesson')
		.values({ courseId: course.id, moduleId: course.modules[0]!.id, slug, title: quiz.settings.title, position: position++, required })
		.returning(['id', 'slug'])
		.executeTakeFirstOrThrow();
	await db
		.insertInto('lessonItem')
		.values({ lessonId: lesson.id, position: 1, kind: 'quiz', data: JSON.stringify(quiz) })
		.execute();
	return lesson;
}

/**
 * The attempt form a learner who knows every answer would send, in the form's terms
 * (options named by their position in the attempt; see docs/quiz-format.md).
 */
export function correctForm(quiz: Quiz, attempt: Attempt): [string, string][] {
	const form: [string, string][] = [];
	const pos = (list: string[], id: string) => String(list.indexOf(id) + 1);
	for (const aq of attempt.questions) {
		const q = quiz.questions.find((x) => x.id === aq.id)!;
		const name = `q.${q.id}`;
		if ((q.type === 'single_choice' || q.type === 'multiple_response') && 'options' in aq) {
			for (const c of q.choices) if (c.correct) form.push([name, pos(aq.options, c.id)]);
		} else if (q.type === 'true_false') form.push([name, String(q.answer)]);
		else if (q.type === 'short_answer') form.push([name, `  ${q.accepted[0]!.toUpperCase()} `]);
		else if (q.type === 'numeric') form.push([name, String(q.answer).replace('.', ',')]);
		else if (q.type === 'matching' && 'left' in aq) aq.left.forEach((id, i) => form.push([`${name}.${i + 1}`, pos(aq.right, id)]));
		else if (q.type === 'ordering' && 'items' in aq) {
			aq.items.forEach((id, i) => form.push([`${name}.${i + 1}`, String(q.items.findIndex((it) => it.id === id) + 1)]));
		}
	}
	return form;
}

/** A form with a wrong answer to every question (the first option that is not right, and so on). */
export function wrongForm(quiz: Quiz, attempt: Attempt): [string, string][] {
	const form: [string, string][] = [];
	for (const aq of attempt.questions) {
		const q = quiz.questions.find((x) => x.id === aq.id)!;
		const name = `q.${q.id}`;
		if ((q.type === 'single_choice' || q.type === 'multiple_response') && 'options' in aq) {
			const wrong = q.choices.find((c) => !c.correct)!;
			form.push([name, String(aq.options.indexOf(wrong.id) + 1)]);
		} else if (q.type === 'true_false') form.push([name, String(!q.answer)]);
		else if (q.type === 'short_answer') form.push([name, 'Volga']);
		else if (q.type === 'numeric') form.push([name, '1']);
		else if (q.type === 'matching' && 'left' in aq) {
			const distractor = q.distractors[0]?.id ?? aq.right.find((id) => id !== aq.left[0])!;
			aq.left.forEach((_, i) => form.push([`${name}.${i + 1}`, String(aq.right.indexOf(distractor) + 1)]));
		} else if (q.type === 'ordering' && 'items' in aq) aq.items.forEach((_, i) => form.push([`${name}.${i + 1}`, '1']));
	}
	return form;
}
