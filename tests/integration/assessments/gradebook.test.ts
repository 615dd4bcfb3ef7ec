import { beforeAll, describe, expect, it } from 'vitest';
import { gradebook } from '../../../src/lib/server/assessments/gradebook';
import { learnerDetail } from '../../../src/lib/server/assessments/gradebook-learner';
import { gradebookCsv } from '../../../src/lib/server/assessments/gradebook-csv';
import { overrideGrade } from '../../../src/lib/server/assessments/grade-override';
import type { Database } from '../../../src/lib/server/db/connect';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { makePerson } from '../cohorts/enrolment-fixtures';
import { attempt, gradebookCohort, gradebookCourse, submission, viewed, type GradebookCourse } from './gradebook-fixtures';

const db = await testDatabase();
const NOW = new Date('2026-12-10T09:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);

// Passing quiz one (60%) and the capstone (60%) completes the course; the grade weighs the
// capstone twice.
const RULES = { lessons: 'none', quizzes: ['quiz-one'], assignments: { capstone: 60 }, weights: { 'quiz-one': 1, 'quiz-two': 1, capstone: 2 } };

let course: GradebookCourse;
beforeAll(async () => {
	course = await gradebookCourse(db, 'gradebook-course', RULES);
});

/** Counts the statements sent (results come back once per statement; subqueries are not counted). */
function counting(base: Database) {
	const counter = { queries: 0 };
	const counted = base.withPlugin({
		transformQuery: (args) => args.node,
		transformResult: async (args) => {
			counter.queries++;
			return args.result;
		}
	});
	return { counted, counter };
}

const override = (
	actor: { id: string; role: 'learner' | 'facilitator' | 'author' | 'admin' },
	cohort: { id: string; courseId: string },
	userId: string,
	lessonId: string,
	percent: number | null,
	reason: string,
	now = NOW
) =>
	db.transaction().execute((trx) =>
		overrideGrade(trx, { id: actor.id, role: actor.role, organisationId: null }, cohort, userId, lessonId, percent, reason, now)
	);

describe('the gradebook', () => {
	it('shows each learner × item with status and the percent that counts, progress, activity and grades', async () => {
		const { cohort, learners } = await gradebookCohort(db, course.id, 4, ago(30), ['Anna', 'Boris', 'Chen', 'Dana']);
		const [anna, boris, chen, dana] = learners.map((l) => ({ userId: l.id, cohortId: cohort.id }));
		// Anna: quiz one failed then passed (best 80), quiz two started, capstone graded 30/40, late; one lesson done.
		await attempt(db, { ...anna!, lessonId: course.quizOne, number: 1 }, { percent: 40, passed: false, submittedAt: ago(5) });
		await attempt(db, { ...anna!, lessonId: course.quizOne, number: 2 }, { percent: 80, passed: true, submittedAt: ago(4) });
		await attempt(db, { ...anna!, lessonId: course.quizTwo }, { startedAt: ago(1) });
		await submission(db, { ...anna!, lessonId: course.capstone }, { submittedAt: ago(3), score: 30, late: true });
		await viewed(db, { ...anna!, courseId: course.id, lessonId: course.iwrm }, ago(6), true);
		await viewed(db, { ...anna!, courseId: course.id, lessonId: course.basins }, ago(2));
		// Chen: quiz one failed (50), capstone submitted, not graded.
		await attempt(db, { ...chen!, lessonId: course.quizOne }, { percent: 50, passed: false, submittedAt: ago(10) });
		await submission(db, { ...chen!, lessonId: course.capstone }, { submittedAt: ago(9) });
		// Dana completed the course earlier, with a recorded grade.
		await db.insertInto('courseCompletion').values({ userId: dana!.userId, courseId: course.id, cohortId: cohort.id, completedAt: ago(8), finalGrade: 88 }).execute();
		// Records of another context do not count here.
		await viewed(db, { userId: boris!.userId, courseId: course.id, cohortId: (await gradebookCohort(db, course.id, 0, ago(1))).cohort.id, lessonId: course.iwrm }, ago(1), true);

		const book = await gradebook(db, cohort, { now: NOW });
		expect(book.items.map((i) => [i.slug, i.kind, i.passPercent])).toEqual([
			['quiz-one', 'quiz', 60],
			['quiz-two', 'quiz', 50],
			['capstone', 'assignment', 60]
		]);
		expect(book.modules.map((m) => [m.slug, m.lessons])).toEqual([
			['water-basics', 4],
			['practice', 2]
		]);
		expect(book.lessonsTotal).toBe(6);
		expect(book.total).toBe(4);
		expect(book.rows.map((r) => r.name)).toEqual(['Anna', 'Boris', 'Chen', 'Dana']);

		const [a, b, c, d] = book.rows;
		expect(a!.cells[course.quizOne]).toMatchObject({ status: 'passed', percent: 80, count: 2, completed: true, overridden: false });
		expect(a!.cells[course.quizTwo]).toMatchObject({ status: 'in_progress', percent: null, count: 0 });
		expect(a!.cells[course.capstone]).toMatchObject({ status: 'graded', percent: 75, late: true, completed: true });
		// One text lesson completed, quiz one passed, the capstone graded above its pass mark.
		expect(a!.lessonsCompleted).toBe(3);
		expect(a!.modules).toEqual({ [course.modules[0]!.id]: 2, [course.modules[1]!.id]: 1 });
		expect(a!.lastActivityAt).toEqual(ago(1));
		expect(a!.atRisk).toBe(false);
		// (80 + 0 + 2 × 75) / 4
		expect(a!.currentGrade).toBe(57.5);

		expect(b!.cells[course.quizOne]).toMatchObject({ status: 'not_started', percent: null });
		expect(b!.lessonsCompleted).toBe(0);
		expect(b!.lastActivityAt).toBeNull();
		expect(b!.atRisk).toBe(true);

		expect(c!.cells[course.quizOne]).toMatchObject({ status: 'failed', percent: 50, completed: false });
		expect(c!.cells[course.capstone]).toMatchObject({ status: 'submitted', percent: null, count: 1 });
		expect(c!.lastActivityAt).toEqual(ago(9));
		expect(c!.atRisk).toBe(true);

		expect(d!.completedAt).toEqual(ago(8));
		expect(d!.finalGrade).toBe(88);
		expect(a!.completedAt).toBeNull();
		// Anna becomes at risk 7 days after her last activity: the page is true until then.
		expect(book.validUntil).toEqual(new Date(ago(1).getTime() + 7 * DAY));
	});

	it('reads a 50-learner cohort in as many statements as a 5-learner one', async () => {
		const counts: number[] = [];
		for (const size of [5, 50]) {
			const { cohort, learners } = await gradebookCohort(db, course.id, size, ago(20));
			for (const [i, l] of learners.entries()) {
				const at = { userId: l.id, cohortId: cohort.id };
				await attempt(db, { ...at, lessonId: course.quizOne }, { percent: 50 + (i % 50), passed: i % 2 === 0, submittedAt: ago(i % 9) });
				if (i % 3 === 0) await submission(db, { ...at, lessonId: course.capstone }, { submittedAt: ago(2), score: 20 });
				await viewed(db, { ...at, courseId: course.id, lessonId: course.iwrm }, ago(i % 12), i % 2 === 0);
				if (i % 4 === 0) await override(await facilitatorOf(cohort.id), cohort, l.id, course.quizTwo, 70, 'Oral exam instead');
			}
			const { counted, counter } = counting(db);
			const book = await gradebook(counted, cohort, { now: NOW, pageSize: null });
			expect(book.rows).toHaveLength(size);
			counts.push(counter.queries);
			// The CSV of every learner too.
			const csv = counting(db);
			await gradebookCsv(csv.counted, cohort, 'en', { now: NOW });
			expect(csv.counter.queries).toBe(counter.queries);
		}
		expect(counts[0]).toBe(counts[1]);
		expect(counts[0]).toBe(3);
	});

	it('filters by module and by "at risk" with the clock it is given, and pages by name', async () => {
		const { cohort, learners } = await gradebookCohort(db, course.id, 3, ago(20), ['Aigerim', 'Bakyt', 'Chyngyz']);
		const [active, stale, silent] = learners.map((l) => ({ userId: l.id, cohortId: cohort.id }));
		await viewed(db, { ...active!, courseId: course.id, lessonId: course.iwrm }, ago(2));
		await attempt(db, { ...stale!, lessonId: course.quizOne }, { percent: 90, passed: true, submittedAt: ago(8) });
		void silent;

		const practice = await gradebook(db, cohort, { now: NOW, module: 'practice' });
		expect(practice.module).toBe('practice');
		expect(practice.items.map((i) => i.slug)).toEqual(['capstone']);
		expect(practice.allItems).toHaveLength(3);
		// An unknown module shows everything.
		expect((await gradebook(db, cohort, { now: NOW, module: 'nope' })).items).toHaveLength(3);

		const risk = await gradebook(db, cohort, { now: NOW, atRisk: true });
		expect(risk.atRiskDays).toBe(7);
		expect(risk.rows.map((r) => r.name)).toEqual(['Bakyt', 'Chyngyz']);
		expect((await gradebook(db, cohort, { now: NOW, atRisk: true, atRiskDays: 10 })).rows.map((r) => r.name)).toEqual(['Chyngyz']);
		expect((await gradebook(db, cohort, { now: NOW, atRisk: true, atRiskDays: 1 })).rows.map((r) => r.name)).toEqual(['Aigerim', 'Bakyt', 'Chyngyz']);
		// Three days later, the active learner is at risk too.
		expect((await gradebook(db, cohort, { now: new Date(NOW.getTime() + 6 * DAY), atRisk: true })).total).toBe(3);

		const first = await gradebook(db, cohort, { now: NOW, pageSize: 2 });
		expect([first.page, first.pages, first.total, first.rows.map((r) => r.name)]).toEqual([1, 2, 3, ['Aigerim', 'Bakyt']]);
		const second = await gradebook(db, cohort, { now: NOW, pageSize: 2, page: 2 });
		expect(second.rows.map((r) => r.name)).toEqual(['Chyngyz']);
		// Past the end: the first page.
		expect((await gradebook(db, cohort, { now: NOW, pageSize: 2, page: 9 })).page).toBe(1);
	});

	it('lists withdrawn and waitlisted people nowhere', async () => {
		const { cohort, learners } = await gradebookCohort(db, course.id, 3, ago(20));
		await db.updateTable('enrolment').set({ status: 'withdrawn' }).where('userId', '=', learners[0]!.id).execute();
		await db.updateTable('enrolment').set({ status: 'waitlisted', waitlistPosition: 1 }).where('userId', '=', learners[1]!.id).execute();
		const book = await gradebook(db, cohort, { now: NOW });
		expect(book.rows.map((r) => r.userId)).toEqual([learners[2]!.id]);
		await expect(learnerDetail(db, cohort, learners[0]!.id)).rejects.toThrow(NotFoundError);
	});
});

async function facilitatorOf(cohortId: string) {
	const row = await db
		.selectFrom('cohortFacilitator as f')
		.innerJoin('appUser as u', 'u.id', 'f.userId')
		.select(['u.id', 'u.role'])
		.where('f.cohortId', '=', cohortId)
		.executeTakeFirstOrThrow();
	return row;
}

describe('overriding a grade', () => {
	it('needs a reason and a percent from 0 to 100, keeps every change with the previous percent, and can be removed', async () => {
		const { cohort, facilitator, learners } = await gradebookCohort(db, course.id, 1, ago(20));
		const learner = learners[0]!;
		await attempt(db, { userId: learner.id, cohortId: cohort.id, lessonId: course.quizOne }, { percent: 45, passed: false, submittedAt: ago(3) });
		const rows = () => db.selectFrom('gradeOverride').selectAll().where('userId', '=', learner.id).orderBy('createdAt').execute();

		await expect(override(facilitator, cohort, learner.id, course.quizOne, 70, '  no ')).rejects.toMatchObject({
			field: 'reason',
			message: 'error_gradebook_reason_length'
		});
		await expect(override(facilitator, cohort, learner.id, course.quizOne, 70, 'x'.repeat(1001))).rejects.toBeInstanceOf(ValidationError);
		await expect(override(facilitator, cohort, learner.id, course.quizOne, 100.5, 'Re-marked')).rejects.toMatchObject({
			field: 'percent',
			message: 'error_gradebook_percent_range'
		});
		await expect(override(facilitator, cohort, learner.id, course.quizOne, Number.NaN, 'Re-marked')).rejects.toBeInstanceOf(ValidationError);
		await expect(override(facilitator, cohort, learner.id, course.quizOne, null, 'Nothing to remove')).rejects.toMatchObject({
			message: 'error_gradebook_nothing_to_clear'
		});
		expect(await rows()).toEqual([]);

		const first = await override(facilitator, cohort, learner.id, course.quizOne, 72.456, 'Question 3 was ambiguous', ago(2));
		expect(first).toMatchObject({ percent: 72.46, previousPercent: 45 });
		const second = await override(facilitator, cohort, learner.id, course.quizOne, 65, 'Re-checked with the group', ago(1));
		expect(second.previousPercent).toBe(72.46);

		let book = await gradebook(db, cohort, { now: NOW });
		expect(book.rows[0]!.cells[course.quizOne]).toMatchObject({ status: 'overridden', percent: 65, earned: 45, overridden: true, completed: true });

		await override(facilitator, cohort, learner.id, course.quizOne, null, 'Back to the earned grade', NOW);
		book = await gradebook(db, cohort, { now: NOW });
		expect(book.rows[0]!.cells[course.quizOne]).toMatchObject({ status: 'failed', percent: 45, overridden: false });

		expect((await rows()).map((r) => [r.percent, r.previousPercent, r.reason, r.actorId])).toEqual([
			[72.46, 45, 'Question 3 was ambiguous', facilitator.id],
			[65, 72.46, 'Re-checked with the group', facilitator.id],
			[null, 65, 'Back to the earned grade', facilitator.id]
		]);

		const detail = await learnerDetail(db, cohort, learner.id, NOW);
		const quiz = detail.items.find((i) => i.lessonId === course.quizOne)!;
		expect(quiz.attempts).toMatchObject([{ number: 1, percent: 45, passed: false }]);
		expect(quiz.overrides.map((o) => [o.percent, o.previousPercent, o.actor])).toEqual([
			[null, 65, facilitator.name],
			[65, 72.46, facilitator.name],
			[72.46, 45, facilitator.name]
		]);
	});

	it('is refused to anyone who does not run the cohort, with nothing changed; admins may', async () => {
		const { cohort, learners } = await gradebookCohort(db, course.id, 1, ago(20));
		const learner = learners[0]!;
		const otherFacilitator = await makePerson(db, { role: 'facilitator' });
		const admin = await makePerson(db, { role: 'admin' });
		for (const who of [otherFacilitator, { id: learner.id, role: 'learner' as const }]) {
			await expect(override(who, cohort, learner.id, course.quizOne, 100, 'I deserve it')).rejects.toBeInstanceOf(ForbiddenError);
		}
		await expect(
			db.transaction().execute((trx) => overrideGrade(trx, null, cohort, learner.id, course.quizOne, 100, 'Anonymous', NOW))
		).rejects.toBeInstanceOf(ForbiddenError);
		expect(await db.selectFrom('gradeOverride').select('id').where('userId', '=', learner.id).execute()).toEqual([]);

		await override(admin, cohort, learner.id, course.quizOne, 61, 'Moderated by the programme');
		expect(await db.selectFrom('gradeOverride').select(['percent', 'actorId']).where('userId', '=', learner.id).execute()).toEqual([
			{ percent: 61, actorId: admin.id }
		]);
	});

	it('only concerns enrolled learners and the course’s quizzes and assignments', async () => {
		const { cohort, facilitator, learners } = await gradebookCohort(db, course.id, 1, ago(20));
		const stranger = await makePerson(db);
		await expect(override(facilitator, cohort, stranger.id, course.quizOne, 50, 'Not mine')).rejects.toMatchObject({
			message: 'error_gradebook_learner_not_found'
		});
		await expect(override(facilitator, cohort, 'not-a-uuid', course.quizOne, 50, 'Not mine')).rejects.toBeInstanceOf(NotFoundError);
		// A text lesson, and a quiz of another course.
		await expect(override(facilitator, cohort, learners[0]!.id, course.iwrm, 50, 'A text lesson')).rejects.toMatchObject({
			message: 'error_gradebook_item_not_found'
		});
		const other = await gradebookCourse(db, 'gradebook-other');
		await expect(override(facilitator, cohort, learners[0]!.id, other.quizOne, 50, 'Another course')).rejects.toMatchObject({
			message: 'error_gradebook_item_not_found'
		});
	});

	it('completes the course when the override meets the rules, once', async () => {
		const { cohort, facilitator, learners } = await gradebookCohort(db, course.id, 1, ago(20));
		const learner = learners[0]!;
		const at = { userId: learner.id, cohortId: cohort.id };
		await submission(db, { ...at, lessonId: course.capstone }, { submittedAt: ago(4), score: 32 });
		await attempt(db, { ...at, lessonId: course.quizOne }, { percent: 55, passed: false, submittedAt: ago(3) });
		let book = await gradebook(db, cohort, { now: NOW });
		expect(book.rows[0]!.completedAt).toBeNull();

		const result = await override(facilitator, cohort, learner.id, course.quizOne, 60, 'Partial credit for question 2');
		expect(result.completion).toMatchObject({ complete: true, recorded: true });
		book = await gradebook(db, cohort, { now: NOW });
		// (60 + 0 + 2 × 80) / 4
		expect(book.rows[0]).toMatchObject({ completedAt: NOW, finalGrade: 55, currentGrade: 55 });

		// Overridden down later: the completion stays, the current grade follows.
		await override(facilitator, cohort, learner.id, course.quizOne, 20, 'Plagiarism found', new Date(NOW.getTime() + DAY));
		book = await gradebook(db, cohort, { now: NOW });
		expect(book.rows[0]).toMatchObject({ completedAt: NOW, finalGrade: 55, currentGrade: 45 });
		expect(await db.selectFrom('courseCompletion').select('id').where('userId', '=', learner.id).execute()).toHaveLength(1);
	});
});

describe('the CSV', () => {
	it('is UTF-8 with a BOM, keeps Cyrillic names, neutralises formulas and follows the filters', async () => {
		const { cohort, learners } = await gradebookCohort(db, course.id, 3, ago(20), ['Айгерим Садыкова', '=HYPERLINK("http://x")', 'Ёлкин, Пётр']);
		await attempt(db, { userId: learners[0]!.id, cohortId: cohort.id, lessonId: course.quizOne }, { percent: 80, passed: true, submittedAt: ago(1) });
		await submission(db, { userId: learners[0]!.id, cohortId: cohort.id, lessonId: course.capstone }, { submittedAt: ago(2), score: 30 });

		const csv = await gradebookCsv(db, { ...cohort, timeZone: 'Asia/Almaty' }, 'en', { now: NOW });
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const bytes = new TextEncoder().encode(csv);
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe(
			'Name,Email,Quiz one (%),Quiz one: status,Quiz two (%),Quiz two: status,Capstone project (%),Capstone project: status,' +
				'Lessons done,Lessons in the course,Last activity (Asia/Almaty),At risk,Course completed (Asia/Almaty),Final grade (%),Grade so far (%)'
		);
		const aigerim = lines.find((l) => l.startsWith('Айгерим Садыкова,'))!;
		expect(aigerim).toContain(',80,Passed,,Not started,75,Graded,2,6,2026-12-09 14:00,,,,57.5');
		expect(lines.some((l) => l.startsWith(`"'=HYPERLINK(""http://x"")"`))).toBe(true);
		expect(lines.some((l) => l.startsWith('"Ёлкин, Пётр",'))).toBe(true);

		const ru = await gradebookCsv(db, { ...cohort, timeZone: 'Asia/Almaty' }, 'ru', { now: NOW, module: 'practice', atRisk: true });
		const ruLines = ru.slice(1).trim().split('\r\n');
		expect(ruLines[0]).toBe(
			'Имя,Эл. почта,Capstone project (%),Capstone project: статус,Пройдено уроков,Уроков в курсе,Последняя активность (Asia/Almaty),' +
				'В зоне риска,Курс завершён (Asia/Almaty),Итоговая оценка (%),Оценка на сегодня (%)'
		);
		// Only the two learners without activity.
		expect(ruLines).toHaveLength(3);
		expect(ruLines.every((l, i) => i === 0 || l.includes(',Не начато,0,6,,да,'))).toBe(true);
	});
});
