import { readFileSync } from 'node:fs';
import type { Quiz } from '../../../src/lib/server/quizzes/model';
import { parseQuizYaml } from '../../../src/lib/server/quizzes/yaml';

export const WATER_BASICS = readFileSync(new URL('./fixtures/water-basics.quiz.yaml', import.meta.url), 'utf8');

/** A quiz from YAML text that must be valid. */
export function quizFrom(text: string): Quiz {
	const result = parseQuizYaml(text);
	if (!result.ok) throw new Error(result.issues.map((i) => `${i.line}: ${i.message}`).join('\n'));
	return result.quiz;
}

export const waterBasics = (edit: (q: Quiz) => void = () => {}): Quiz => {
	const quiz = quizFrom(WATER_BASICS);
	edit(quiz);
	return quiz;
};

/** The fixture without any shuffling of questions or choices (matching and ordering still are). */
export const inOrder = () =>
	waterBasics((q) => {
		q.settings.shuffleQuestions = false;
		q.settings.shuffleOptions = false;
	});
