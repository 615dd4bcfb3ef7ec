import { beforeAll, describe, expect, it } from 'vitest';
import { checkCompletion, courseFacts } from '../../../src/lib/server/progress/completion';
import type { LearningContext } from '../../../src/lib/server/progress/context';
import { markComplete, markIncomplete } from '../../../src/lib/server/progress/progress';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { addLesson, completionsOf, enrol, gradeSubmission, openAttempt, overrideGrade, submitAttempt } from './progress-fixtures';

/**
 * The course-completed event: recorded once per learner and context when the course's rules
 * are met, with the final grade. The course: what-is-iwrm, basins (optional), field-visit,
 * then a quiz (pass 60), an optional practice quiz (pass 0) and a capstone (pass 50).
 */

const db = await testDatabase();
const NOW = new Date('2026-12-05T09:00:00Z');

type Course = Awaited<ReturnType<typeof importTestCourse>>;
let course: Course;
let ids: Record<string, string>;
let counter = 0;

/** A fresh course of that shape (so tests can set rules without disturbing each other). */
async function makeCourse(rules: unknown = null) {
	const c = await importTestCourse(db, `completion-${++counter}`, 'cohort');
	const practice = c.modules[1]!.id;
	const quiz = await addLesson(db, c, practice, { slug: 'quiz-1', kind: 'quiz', passPercent: 60, position: 2 });
	const practiceQuiz = await addLesson(db, c, practice, { slug: 'warm-up', kind: 'quiz', passPercent: 0, required: false, position: 3 });
	const capstone = await addLesson(db, c, practice, { slug: 'capstone', kind: 'assignment', position: 4 });
	if (rules !== null) await db.updateTable('course').set({ completionRules: JSON.stringify(rules) }).where('id', '=', c.id).execute();
	const lessons = await db.selectFrom('lesson').select(['id', 'slug']).where('courseId', '=', c.id).execute();
	return { course: c, ids: { ...Object.fromEntries(lessons.map((l) => [l.slug, l.id])), 'quiz-1': quiz.id, 'warm-up': practiceQuiz.id, capstone: capstone.id } };
}

async function learner(c: Course): Promise<LearningContext & { actor: { id: string; role: 'learner'; organisationId: null } }> {
	const person = await makePerson(db);
	const cohort = await makeCohort(db, c.id);
	await enrol(db, cohort.id, person.id);
	return { userId: person.id, courseId: c.id, cohortId: cohort.id, actor: { id: person.id, role: 'learner', organisationId: null } };
}

const check = (ctx: LearningContext, at = NOW) => db.transaction().execute((trx) => checkCompletion(trx, ctx, at));
const completeText = async (ctx: LearningContext & { actor: { id: string; role: 'learner'; organisationId: null } }, slugs: string[]) => {
	for (const slug of slugs) await db.transaction().execute((trx) => markComplete(trx, ctx.actor, course.slug, slug, NOW));
};

beforeAll(async () => {
	({ course, ids } = await makeCourse());
});

describe('checkCompletion with the default rules', () => {
	it('waits for every required lesson, the required quiz passed and the capstone graded at its pass mark', async () => {
		const ctx = await learner(course);
		expect(await check(ctx)).toMatchObject({
			complete: false,
			recorded: false,
			missing: [
				{ slug: 'what-is-iwrm', reason: 'lesson' },
				{ slug: 'field-visit', reason: 'lesson' },
				{ slug: 'quiz-1', reason: 'quiz', minPercent: 60 },
				{ slug: 'capstone', reason: 'assignment', minPercent: 50 }
			]
		});
		await completeText(ctx, ['what-is-iwrm', 'field-visit']);
		await openAttempt(db, ctx, ids['quiz-1']!, 1); // not submitted: counts for nothing
		await submitAttempt(db, ctx, ids['quiz-1']!, 40, false, 2);
		await submitAttempt(db, ctx, ids['quiz-1']!, 70, true, 3);
		await gradeSubmission(db, ctx, ids['capstone']!, 9); // 45%
		expect((await check(ctx)).missing).toEqual([{ slug: 'capstone', reason: 'assignment', minPercent: 50 }]);
		expect(await completionsOf(db, ctx.userId, course.id)).toEqual([]);

		await gradeSubmission(db, ctx, ids['capstone']!, 15); // 75%
		const done = await check(ctx);
		// equal weights over every quiz and assignment; the practice quiz, never taken, counts 0
		expect(done).toMatchObject({ complete: true, recorded: true, completedAt: NOW, finalGrade: Math.round(((70 + 0 + 75) / 3) * 100) / 100 });
		const rows = await completionsOf(db, ctx.userId, course.id);
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ cohortId: ctx.cohortId, completedAt: NOW, finalGrade: done.finalGrade });

		// once: a later check records nothing more, and the record stays after a lesson is unmarked
		expect(await check(ctx, new Date(NOW.getTime() + 60_000))).toMatchObject({ complete: true, recorded: false, completedAt: NOW });
		await db.transaction().execute((trx) => markIncomplete(trx, ctx.actor, course.slug, 'field-visit', NOW));
		expect(await completionsOf(db, ctx.userId, course.id)).toHaveLength(1);
	});

	it('is recorded by the change that completes the course (marking the last lesson)', async () => {
		const ctx = await learner(course);
		await submitAttempt(db, ctx, ids['quiz-1']!, 100, true);
		await gradeSubmission(db, ctx, ids['capstone']!, 20);
		await completeText(ctx, ['what-is-iwrm']);
		expect(await completionsOf(db, ctx.userId, course.id)).toEqual([]);
		await completeText(ctx, ['field-visit']);
		expect(await completionsOf(db, ctx.userId, course.id)).toHaveLength(1);
	});

	it('counts a quiz whose pass mark is 0 as done by any submitted attempt', async () => {
		const ctx = await learner(course);
		const warmUp = () => courseFacts(db, ctx).then((f) => f.find((l) => l.slug === 'warm-up')!);
		expect(await warmUp()).toMatchObject({ completed: false, percent: null, passPercent: 0 });
		await submitAttempt(db, ctx, ids['warm-up']!, 10, false);
		expect(await warmUp()).toMatchObject({ completed: true, percent: 10 });
	});

	it("takes a facilitator's latest override for a quiz's or an assignment's percent", async () => {
		const ctx = await learner(course);
		await completeText(ctx, ['what-is-iwrm', 'field-visit']);
		await submitAttempt(db, ctx, ids['quiz-1']!, 50, false);
		await gradeSubmission(db, ctx, ids['capstone']!, 12); // 60%
		expect((await check(ctx)).missing.map((m) => m.slug)).toEqual(['quiz-1']);
		await overrideGrade(db, ctx, ids['quiz-1']!, 55, new Date('2026-12-04T09:00:00Z'));
		await overrideGrade(db, ctx, ids['quiz-1']!, 65, new Date('2026-12-04T10:00:00Z'));
		const facts = await courseFacts(db, ctx);
		expect(facts.find((l) => l.slug === 'quiz-1')).toMatchObject({ percent: 65, completed: true, overridden: true });
		expect(await check(ctx)).toMatchObject({ complete: true, recorded: true, finalGrade: Math.round(((65 + 0 + 60) / 3) * 100) / 100 });
	});

	it('reads an override with no percent as cleared', async () => {
		const ctx = await learner(course);
		await gradeSubmission(db, ctx, ids['capstone']!, 4); // 20%
		await overrideGrade(db, ctx, ids['capstone']!, 90, new Date('2026-12-04T09:00:00Z'));
		await overrideGrade(db, ctx, ids['capstone']!, null, new Date('2026-12-04T10:00:00Z'));
		expect((await courseFacts(db, ctx)).find((l) => l.slug === 'capstone')).toMatchObject({ percent: 20, completed: false, overridden: false });
	});
});

describe('checkCompletion with rules', () => {
	it('applies the lessons, quizzes, assignments and weights of the course', async () => {
		const made = await makeCourse({ lessons: 'none', quizzes: ['warm-up'], assignments: { capstone: 80 }, weights: { 'quiz-1': 1, capstone: 3 } });
		const ctx = await learner(made.course);
		await gradeSubmission(db, ctx, made.ids['capstone']!, 15); // 75%: below the course's 80
		await submitAttempt(db, ctx, made.ids['warm-up']!, 0, false);
		expect((await check(ctx)).missing).toEqual([{ slug: 'capstone', reason: 'assignment', minPercent: 80 }]);
		await gradeSubmission(db, ctx, made.ids['capstone']!, 17); // 85%
		await submitAttempt(db, ctx, made.ids['quiz-1']!, 45, false);
		expect(await check(ctx)).toMatchObject({ complete: true, recorded: true, finalGrade: (45 * 1 + 85 * 3) / 4 });
	});

	it('records nothing, and does not fail, when the stored rules do not parse', async () => {
		const made = await makeCourse({ lessons: 'sometimes' });
		const ctx = await learner(made.course);
		expect(await check(ctx)).toMatchObject({ complete: false, recorded: false });
	});
});

describe('the completion record', () => {
	it('is recorded once when two checks run at the same time', async () => {
		const made = await makeCourse({ lessons: 'none', quizzes: [], assignments: {} });
		const ctx = await learner(made.course);
		const results = await Promise.all([check(ctx), check(ctx, new Date(NOW.getTime() + 1000))]);
		expect(results.filter((r) => r.recorded)).toHaveLength(1);
		expect(results.every((r) => r.complete)).toBe(true);
		expect(await completionsOf(db, ctx.userId, made.course.id)).toHaveLength(1);
	});

	it('is kept per cohort: a learner in two cohorts of a course has two', async () => {
		const made = await makeCourse({ lessons: 'none', quizzes: ['quiz-1'], assignments: {}, weights: { 'quiz-1': 1 } });
		const person = await makePerson(db);
		const contexts = [];
		for (let i = 0; i < 2; i++) {
			const cohort = await makeCohort(db, made.course.id);
			await enrol(db, cohort.id, person.id);
			contexts.push({ userId: person.id, courseId: made.course.id, cohortId: cohort.id });
		}
		await submitAttempt(db, contexts[0]!, made.ids['quiz-1']!, 90, true);
		expect(await check(contexts[0]!)).toMatchObject({ recorded: true });
		expect(await check(contexts[1]!)).toMatchObject({ complete: false, recorded: false });
		await submitAttempt(db, contexts[1]!, made.ids['quiz-1']!, 60, true);
		expect(await check(contexts[1]!)).toMatchObject({ recorded: true, finalGrade: 60 });
		const rows = await completionsOf(db, person.id, made.course.id);
		expect(rows.map((r) => r.cohortId).sort()).toEqual(contexts.map((c) => c.cohortId).sort());
	});

	it('is kept for a learner on their own too (no cohort), apart from cohort records', async () => {
		const made = await makeCourse({ lessons: 'none', quizzes: ['quiz-1'], assignments: {}, weights: { 'quiz-1': 1 } });
		const person = await makePerson(db);
		const own = { userId: person.id, courseId: made.course.id, cohortId: null };
		await submitAttempt(db, own, made.ids['quiz-1']!, 90, true);
		const results = await Promise.all([check(own), check(own)]);
		expect(results.filter((r) => r.recorded)).toHaveLength(1);
		expect(await completionsOf(db, person.id, made.course.id)).toMatchObject([{ cohortId: null, finalGrade: 90 }]);
	});
});
