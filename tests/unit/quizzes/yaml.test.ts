import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildAttempt } from '../../../src/lib/server/quizzes/draw';
import { parseQuizSource } from '../../../src/lib/server/quizzes/schema';
import { parseQuizYaml, quizToYaml } from '../../../src/lib/server/quizzes/yaml';
import { WATER_BASICS, quizFrom, waterBasics } from './fixture';

const issuesOf = (text: string) => {
	const result = parseQuizYaml(text);
	if (result.ok) throw new Error('expected problems');
	return result.issues;
};

const minimal = (questions: string, settings = '') => `title: T\npass_percent: 50\n${settings}questions:\n${questions}`;

describe('reading a quiz', () => {
	it('reads the example with its settings and defaults filled in', () => {
		const quiz = waterBasics();
		expect(quiz.settings).toEqual({
			title: 'Water basics',
			description: expect.stringMatching(/^Seven questions/),
			timeLimitMinutes: 15,
			attemptsAllowed: 3,
			passPercent: 70,
			shuffleQuestions: true,
			shuffleOptions: true,
			review: 'after_attempt',
			draw: null
		});
		expect(quiz.questions.map((q) => q.type)).toEqual([
			'single_choice',
			'multiple_response',
			'true_false',
			'short_answer',
			'numeric',
			'matching',
			'ordering'
		]);
		const first = quiz.questions[0]!;
		expect(first.points).toBe(1);
		expect(first.pool).toBeNull();
		expect(first.feedback).toEqual({ general: expect.stringMatching(/^The Dublin/), correct: null, incorrect: null });
		expect(quiz.questions[1]!.points).toBe(2);
		expect(quiz.questions[3]!.feedback).not.toBe(quiz.questions[4]!.feedback); // defaults are not shared
		// feedback: text is the general feedback
		expect(quiz.questions[2]!.feedback.general).toMatch(/90 %/);
		expect(quiz.questions[4]).toMatchObject({ answer: 90, tolerance: 5, unit: '%' });
		expect(quiz.questions[5]).toMatchObject({ distractors: [{ id: 'caspian', text: 'Caspian Sea' }] });
	});

	it('leaves out unset settings: no time limit, unlimited attempts, every question', () => {
		const quiz = quizFrom(minimal('  - id: a\n    type: true_false\n    prompt: P\n    answer: false\n'));
		expect(quiz.settings).toMatchObject({ description: '', timeLimitMinutes: null, attemptsAllowed: null, shuffleQuestions: false, shuffleOptions: true, draw: null });
	});

	it('takes numbers as text where text goes (a choice may be a year)', () => {
		const quiz = quizFrom(
			minimal('  - id: year\n    type: single_choice\n    prompt: When?\n    choices:\n      - { id: a, text: 1992, correct: true }\n      - { id: b, text: 2015 }\n')
		);
		expect(quiz.questions[0]).toMatchObject({ choices: [{ text: '1992' }, { text: '2015' }] });
	});
});

describe('writing a quiz back', () => {
	it('round-trips the example: parse(toYaml(q)) is q', () => {
		const quiz = waterBasics();
		const yaml = quizToYaml(quiz);
		expect(quizFrom(yaml)).toEqual(quiz);
		// friendly for authors: defaults left out, correct flags only where true
		expect(yaml).toMatch(/correct: true/);
		expect(yaml).not.toMatch(/correct: false|points: 1\n|shuffle_options/);
	});

	it('round-trips every setting and draws by pool, and text that looks like other types', () => {
		const quiz = waterBasics((q) => {
			q.settings = { ...q.settings, timeLimitMinutes: null, attemptsAllowed: null, shuffleOptions: false, review: 'never', draw: { climate: 1 } };
			q.questions[0]!.pool = 'climate';
			q.questions[1]!.pool = 'climate';
			q.questions[0]!.prompt = 'true';
			q.questions[3]!.feedback = { general: null, correct: 'Yes:\n\n- a list', incorrect: '123' };
		});
		expect(quizFrom(quizToYaml(quiz))).toEqual(quiz);
	});
});

describe('problems in a quiz file', () => {
	it('reports invalid YAML with its line', () => {
		expect(issuesOf('title: [unclosed\npass_percent: 1\n')[0]).toMatchObject({ path: [], line: expect.any(Number), message: expect.stringMatching(/^invalid YAML/) });
		expect(issuesOf('title: A\ntitle: B\n')[0]!.message).toMatch(/invalid YAML.*unique/i);
		expect(issuesOf('')[0]!.message).toMatch(/empty/);
	});

	it('names the question by number and id, the field and what to fix, on its line', () => {
		const text = minimal(
			[
				'  - id: first',
				'    type: single_choice',
				'    prompt: Which?',
				'    choices:',
				'      - id: a',
				'        text: A',
				'      - id: B',
				'        text: ""'
			].join('\n') + '\n'
		);
		const issues = issuesOf(text);
		expect(issues).toContainEqual({
			path: ['questions', 0, 'choices', 1, 'id'],
			line: 10,
			message: 'question 1 (first), choice 2: id "B" may use only a-z, 0-9 and single hyphens, like "rain-source"'
		});
		expect(issues).toContainEqual({ path: ['questions', 0, 'choices', 1, 'text'], line: 11, message: 'question 1 (first), choice 2: text must not be empty' });
		expect(issues).toContainEqual({ path: ['questions', 0, 'choices'], line: 7, message: expect.stringMatching(/^question 1 \(first\): exactly one choice/) });
	});

	it('says when a single choice does not have exactly one correct choice', () => {
		const issues = issuesOf(minimal('  - id: q\n    type: single_choice\n    prompt: P\n    choices:\n      - { id: a, text: A }\n      - { id: b, text: B }\n'));
		expect(issues).toEqual([
			{ path: ['questions', 0, 'choices'], line: 7, message: 'question 1 (q): exactly one choice must have correct: true (found 0); use type multiple_response for several' }
		]);
	});

	it('reports unknown fields and types, missing fields and wrong kinds of values', () => {
		const text = minimal(
			[
				'  - id: q1',
				'    type: essay',
				'    prompt: P',
				'  - id: q2',
				'    type: true_false',
				'    prompt: P',
				'    answr: true',
				'  - id: q3',
				'    type: numeric',
				'    prompt: P',
				'    answer: "3,5"',
				'    tolerance: -1'
			].join('\n') + '\n',
			'time_limit: 10\nreview: later\n'
		);
		const messages = issuesOf(text).map((i) => `${i.line}: ${i.message}`);
		expect(messages).toEqual(
			expect.arrayContaining([
				expect.stringMatching(/^3: unknown field "time_limit"; known fields here: title, description, time_limit_minutes/),
				expect.stringMatching(/^4: review must be one of after_attempt, after_close, never, not "later"/),
				expect.stringMatching(/^7: question 1 \(q1\): unknown type "essay"; use one of single_choice, multiple_response/),
				'9: question 2 (q2): answer is required',
				expect.stringMatching(/^12: question 2 \(q2\): unknown field "answr"/),
				'16: question 3 (q3): answer must be a number like 3.5, not "3,5"',
				'17: question 3 (q3): tolerance must be 0 or more'
			])
		);
	});

	it('checks what spans questions: duplicate ids, draws larger than the bank, unknown pools', () => {
		const q = (id: string, pool?: string) => `  - id: ${id}\n    type: true_false\n    prompt: P ${id}\n    answer: true\n${pool ? `    pool: ${pool}\n` : ''}`;
		expect(issuesOf(minimal(q('a') + q('a'))).map((i) => i.message)).toEqual(['question 2 (a): id "a" is already used by question 1']);
		expect(issuesOf(minimal(q('a') + q('b'), 'draw: 3\n')).map((i) => i.message)).toEqual(['draw is 3 but the quiz has only 2 questions']);
		expect(issuesOf(minimal(q('a', 'water'), 'draw:\n  water: 0\n  Bad: 1\n')).map((i) => [i.line, i.message])).toEqual([
			[4, 'draw, pool "water": the number drawn must be a whole number from 1 to 500, not 0'],
			[5, 'draw, pool "Bad": a pool name may use only a-z, 0-9 and single hyphens, like "water-basics"']
		]);
		expect(issuesOf(minimal(q('a'), 'draw: [1]\n')).map((i) => i.message)).toEqual(['draw must be a number of questions, or a mapping of pool: number, not [1]']);
		const pools = issuesOf(minimal(q('a', 'water') + q('b', 'water') + q('c'), 'draw:\n  water: 3\n  climate: 1\n'));
		expect(pools.map((i) => [i.line, i.message])).toEqual([
			[4, 'draw, pool "water": 3 questions are drawn from a pool of 2'],
			[5, 'draw, pool "climate": no question has pool: climate']
		]);
	});

	it('refuses duplicate option ids and options that cannot be told apart', () => {
		const messages = issuesOf(
			minimal(
				'  - id: m\n    type: matching\n    prompt: P\n    pairs:\n      - { id: x, left: L1, right: R }\n      - { id: y, left: L2, right: " r " }\n    distractors:\n      - { id: x, text: Other }\n'
			)
		).map((i) => i.message);
		expect(messages).toEqual([
			'question 1 (m), pair 2: has the same text as right-hand item 1; learners could not tell them apart',
			'question 1 (m), distractor 1: id "x" is already used by right-hand item 1'
		]);
	});

	it('checks the source whatever it comes from (the browser editor sends the same shape)', () => {
		const result = parseQuizSource({ title: 'T', pass_percent: 101, questions: [] });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.issues.map((i) => i.message)).toEqual(['pass_percent must be from 0 to 100', 'questions needs at least 1 entry']);
		expect(parseQuizSource('not a quiz')).toMatchObject({ ok: false, issues: [{ path: [], message: expect.stringMatching(/must be a mapping of fields/) }] });
	});

	it('keeps the example valid', () => {
		expect(parseQuizYaml(WATER_BASICS).ok).toBe(true);
	});
});

describe('docs/quiz-format.md', () => {
	it('has a complete example that is valid, with every question type and a draw per pool', () => {
		const doc = readFileSync(new URL('../../../docs/quiz-format.md', import.meta.url), 'utf8');
		const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
		const quiz = quizFrom(example);
		expect(new Set(quiz.questions.map((q) => q.type)).size).toBe(7);
		expect(quiz.settings.draw).toEqual({ principles: 1, aral: 1 });
		expect(buildAttempt(quiz, 'doc').questions).toHaveLength(6);
	});
});
