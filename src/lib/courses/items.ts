/**
 * The kinds of lesson a module holds, and the quiz review policies, as the browser's forms
 * offer them (the server's own definitions: db/schema.ts, quizzes/model.ts).
 */
export const LESSON_KINDS = ['text', 'quiz', 'assignment', 'h5p'] as const;
export type LessonKindId = (typeof LESSON_KINDS)[number];

export const REVIEW_POLICY_IDS = ['after_attempt', 'after_close', 'never'] as const;

export const COMPLETION_MODES = ['manual', 'on_view'] as const;
