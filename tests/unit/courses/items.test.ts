import { describe, expect, it } from 'vitest';
import { formatProblem, parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { ASSIGNMENT_MD, QUIZ_YAML, courseWithItems } from '../../course-package';

const problemsOf = (overrides: Parameters<typeof courseWithItems>[0]) =>
	parseCoursePackage(courseWithItems(overrides), 'water-basics').problems.map((p) => formatProblem(p, 'courses/water-basics'));
const QUIZ = '02-practice/02-check.quiz.yaml';
const TASK = '02-practice/03-capstone.assignment.md';
const courseYaml = (completion: string) => {
	const yaml = new TextDecoder().decode(courseWithItems().get('course.yaml'));
	return { 'course.yaml': yaml.replace(/completion:[\s\S]*$/, completion) };
};

describe('quizzes and assignments in a course package', () => {
	it('reads a quiz, an assignment and the completion rules', () => {
		const { course, problems } = parseCoursePackage(courseWithItems(), 'water-basics');
		expect(problems).toEqual([]);
		const lessons = course!.modules[1]!.lessons;
		expect(lessons.map((l) => [l.slug, l.kind, l.title, l.minutes, l.required])).toEqual([
			['field-visit', 'text', 'A field visit', 10, true],
			['check', 'quiz', 'Check your understanding', 15, true],
			['capstone', 'assignment', 'Capstone plan', 120, true]
		]);
		const quiz = lessons[1]!;
		expect(quiz.kind === 'quiz' && quiz.data.settings).toMatchObject({ title: 'Check your understanding', passPercent: 60, attemptsAllowed: 2 });
		expect(quiz.kind === 'quiz' && quiz.data.questions.map((q) => q.id)).toEqual(['iwrm-unit', 'aral-shrank']);
		const task = lessons[2]!;
		expect(task.body).toBe('Write a one-page plan to save water on a farm you know.\n');
		expect(task.data).toEqual({
			points: 100,
			fileTypes: ['pdf', 'docx'],
			maxFileMb: 10,
			maxFiles: 2,
			textEntry: true,
			passPercent: 60,
			rubric: [
				{
					id: 'analysis',
					title: 'Analysis of the problem',
					description: null,
					levels: [
						{ id: 'weak', title: 'Weak', points: 0 },
						{ id: 'good', title: 'Good', points: 5 }
					]
				},
				{
					id: 'plan',
					title: 'Plan of action',
					description: 'Steps, people and dates.',
					levels: [
						{ id: 'weak', title: 'Weak', points: 0 },
						{ id: 'good', title: 'Good', points: 10 }
					]
				}
			]
		});
		expect(course!.completion).toEqual({ lessons: 'required', quizzes: ['check'], assignments: { capstone: 60 }, weights: { check: 30, capstone: 70 } });
	});

	it('gives a quiz without minutes its time limit, or 10, and reads required: false', () => {
		const quiz = QUIZ_YAML.replace('minutes: 15\n', 'required: false\ntime_limit_minutes: 20\n');
		const { course, problems } = parseCoursePackage(courseWithItems({ [QUIZ]: quiz }), 'water-basics');
		expect(problems).toEqual([]);
		expect(course!.modules[1]!.lessons[1]).toMatchObject({ minutes: 20, required: false });
		const plain = parseCoursePackage(courseWithItems({ [QUIZ]: QUIZ_YAML.replace('minutes: 15\n', '') }), 'water-basics');
		expect(plain.course!.modules[1]!.lessons[1]!.minutes).toBe(10);
	});

	it('names the file and line of each problem in a quiz', () => {
		const broken = QUIZ_YAML.replace('        correct: true\n', '').replace('answer: true', 'answer: yes please');
		expect(problemsOf({ [QUIZ]: broken })).toEqual([
			'courses/water-basics/02-practice/02-check.quiz.yaml:9: question 1 (iwrm-unit): exactly one choice must have correct: true (found 0); use type multiple_response for several',
			'courses/water-basics/02-practice/02-check.quiz.yaml:17: question 2 (aral-shrank): answer must be true or false, not "yes please"'
		]);
	});

	it('refuses a quiz whose YAML does not parse, and bad lesson fields, with their lines', () => {
		expect(problemsOf({ [QUIZ]: 'title: [unclosed\npass_percent: 50\n' })[0]).toMatch(/^courses\/water-basics\/02-practice\/02-check\.quiz\.yaml:\d+: invalid YAML/);
		expect(problemsOf({ [QUIZ]: QUIZ_YAML.replace('minutes: 15', 'minutes: soon').replace('attempts_allowed: 2', 'attempts: 2') })).toEqual([
			'courses/water-basics/02-practice/02-check.quiz.yaml:2: minutes must be a whole number from 0 to 6000, not "soon"',
			'courses/water-basics/02-practice/02-check.quiz.yaml:4: unknown field "attempts"; known fields here: title, description, time_limit_minutes, attempts_allowed, pass_percent, shuffle_questions, shuffle_options, review, draw, questions, minutes, required'
		]);
	});

	it('names the line of a bad rubric level and of a bad setting in an assignment', () => {
		const broken = ASSIGNMENT_MD.replace('{ id: good, title: Good, points: 5 }', '{ id: good, title: Good, points: -5 }').replace('max_files: 2', 'max_files: many');
		expect(problemsOf({ [TASK]: broken })).toEqual([
			'courses/water-basics/02-practice/03-capstone.assignment.md:6: max_files must be a whole number from 0 to 10, not "many"',
			'courses/water-basics/02-practice/03-capstone.assignment.md:12: rubric criterion 1 (analysis), level 2: points must be a number from 0 to 1000, not -5'
		]);
	});

	it('refuses a rubric criterion with one level and unknown fields; reads an assignment without instructions', () => {
		const oneLevel = ASSIGNMENT_MD.replace('      - { id: good, title: Good, points: 5 }\n', '').replace('minutes: 120', 'minutes: 120\ndue: tomorrow');
		expect(problemsOf({ [TASK]: oneLevel })).toEqual([
			'courses/water-basics/02-practice/03-capstone.assignment.md:4: unknown field "due"; known fields: title, minutes, required, video, attachments, points, file_types, max_file_mb, max_files, text_entry, pass_percent, rubric',
			'courses/water-basics/02-practice/03-capstone.assignment.md:11: rubric criterion 1 (analysis): levels needs at least 2 entries'
		]);
		// instructions may be empty (a new assignment made in the browser has none yet), all settings at their defaults
		const { course } = parseCoursePackage(courseWithItems({ [TASK]: '---\ntitle: Capstone\n---\n' }), 'water-basics');
		expect(course!.modules[1]!.lessons[2]).toMatchObject({ kind: 'assignment', body: '', data: { points: 100, passPercent: 50, rubric: [] } });
	});

	it('refuses completion rules that name no quiz or assignment of the course, on their line', () => {
		expect(
			problemsOf(courseYaml('completion:\n  quizzes: [check, final-test]\n  assignments:\n    basins: 50\n  weights: { check: 1, what-is-iwrm: 2 }\n'))
		).toEqual([
			'courses/water-basics/course.yaml:23: completion.quizzes: "final-test" is not a quiz of this course (no lesson of this course has that slug)',
			'courses/water-basics/course.yaml:25: completion.assignments: "basins" is not an assignment of this course (that lesson is a text lesson)',
			'courses/water-basics/course.yaml:26: completion.weights: "what-is-iwrm" is not a quiz, an assignment or a scored H5P activity of this course (that lesson is a text lesson)'
		]);
	});

	it('refuses a badly shaped completion block, on its line', () => {
		expect(problemsOf(courseYaml('completion:\n  lessons: most\n  assignments: { capstone: 120 }\n  grade: 5\n'))).toEqual([
			'courses/water-basics/course.yaml:23: completion.lessons must be one of required, all, none',
			'courses/water-basics/course.yaml:24: completion.assignments.capstone must be a percent from 0 to 100',
			'courses/water-basics/course.yaml:25: unknown field "grade" in completion; known fields: lessons, quizzes, activities, assignments, weights'
		]);
	});

	it('reads completion: on_view on a text lesson and refuses other values', () => {
		const lesson = (completion: string) => ({ '02-practice/01-field-visit.md': `---\ntitle: Visit\ncompletion: ${completion}\n---\n\nText.\n` });
		const { course } = parseCoursePackage(courseWithItems(lesson('on_view')), 'water-basics');
		expect(course!.modules[1]!.lessons[0]!.completion).toBe('on_view');
		expect(problemsOf(lesson('auto'))).toEqual([
			'courses/water-basics/02-practice/01-field-visit.md:3: completion must be on_view (complete when opened) or manual (the learner marks it), not "auto"'
		]);
	});

	it('keeps lesson slugs unique across kinds', () => {
		expect(problemsOf({ '02-practice/04-basins.quiz.yaml': QUIZ_YAML })).toEqual([
			'courses/water-basics/02-practice/04-basins.quiz.yaml: duplicate lesson slug "basins": also 01-water-basics/02-basins.md (lesson slugs are unique in a course)'
		]);
	});
});
