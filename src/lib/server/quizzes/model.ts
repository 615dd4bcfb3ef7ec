/**
 * A quiz as authors write it (`NN-slug.quiz.yaml`, or the browser editor) and as the engine
 * reads it. The format is documented in docs/quiz-format.md.
 *
 * Authored keys are snake_case, like course.yaml; only the top-level settings have
 * multi-word keys, and the model gathers them under `settings` in camelCase. Questions keep
 * the authored shape, with every default filled in, so a quiz written out again
 * (`quizToSource`) reads back as the same quiz.
 */

export const QUESTION_TYPES = [
	'single_choice',
	'multiple_response',
	'true_false',
	'short_answer',
	'numeric',
	'matching',
	'ordering'
] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** When a learner may see the correct answers and the feedback of a submitted attempt. */
export const REVIEW_POLICIES = ['after_attempt', 'after_close', 'never'] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

export const LIMITS = {
	title: 200,
	description: 20_000,
	prompt: 20_000,
	feedback: 5_000,
	choiceText: 1_000,
	/** matching sides, ordering items, accepted short answers, units */
	shortText: 500,
	unit: 20,
	questions: 500,
	/** choices, pairs, distractors and items of one question */
	options: 20,
	accepted: 50,
	points: 1_000,
	timeLimitMinutes: 24 * 60,
	attemptsAllowed: 100
} as const;

/** Shown after an attempt, as the review policy allows (Markdown). */
export interface QuestionFeedback {
	/** shown whatever the answer */
	general: string | null;
	/** shown when the answer earned every point */
	correct: string | null;
	/** shown when it did not (partly right, wrong or unanswered) */
	incorrect: string | null;
}

interface QuestionBase {
	/** slug, unique within the quiz; answers and results refer to it */
	id: string;
	prompt: string;
	points: number;
	/** the bank this question is drawn from (see QuizSettings.draw); null: none */
	pool: string | null;
	feedback: QuestionFeedback;
}

export interface Choice {
	/** slug, unique within the question */
	id: string;
	text: string;
	correct: boolean;
	feedback: string | null;
}

export interface SingleChoiceQuestion extends QuestionBase {
	type: 'single_choice';
	/** exactly one is correct */
	choices: Choice[];
}
export interface MultipleResponseQuestion extends QuestionBase {
	type: 'multiple_response';
	/** at least one is correct */
	choices: Choice[];
}
export interface TrueFalseQuestion extends QuestionBase {
	type: 'true_false';
	answer: boolean;
}
export interface ShortAnswerQuestion extends QuestionBase {
	type: 'short_answer';
	/** compared ignoring case and spacing (see grade.ts) */
	accepted: string[];
}
export interface NumericQuestion extends QuestionBase {
	type: 'numeric';
	answer: number;
	/** right when |given - answer| <= tolerance */
	tolerance: number;
	/** shown beside the input, e.g. "km³" */
	unit: string | null;
}
export interface MatchingPair {
	/** slug, unique within the question (with the distractors' ids) */
	id: string;
	left: string;
	right: string;
}
export interface MatchingQuestion extends QuestionBase {
	type: 'matching';
	pairs: MatchingPair[];
	/** extra right-hand items that match nothing */
	distractors: { id: string; text: string }[];
}
export interface OrderingQuestion extends QuestionBase {
	type: 'ordering';
	/** in the correct order */
	items: { id: string; text: string }[];
}

export type Question =
	| SingleChoiceQuestion
	| MultipleResponseQuestion
	| TrueFalseQuestion
	| ShortAnswerQuestion
	| NumericQuestion
	| MatchingQuestion
	| OrderingQuestion;

/**
 * How many questions an attempt gets: null, all of them; a number, that many drawn from all
 * questions; per pool, that many from each named pool, plus every question outside those pools.
 */
export type Draw = number | { [pool: string]: number } | null;

export interface QuizSettings {
	title: string;
	/** Markdown, shown before an attempt starts; '' for none */
	description: string;
	/** null: no time limit */
	timeLimitMinutes: number | null;
	/** null: unlimited */
	attemptsAllowed: number | null;
	/** 0 to 100: the percentage of the points needed to pass */
	passPercent: number;
	shuffleQuestions: boolean;
	/** choices and the left column of matching; the right column and ordering items always are */
	shuffleOptions: boolean;
	review: ReviewPolicy;
	draw: Draw;
}

export interface Quiz {
	settings: QuizSettings;
	questions: Question[];
}

/** A problem in an authored quiz: where (the authored keys, e.g. questions.2.choices.0.text) and what to fix. */
export interface QuizIssue {
	path: (string | number)[];
	message: string;
	/** 1-based line in the YAML file, where known */
	line?: number;
}

/**
 * A learner's answers by question id, in the authors' ids (parseAnswers translates the form's
 * tokens). Stored as JSON; everything reading it checks it again, as it may be anything.
 */
export type AnswerValue =
	/** single_choice: the choice id; short_answer and numeric: the text as typed */
	| string
	/** multiple_response: the choice ids */
	| string[]
	/** true_false */
	| boolean
	/** matching: pair id (the left item) to the chosen right item (a pair's or a distractor's id) */
	| { [pairId: string]: string }
	/** ordering: item id to its place, 1 for the first */
	| { [itemId: string]: number };
export type Answers = { [questionId: string]: AnswerValue };
