import type { Attempt, AttemptQuestion } from './draw';
import type { GradeResult, QuestionResult } from './grade';
import type { Answers, Question, Quiz } from './model';
import { attemptView, questionsOf, type QuestionView } from './view';

/**
 * What the browser may see of a submitted attempt. Always: the questions as they were shown,
 * the learner's own answers and the total (score, percent, passed). Only when `reveal`
 * (mayShowCorrectAnswers in timing.ts): each question's result and feedback, and the
 * solution, given in the terms of the view (lists in step with its options and items).
 * Without it, nothing is sent that a retake could use, not even which questions were wrong
 * (a wrong true/false answer gives the right one away).
 */

export type Solution =
	| { type: 'single_choice' | 'multiple_response'; /** in step with options */ correct: boolean[]; feedback: (string | null)[] }
	| { type: 'true_false'; answer: 'true' | 'false' }
	| { type: 'short_answer'; accepted: string[] }
	| { type: 'numeric'; answer: number; tolerance: number }
	| { type: 'matching'; /** in step with left: the value of its right item */ right: string[] }
	| { type: 'ordering'; /** in step with items: its right place, 1 for the first */ places: number[] };

export type ReviewQuestion = QuestionView & {
	result?: Pick<QuestionResult, 'status' | 'score' | 'max' | 'note'> & { feedback: { general: string | null; outcome: string | null } };
	solution?: Solution;
};

export interface ReviewView {
	questions: ReviewQuestion[];
	score: number;
	max: number;
	percent: number;
	passed: boolean;
}

export function reviewView(quiz: Quiz, attempt: Attempt, answers: Answers, grade: GradeResult, reveal: boolean): ReviewView {
	const view = attemptView(quiz, attempt, answers);
	const total = { score: grade.score, max: grade.max, percent: grade.percent, passed: grade.passed };
	if (!reveal) return { questions: view.questions, ...total };
	const pairs = questionsOf(quiz, attempt);
	const questions = view.questions.map((qv, i): ReviewQuestion => {
		const { aq, q } = pairs[i]!;
		const r = grade.questions.find((x) => x.id === q.id);
		const result = r && {
			status: r.status,
			score: r.score,
			max: r.max,
			note: r.note,
			feedback: { general: r.feedback.general, outcome: r.feedback.outcome }
		};
		return { ...qv, result, solution: solutionOf(q, aq) };
	});
	return { questions, ...total };
}

function solutionOf(q: Question, aq: AttemptQuestion): Solution {
	switch (q.type) {
		case 'single_choice':
		case 'multiple_response': {
			const shown = ('options' in aq ? aq.options : []).flatMap((id) => q.choices.filter((c) => c.id === id));
			return { type: q.type, correct: shown.map((c) => c.correct), feedback: shown.map((c) => c.feedback) };
		}
		case 'true_false':
			return { type: q.type, answer: q.answer ? 'true' : 'false' };
		case 'short_answer':
			return { type: q.type, accepted: [...q.accepted] };
		case 'numeric':
			return { type: q.type, answer: q.answer, tolerance: q.tolerance };
		case 'matching': {
			const ids = new Set([...q.pairs.map((p) => p.id), ...q.distractors.map((d) => d.id)]);
			const right = 'right' in aq ? aq.right.filter((id) => ids.has(id)) : [];
			const left = 'left' in aq ? aq.left.filter((id) => q.pairs.some((p) => p.id === id)) : [];
			return { type: q.type, right: left.map((id) => String(right.indexOf(id) + 1)) };
		}
		case 'ordering': {
			const shown = 'items' in aq ? aq.items.filter((id) => q.items.some((it) => it.id === id)) : [];
			return { type: q.type, places: shown.map((id) => q.items.findIndex((it) => it.id === id) + 1) };
		}
	}
}
