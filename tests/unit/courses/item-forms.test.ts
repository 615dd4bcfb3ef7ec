import { describe, expect, it } from 'vitest';
import { AssignmentLessonSchema, QuizLessonSchema } from '../../../src/lib/schemas/items';
import { assignmentFormValues, assignmentFromForm, quizFormValues, quizFromForm } from '../../../src/lib/server/courses/item-forms';
import { parseAssignmentSource } from '../../../src/lib/server/assessments/assignment-settings';
import { waterBasics } from '../quizzes/fixture';

const LESSON = { lessonId: '6f1c3b5e-4c8a-4e55-9a1e-2f3c4d5e6f70', slug: 'check', minutes: '10', required: 'yes' };

describe('the quiz editor form', () => {
	it('gives back the same quiz from the values it shows', () => {
		const quiz = waterBasics((q) => {
			q.settings.draw = { basics: 1 };
			q.questions[0]!.pool = 'basics';
			q.questions[1]!.pool = 'basics';
		});
		const form = QuizLessonSchema.parse({ ...LESSON, title: quiz.settings.title, ...quizFormValues(quiz) });
		expect(form.draw).toEqual({ basics: 1 });
		expect(quizFromForm(form)).toEqual({ ok: true, value: quiz });
	});

	it('reads the settings fields, and refuses what is not a setting', () => {
		const base = { ...LESSON, title: 'Quiz', passPercent: '70', review: 'never', questions: '' };
		expect(QuizLessonSchema.parse({ ...base, timeLimitMinutes: '', attemptsAllowed: '', draw: ' 5 ' })).toMatchObject({
			timeLimitMinutes: null,
			attemptsAllowed: null,
			passPercent: 70,
			draw: 5,
			shuffleQuestions: false,
			shuffleOptions: false
		});
		const bad = QuizLessonSchema.safeParse({ ...base, passPercent: '120', timeLimitMinutes: '1.5', draw: 'five' });
		expect(bad.success).toBe(false);
		expect(bad.error!.issues.map((i) => [i.path[0], i.message])).toEqual([
			['timeLimitMinutes', 'error_quiz_time_limit_invalid'],
			['passPercent', 'error_percent_invalid'],
			['draw', 'error_quiz_draw_invalid']
		]);
		expect(QuizLessonSchema.safeParse({ ...base, passPercent: '' }).error!.issues[0]!.message).toBe('error_required');
	});

	it('names problems of the settings without a line, and problems of the questions with theirs', () => {
		const quiz = waterBasics();
		const values = quizFormValues(quiz);
		const form = QuizLessonSchema.parse({ ...LESSON, title: 'Quiz', ...values, draw: '40' });
		const result = quizFromForm(form);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.issues[0]).toEqual({ line: null, message: `draw is 40 but the quiz has only ${quiz.questions.length} questions` });
		const broken = quizFromForm({ ...form, draw: null, questions: `${values.questions}- id: extra\n  type: essay\n  prompt: Write\n` });
		expect(!broken.ok && broken.issues).toEqual([
			{ line: values.questions!.split('\n').length + 1, message: 'question 8 (extra): unknown type "essay"; use one of single_choice, multiple_response, true_false, short_answer, numeric, matching, ordering' }
		]);
		const tabbed = quizFromForm({ ...form, draw: null, questions: '- id: a\n\tprompt: x\n' });
		expect(!tabbed.ok && tabbed.issues[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^invalid YAML/) });
		expect(quizFromForm({ ...form, draw: null, questions: '' })).toEqual({ ok: false, issues: [{ line: 1, message: 'questions needs at least 1 entry' }] });
	});
});

describe('the assignment editor form', () => {
	it('gives back the same settings from the values it shows', () => {
		const parsed = parseAssignmentSource({
			points: 20,
			pass_percent: 60,
			file_types: ['pdf', 'png'],
			max_files: 1,
			rubric: [{ id: 'plan', title: 'Plan, steps: and dates', levels: [{ id: 'no', title: 'None', points: 0 }, { id: 'yes', title: 'Clear', points: 4 }] }]
		});
		if (!parsed.ok) throw new Error('invalid');
		const form = AssignmentLessonSchema.parse({ ...LESSON, title: 'Capstone', body: 'Write.', ...assignmentFormValues(parsed.settings) });
		expect(assignmentFromForm(form)).toEqual({ ok: true, value: parsed.settings });
	});

	it('refuses a rubric that is not a list, on line 1', () => {
		const form = AssignmentLessonSchema.parse({ ...LESSON, title: 'Capstone', body: '', points: '100', passPercent: '50', fileTypes: 'pdf', maxFileMb: '10', maxFiles: '3', rubric: 'id: plan\n' });
		expect(assignmentFromForm(form)).toEqual({
			ok: false,
			issues: [{ line: 1, message: 'the rubric criteria are a list: each starts with a line "- id: ...", like "- id: analysis"' }]
		});
		// no text entry and no files: learners could submit nothing
		expect(assignmentFromForm({ ...form, rubric: '', textEntry: false, maxFiles: 0 })).toEqual({
			ok: false,
			issues: [{ line: null, message: 'learners could submit nothing: allow text entry or at least one file' }]
		});
	});
});
