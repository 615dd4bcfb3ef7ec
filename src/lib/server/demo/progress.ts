import type { Transaction } from 'kysely';
import type { DB, Locale } from '../db/schema';
import { assignmentSettings } from '../assessments/assignment-settings';
import { rubricScore } from '../assessments/assignments';
import { readStoredQuiz } from '../assessments/quizzes';
import { checkCompletion } from '../progress/completion';
import { buildAttempt } from '../quizzes/draw';
import { gradeAttempt } from '../quizzes/grade';
import type { AnswerValue, Answers, Question, Quiz } from '../quizzes/model';

/**
 * The pilot group's learning so far, so a fresh `npm start` shows a living gradebook: eight more
 * pilot learners beside the two demo learners, each some way through the opened modules, with
 * lessons completed, quiz attempts graded as the quiz engine grades them, capstone submissions
 * (half of them graded on the rubric by the facilitator) and one learner who has not been
 * seen for two weeks (at risk). Deterministic. Written in the caller's transaction.
 */

const DAY = 86_400_000;

export const PILOT_PEOPLE: { email: string; name: string; country: string; locale: Locale }[] = [
	{ email: 'pilot-01@example.org', name: 'Айгерим Сапарова', country: 'KZ', locale: 'ru' },
	{ email: 'pilot-02@example.org', name: 'Farrukh Nazarov', country: 'TJ', locale: 'en' },
	{ email: 'pilot-03@example.org', name: 'Нилуфар Юсупова', country: 'UZ', locale: 'ru' },
	{ email: 'pilot-04@example.org', name: 'Bakyt Asanov', country: 'KG', locale: 'en' },
	{ email: 'pilot-05@example.org', name: 'Зарина Каримова', country: 'TJ', locale: 'ru' },
	{ email: 'pilot-06@example.org', name: 'Merdan Orazov', country: 'TM', locale: 'en' },
	{ email: 'pilot-07@example.org', name: 'Гульнара Ахмедова', country: 'KZ', locale: 'ru' },
	{ email: 'pilot-08@example.org', name: 'Ahmad Rahimi', country: 'AF', locale: 'en' }
];

/** How far each learner got (share of the opened lessons), how well they answer, and when they were last seen. */
interface Profile {
	pace: number;
	skill: number;
	lastSeenDaysAgo: number;
}
const DEMO_LEARNER: Profile = { pace: 0.9, skill: 0.8, lastSeenDaysAgo: 0 };
const DEMO_LEARNER2: Profile = { pace: 0.25, skill: 0.6, lastSeenDaysAgo: 2 };
const PILOT_PROFILES: Profile[] = [
	{ pace: 1, skill: 0.95, lastSeenDaysAgo: 0 },
	{ pace: 0.9, skill: 0.7, lastSeenDaysAgo: 1 },
	{ pace: 0.75, skill: 0.85, lastSeenDaysAgo: 3 },
	{ pace: 0.5, skill: 0.5, lastSeenDaysAgo: 4 },
	{ pace: 0.4, skill: 0.9, lastSeenDaysAgo: 1 },
	{ pace: 0.15, skill: 0.4, lastSeenDaysAgo: 15 },
	{ pace: 1, skill: 0.6, lastSeenDaysAgo: 2 },
	{ pace: 0.65, skill: 0.75, lastSeenDaysAgo: 6 }
];

/** Deterministic 0..1. */
function noise(i: number): number {
	let x = Math.imul(i + 0x7f4a7c15, 0x85ebca6b) >>> 0;
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
	return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

/** An answer to a question, right or wrong, in the quiz's own ids (as parseAnswers gives them). */
function answerFor(q: Question, right: boolean): AnswerValue {
	switch (q.type) {
		case 'single_choice': {
			const choice = q.choices.find((c) => c.correct === right) ?? q.choices[0]!;
			return choice.id;
		}
		case 'multiple_response': {
			const correct = q.choices.filter((c) => c.correct).map((c) => c.id);
			const wrong = q.choices.filter((c) => !c.correct).map((c) => c.id);
			return right ? correct : [...correct.slice(0, 1), ...wrong.slice(0, 1)];
		}
		case 'true_false':
			return right ? q.answer : !q.answer;
		case 'short_answer':
			return right ? q.accepted[0]! : '—';
		case 'numeric':
			return String(right ? q.answer : q.answer * 2 + q.tolerance + 1);
		case 'matching': {
			const ids = q.pairs.map((p) => p.id);
			return Object.fromEntries(ids.map((id, i) => [id, right ? id : ids[(i + 1) % ids.length]!]));
		}
		case 'ordering':
			return Object.fromEntries(q.items.map((item, i) => [item.id, right ? i + 1 : q.items.length - i]));
	}
}

function answersFor(quiz: Quiz, questionIds: string[], skill: number, salt: number): Answers {
	const byId = new Map(quiz.questions.map((q) => [q.id, q]));
	const answers: Answers = {};
	questionIds.forEach((id, i) => {
		const q = byId.get(id);
		if (q) answers[id] = answerFor(q, noise(salt * 31 + i) < skill);
	});
	return answers;
}

export interface DemoProgressInput {
	cohortId: string;
	courseId: string;
	facilitatorId: string;
	/** The demo learner and the second demo learner, already members. */
	learners: [string, string];
	passwordHash: string;
}

export async function seedDemoProgress(db: Transaction<DB>, now: Date, input: DemoProgressInput) {
	const { cohortId, courseId } = input;
	const people = await db
		.insertInto('appUser')
		.values(PILOT_PEOPLE.map((p) => ({ email: p.email, name: p.name, passwordHash: input.passwordHash, country: p.country, locale: p.locale, role: 'learner' as const })))
		.returning('id')
		.execute();
	await db
		.insertInto('enrolment')
		.values(people.map((p) => ({ cohortId, userId: p.id, status: 'enrolled' as const, source: 'invitation' as const })))
		.execute();

	// The lessons of the modules open to the cohort now, in reading order.
	const lessons = await db
		.selectFrom('lesson as l')
		.innerJoin('courseModule as m', 'm.id', 'l.moduleId')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.leftJoin('cohortModuleRelease as r', (j) => j.onRef('r.moduleId', '=', 'm.id').on('r.cohortId', '=', cohortId))
		.select(['l.id', 'i.kind', 'i.data', 'r.opensAt'])
		.where('l.courseId', '=', courseId)
		.orderBy('m.position')
		.orderBy('l.position')
		.execute();
	const open = lessons.filter((l) => !l.opensAt || l.opensAt <= now);

	const learners = [
		{ id: input.learners[0], profile: DEMO_LEARNER },
		{ id: input.learners[1], profile: DEMO_LEARNER2 },
		...people.map((p, i) => ({ id: p.id, profile: PILOT_PROFILES[i]! }))
	];
	let attempts = 0;
	let submissions = 0;
	for (const [n, learner] of learners.entries()) {
		const { pace, skill, lastSeenDaysAgo } = learner.profile;
		const done = Math.round(pace * open.length);
		const lastSeen = now.getTime() - lastSeenDaysAgo * DAY - 3_600_000 * (1 + (n % 5));
		// Spread the work over the days before they were last seen, a lesson every day or so.
		const when = (i: number) => new Date(lastSeen - (done - i) * DAY * 0.9);
		for (const [i, lesson] of open.slice(0, Math.min(done + 1, open.length)).entries()) {
			const at = when(i);
			const finished = i < done;
			await db
				.insertInto('lessonProgress')
				.values({ userId: learner.id, courseId, cohortId, lessonId: lesson.id, firstViewedAt: at, lastViewedAt: at, completedAt: finished && lesson.kind === 'text' ? at : null })
				.execute();
			if (!finished) continue;
			if (lesson.kind === 'quiz') {
				const quiz = readStoredQuiz(lesson.data);
				if (!quiz) continue;
				const seed = `demo-${n}-${lesson.id}`;
				const attempt = buildAttempt(quiz, seed);
				const answers = answersFor(quiz, attempt.questions.map((q) => q.id), skill, n * 1000 + i);
				const grade = gradeAttempt(quiz, attempt, answers);
				const startedAt = new Date(at.getTime() - 20 * 60_000);
				await db
					.insertInto('quizAttempt')
					.values({
						userId: learner.id,
						lessonId: lesson.id,
						cohortId,
						number: 1,
						seed,
						attempt: JSON.stringify(attempt),
						quiz: JSON.stringify(quiz),
						answers: JSON.stringify(answers),
						answersSavedAt: at,
						startedAt,
						deadlineAt: quiz.settings.timeLimitMinutes ? new Date(startedAt.getTime() + quiz.settings.timeLimitMinutes * 60_000) : null,
						submittedAt: at,
						score: grade.score,
						maxScore: grade.max,
						percent: grade.percent,
						passed: grade.passed,
						result: JSON.stringify(grade)
					})
					.execute();
				attempts++;
			} else if (lesson.kind === 'assignment') {
				const settings = assignmentSettings(lesson.data);
				const graded = n % 2 === 0;
				// Rubric levels by skill: the best level for strong learners, lower ones otherwise.
				const levels = Object.fromEntries(
					settings.rubric.map((c, k) => {
						const sorted = [...c.levels].sort((a, b) => b.points - a.points);
						const index = Math.min(sorted.length - 1, Math.floor((1 - skill) * sorted.length + noise(n * 7 + k) * 0.8));
						return [c.id, sorted[index]!.id];
					})
				);
				const max = settings.rubric.length ? settings.rubric.reduce((s, c) => s + Math.max(...c.levels.map((l) => l.points)), 0) : settings.points;
				const score = settings.rubric.length ? rubricScore(settings.rubric, levels) : Math.round(settings.points * skill);
				await db
					.insertInto('assignmentSubmission')
					.values({
						userId: learner.id,
						lessonId: lesson.id,
						cohortId,
						body:
							'Our organisation works with water user associations in the district. My project plan: map the canals that lose most water, ' +
							'agree repairs with the association and the district water office, and train two members to keep records of water delivered.',
						submittedAt: at,
						updatedAt: at,
						...(graded
							? {
									rubric: JSON.stringify(levels),
									score,
									maxScore: max,
									feedback: 'A clear, realistic plan. Say who pays for the repairs after the first year.',
									gradedBy: input.facilitatorId,
									gradedAt: new Date(Math.min(now.getTime(), at.getTime() + DAY))
								}
							: {})
					})
					.execute();
				submissions++;
			}
		}
		await checkCompletion(db, { userId: learner.id, courseId, cohortId }, now);
	}
	return { learners: learners.length, attempts, submissions };
}
