import type { LessonItemKind } from '../../../src/lib/server/db/schema';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/courses/access';
import { ConflictError, ForbiddenError, NotFoundError } from '../../../src/lib/server/errors';
import { learningContext, type LearningContext } from '../../../src/lib/server/progress/context';
import { courseProgress, markComplete, markIncomplete, progressContext, recordView } from '../../../src/lib/server/progress/progress';
import { getMyLearning } from '../../../src/lib/server/cohorts/my-learning';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { addLesson, enrol, submitAttempt } from './progress-fixtures';

/**
 * Progress through a course, per learning context: views, "mark as complete", percentages
 * and where to continue. The test course has modules water-basics (what-is-iwrm, basins
 * (optional)) and practice (field-visit), to which these tests add an 'on view' lesson and a quiz.
 */

const db = await testDatabase();
const NOW = new Date('2026-12-02T09:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

type Course = Awaited<ReturnType<typeof importTestCourse>>;
let open: Course;
let taught: Course;
let lessons: Record<string, { id: string; completion: 'manual' | 'on_view'; kind: LessonItemKind }>;

const actor = (p: { id: string; role: Actor['role']; organisationId: string | null }): Actor => ({ id: p.id, role: p.role, organisationId: p.organisationId });
const lessonIds = async (courseId: string) => {
	const rows = await db
		.selectFrom('lesson as l')
		.innerJoin('lessonItem as i', (j) => j.onRef('i.lessonId', '=', 'l.id').on('i.position', '=', 1))
		.select(['l.id', 'l.slug', 'l.completion', 'i.kind'])
		.where('l.courseId', '=', courseId)
		.execute();
	return Object.fromEntries(rows.map((r) => [r.slug, { id: r.id, completion: r.completion, kind: r.kind }]));
};
const view = (ctx: LearningContext, slug: string, at: Date) => db.transaction().execute((trx) => recordView(trx, ctx, lessons[slug]!, at));
const progressRow = (ctx: LearningContext, slug: string) =>
	db
		.selectFrom('lessonProgress')
		.selectAll()
		.where('userId', '=', ctx.userId)
		.where('lessonId', '=', lessons[slug]!.id)
		.where('cohortId', ctx.cohortId === null ? 'is' : '=', ctx.cohortId)
		.executeTakeFirst();

beforeAll(async () => {
	open = await importTestCourse(db, 'open-progress', 'open');
	taught = await importTestCourse(db, 'taught-progress', 'cohort');
	// practice: field-visit (1), then an 'on view' reading and a quiz
	await addLesson(db, open, open.modules[1]!.id, { slug: 'reading', kind: 'text', completion: 'on_view', position: 2 });
	await addLesson(db, open, open.modules[1]!.id, { slug: 'check', kind: 'quiz', passPercent: 60, position: 3 });
	lessons = await lessonIds(open.id);
});

describe('recordView', () => {
	it('keeps the first and last views of a lesson, and completes only "on view" lessons', async () => {
		const ctx = await learningContext(db, (await makePerson(db)).id, open.id);
		expect(await view(ctx, 'what-is-iwrm', NOW)).toEqual({ completed: false });
		expect(await view(ctx, 'what-is-iwrm', later(5))).toEqual({ completed: false });
		const row = await progressRow(ctx, 'what-is-iwrm');
		expect(row).toMatchObject({ firstViewedAt: NOW, lastViewedAt: later(5), completedAt: null, cohortId: null, courseId: open.id });

		expect(await view(ctx, 'reading', later(6))).toEqual({ completed: true });
		expect(await view(ctx, 'reading', later(7))).toEqual({ completed: false });
		expect((await progressRow(ctx, 'reading'))?.completedAt).toEqual(later(6));
		// a quiz is not completed by opening it
		await view(ctx, 'check', later(8));
		expect((await courseProgress(db, ctx)).lessons.find((l) => l.slug === 'check')?.completed).toBe(false);
	});
});

describe('markComplete and markIncomplete', () => {
	it('mark a manual text lesson, idempotently, keeping the first completion time', async () => {
		const person = await makePerson(db);
		const ctx = await learningContext(db, person.id, open.id);
		const mark = (done: boolean, at: Date) =>
			db.transaction().execute((trx) => (done ? markComplete : markIncomplete)(trx, actor(person), 'open-progress', 'what-is-iwrm', at));
		expect(await mark(true, NOW)).toEqual({ lesson: { slug: 'what-is-iwrm', title: 'What is IWRM?' }, completed: true });
		await mark(true, later(1));
		expect((await progressRow(ctx, 'what-is-iwrm'))?.completedAt).toEqual(NOW);
		await mark(false, later(2));
		expect((await progressRow(ctx, 'what-is-iwrm'))?.completedAt).toBeNull();
		await mark(false, later(3));
		expect((await progressRow(ctx, 'what-is-iwrm'))?.completedAt).toBeNull();
	});

	it("change only the marking person's own records", async () => {
		const a = await makePerson(db);
		const b = await makePerson(db);
		const ctxB = await learningContext(db, b.id, open.id);
		await view(ctxB, 'field-visit', NOW);
		await db.transaction().execute((trx) => markComplete(trx, actor(a), 'open-progress', 'field-visit', NOW));
		expect((await progressRow(ctxB, 'field-visit'))?.completedAt).toBeNull();
		expect((await courseProgress(db, ctxB)).completed).toBe(0);
		expect((await courseProgress(db, await learningContext(db, a.id, open.id))).completed).toBe(1);
	});

	it('refuse lessons completed otherwise, with a message saying why', async () => {
		const person = actor(await makePerson(db));
		const attempt = (slug: string) => db.transaction().execute((trx) => markComplete(trx, person, 'open-progress', slug, NOW));
		await expect(attempt('check')).rejects.toThrow(new ConflictError('error_progress_completes_by_result'));
		await expect(attempt('reading')).rejects.toThrow(new ConflictError('error_progress_completes_on_view'));
		await expect(attempt('no-such-lesson')).rejects.toBeInstanceOf(NotFoundError);
	});

	it("refuse a lesson of a cohort's course to non-members, and to staff who keep no records", async () => {
		const outsider = actor(await makePerson(db));
		const mark = (who: Actor) => db.transaction().execute((trx) => markComplete(trx, who, 'taught-progress', 'what-is-iwrm', NOW));
		const refused = await mark(outsider).catch((e) => e);
		expect(refused).toBeInstanceOf(ForbiddenError);
		expect(refused.message).toBe('error_progress_lesson_closed');

		const admin = actor(await makePerson(db, { role: 'admin' }));
		const staff = await mark(admin).catch((e) => e);
		expect(staff).toBeInstanceOf(ForbiddenError);
		expect(staff.message).toBe('error_progress_not_learner');

		// a member whose module has not opened yet
		const cohort = await makeCohort(db, taught.id);
		const member = actor(await makePerson(db));
		await enrol(db, cohort.id, member.id);
		await db.insertInto('cohortModuleRelease').values({ cohortId: cohort.id, moduleId: taught.modules[0]!.id, opensAt: later(60 * 24) }).execute();
		expect((await mark(member).catch((e) => e)).message).toBe('error_progress_lesson_closed');
		await db.updateTable('cohortModuleRelease').set({ opensAt: later(-1) }).where('cohortId', '=', cohort.id).execute();
		expect((await mark(member)).completed).toBe(true);
	});

	it('refuse a draft course as not found', async () => {
		await db.updateTable('course').set({ status: 'draft' }).where('id', '=', taught.id).execute();
		const person = actor(await makePerson(db));
		await expect(db.transaction().execute((trx) => markComplete(trx, person, 'taught-progress', 'what-is-iwrm', NOW))).rejects.toBeInstanceOf(NotFoundError);
		await db.updateTable('course').set({ status: 'published' }).where('id', '=', taught.id).execute();
	});
});

describe('progressContext', () => {
	it('keeps records for anyone signed in to an open course, and for members of a cohort course only', async () => {
		const person = actor(await makePerson(db));
		const openCourse = { id: open.id, access: 'open' as const };
		const taughtCourse = { id: taught.id, access: 'cohort' as const };
		expect(await progressContext(db, null, openCourse)).toBeNull();
		expect(await progressContext(db, person, openCourse)).toEqual({ userId: person.id, courseId: open.id, cohortId: null });
		expect(await progressContext(db, person, taughtCourse)).toBeNull();
		const cohort = await makeCohort(db, taught.id);
		await enrol(db, cohort.id, person.id);
		expect(await progressContext(db, person, taughtCourse)).toEqual({ userId: person.id, courseId: taught.id, cohortId: cohort.id });
	});
});

describe('courseProgress', () => {
	it('counts every lesson alike, per module and for the course, and says where to continue', async () => {
		const ctx = await learningContext(db, (await makePerson(db)).id, open.id);
		let p = await courseProgress(db, ctx);
		expect(p).toMatchObject({ total: 5, completed: 0, percent: 0, next: { slug: 'what-is-iwrm', started: false }, completion: null });
		expect(p.modules.map((m) => [m.slug, m.completed, m.total, m.percent])).toEqual([
			['water-basics', 0, 2, 0],
			['practice', 0, 3, 0]
		]);

		// the last lesson opened, while it is not done
		await view(ctx, 'what-is-iwrm', NOW);
		await view(ctx, 'field-visit', later(1));
		p = await courseProgress(db, ctx);
		expect(p.next).toMatchObject({ slug: 'field-visit', started: true });

		// done: the next lesson not done after it (the 'on view' reading is done by opening it)
		await db.transaction().execute((trx) => markComplete(trx, actor({ id: ctx.userId, role: 'learner', organisationId: null }), 'open-progress', 'field-visit', later(2)));
		await view(ctx, 'reading', later(3));
		p = await courseProgress(db, ctx);
		expect(p.next?.slug).toBe('check');
		expect(p).toMatchObject({ completed: 2, percent: 40 });
		expect(p.modules.map((m) => m.percent)).toEqual([0, 66]);

		// after the end it wraps round to the first lesson not done
		await submitAttempt(db, ctx, lessons['check']!.id, 80, true);
		await view(ctx, 'check', later(4));
		p = await courseProgress(db, ctx);
		expect(p.next?.slug).toBe('what-is-iwrm');
		expect(p.modules.map((m) => m.percent)).toEqual([0, 100]);
	});

	it('keeps one record per cohort for a learner in two cohorts of a course', async () => {
		const person = await makePerson(db);
		const first = await makeCohort(db, taught.id);
		const second = await makeCohort(db, taught.id);
		await enrol(db, first.id, person.id);
		await enrol(db, second.id, person.id);
		const taughtLessons = await lessonIds(taught.id);
		const one = { userId: person.id, courseId: taught.id, cohortId: first.id };
		const two = { userId: person.id, courseId: taught.id, cohortId: second.id };
		await db.transaction().execute((trx) => recordView(trx, one, taughtLessons['what-is-iwrm']!, NOW));
		await db
			.updateTable('lessonProgress')
			.set({ completedAt: NOW })
			.where('userId', '=', person.id)
			.where('cohortId', '=', first.id)
			.execute();
		expect((await courseProgress(db, one)).completed).toBe(1);
		expect((await courseProgress(db, two)).completed).toBe(0);
		expect((await courseProgress(db, two)).next).toMatchObject({ slug: 'what-is-iwrm', started: false });
	});
});

describe('My learning', () => {
	it("shows each cohort's progress and where to continue, in one statement", async () => {
		const person = await makePerson(db);
		const first = await makeCohort(db, taught.id, { name: 'First run' });
		const second = await makeCohort(db, taught.id, { name: 'Second run' });
		await enrol(db, first.id, person.id);
		await enrol(db, second.id, person.id);
		const who = actor(person);
		// learningContext picks the cohort that started last; both start together here, so mark through each context
		const taughtLessons = await lessonIds(taught.id);
		const one = { userId: person.id, courseId: taught.id, cohortId: first.id };
		await db.transaction().execute((trx) => recordView(trx, one, taughtLessons['what-is-iwrm']!, NOW));
		await db.transaction().execute((trx) => recordView(trx, one, taughtLessons['basins']!, later(1)));
		await db.updateTable('lessonProgress').set({ completedAt: later(2) }).where('userId', '=', who.id).where('cohortId', '=', first.id).execute();

		let queries = 0;
		const counted = db.withPlugin({
			transformQuery: (args) => {
				queries++;
				return args.node;
			},
			transformResult: async (args) => args.result
		});
		const my = await getMyLearning(counted, person.id, NOW);
		expect(queries).toBe(1);
		const byName = Object.fromEntries(my.cohorts.map((c) => [c.name, c.progress]));
		expect(byName['First run']).toEqual({
			percent: 66,
			completed: 2,
			total: 3,
			next: { slug: 'field-visit', title: 'A field visit', started: true },
			courseComplete: false
		});
		expect(byName['Second run']).toEqual({
			percent: 0,
			completed: 0,
			total: 3,
			next: { slug: 'what-is-iwrm', title: 'What is IWRM?', started: false },
			courseComplete: false
		});
	});

	it('reads a course’s progress in two queries, whatever the number of lessons', async () => {
		const ctx = await learningContext(db, (await makePerson(db)).id, open.id);
		let queries = 0;
		const counted = db.withPlugin({
			transformQuery: (args) => {
				queries++;
				return args.node;
			},
			transformResult: async (args) => args.result
		});
		await courseProgress(counted, ctx);
		expect(queries).toBe(2);
	});
});
