import { describe, expect, it } from 'vitest';
import {
	assignmentLessonData,
	findAssignmentLesson,
	getSubmissionFileForReader,
	grade,
	submit,
	type AssignmentLesson,
	type SubmitInput
} from '../../../src/lib/server/assessments/assignments';
import { getSubmissionForGrading, listCohortSubmissions } from '../../../src/lib/server/assessments/submissions';
import { listLessonDueDates, setLessonDueDates } from '../../../src/lib/server/assessments/due-dates';
import type { Actor } from '../../../src/lib/server/courses/access';
import { learningContext, type LearningContext } from '../../../src/lib/server/progress/context';
import { testDatabase } from '../test-db';
import { makePerson } from '../cohorts/enrolment-fixtures';
import { PDF, PNG, TEXT, assignmentCohort, assignmentCourse, countRows, upload } from './assignment-fixtures';

/**
 * Assignments end to end in the domain: handing in text and files, the limits on files,
 * resubmission until graded or due, late submissions, grading on the rubric, who may grade and
 * who may read a submission, and the completion check after grading.
 */

const db = await testDatabase();
const NOW = new Date('2026-12-10T09:00:00Z');
const HOUR = 3_600_000;

async function setup(settings?: Record<string, unknown>, rules: unknown = null) {
	const course = await assignmentCourse(db, settings, rules);
	const people = await assignmentCohort(db, course.id);
	const lesson = (await findAssignmentLesson(db, course.id, 'capstone'))!;
	const ctx = await learningContext(db, people.learner.id, course.id);
	return { course, lesson, ...people, ctx };
}

const hand = (ctx: LearningContext, lesson: AssignmentLesson, input: Partial<SubmitInput>, now = NOW) =>
	db.transaction().execute((trx) => submit(trx, ctx, lesson, { text: '', files: [], ...input }, now));

const mark = (grader: Actor, id: string, input: Parameters<typeof grade>[3], now = NOW) =>
	db.transaction().execute((trx) => grade(trx, grader, id, input, now));

async function setDue(cohortId: string, lessonId: string, dueAt: Date) {
	await db.insertInto('cohortLessonDate').values({ cohortId, lessonId, dueAt }).onConflict((oc) => oc.columns(['cohortId', 'lessonId']).doUpdateSet({ dueAt })).execute();
}

const view = (ctx: LearningContext, lesson: AssignmentLesson, now = NOW) => assignmentLessonData(db, ctx, { ...lesson, courseSlug: 'x' }, now);

describe('handing in', () => {
	it('takes text and files in one submission, and shows them to the learner', async () => {
		const { lesson, ctx } = await setup();
		const result = await hand(ctx, lesson, { text: 'My plan.\r\nSecond line.', files: [upload('plan.pdf', PDF), upload('заметки.txt', TEXT)] });
		expect(result).toMatchObject({ timesSubmitted: 1, late: false });

		const data = await view(ctx, lesson);
		expect(data.state).toBe('open');
		expect(data.submission).toMatchObject({ body: 'My plan.\nSecond line.', timesSubmitted: 1, late: false, grade: null });
		expect(data.submission!.files.map((f) => [f.name, f.contentType, f.size])).toEqual([
			['plan.pdf', 'application/pdf', PDF.byteLength],
			['заметки.txt', 'text/plain; charset=utf-8', TEXT.byteLength]
		]);
		expect(data.submission!.files[1]!.url).toBe(`/submission-files/${data.submission!.files[1]!.id}/${encodeURIComponent('заметки.txt')}`);
		expect(data.maxScore).toBe(15);
	});

	it('refuses a disallowed type, an oversized file, too many files, a disguised file and an empty one, storing nothing', async () => {
		const { lesson, ctx } = await setup();
		const cases: [Partial<SubmitInput>, string, Record<string, unknown>][] = [
			[{ files: [upload('plan.pdf', PDF), upload('run.exe', 'MZ')] }, 'error_assignment_file_type', { name: 'run.exe' }],
			[{ files: [upload('big.pdf', new Uint8Array(1024 * 1024 + 1).fill(0x25))] }, 'error_assignment_file_too_large', { name: 'big.pdf', max: 1 }],
			[{ files: [upload('a.pdf', PDF), upload('b.pdf', PDF), upload('c.pdf', PDF)] }, 'error_assignment_too_many_files', { max: 2 }],
			[{ files: [upload('page.pdf', '<html><script>alert(1)</script></html>')] }, 'error_assignment_file_content', { name: 'page.pdf', ext: 'pdf' }],
			[{ files: [upload('photo.png', PDF)] }, 'error_assignment_file_content', { name: 'photo.png' }],
			[{ files: [upload('empty.txt', '')] }, 'error_assignment_file_empty', { name: 'empty.txt' }],
			[{ text: 'fine', files: [upload('a.pdf', PDF), upload('A.pdf', PDF)] }, 'error_assignment_file_twice', { name: 'A.pdf' }]
		];
		for (const [input, message, params] of cases) {
			await expect(hand(ctx, lesson, input), message).rejects.toMatchObject({ field: 'files', message, params: expect.objectContaining(params) });
		}
		// An oversized file is refused by its announced size before it is read.
		const unread = { name: 'huge.pdf', size: 50 * 1024 * 1024, bytes: () => Promise.reject(new Error('read')) };
		await expect(hand(ctx, lesson, { files: [unread] })).rejects.toMatchObject({ message: 'error_assignment_file_too_large' });
		await expect(hand(ctx, lesson, { text: '   ' })).rejects.toMatchObject({ field: 'text', message: 'error_assignment_empty' });
		expect(await countRows(db, lesson.id)).toEqual({ submissions: 0, files: 0 });
	});

	it('keeps to the settings: text only, files only, text length', async () => {
		const textOnly = await setup({ maxFiles: 0 });
		await expect(hand(textOnly.ctx, textOnly.lesson, { text: 'hi', files: [upload('a.pdf', PDF)] })).rejects.toMatchObject({
			message: 'error_assignment_files_not_accepted'
		});
		await expect(hand(textOnly.ctx, textOnly.lesson, { text: 'x'.repeat(50_001) })).rejects.toMatchObject({ message: 'error_assignment_text_too_long' });
		const filesOnly = await setup({ textEntry: false, fileTypes: ['zip'] });
		await expect(hand(filesOnly.ctx, filesOnly.lesson, { text: 'hi' })).rejects.toMatchObject({ message: 'error_assignment_text_not_accepted' });
		await expect(hand(filesOnly.ctx, filesOnly.lesson, {})).rejects.toMatchObject({ message: 'error_assignment_no_files' });
		// A type without a cheap content check is taken as it comes (always served as a download).
		await hand(filesOnly.ctx, filesOnly.lesson, { files: [upload('model.zip', 'anything')] });
		expect(await countRows(db, filesOnly.lesson.id)).toEqual({ submissions: 1, files: 1 });
	});

	it('ignores the empty file a form sends when no file is chosen', async () => {
		const { lesson, ctx } = await setup();
		await hand(ctx, lesson, { text: 'Only text', files: [upload('', '')] });
		expect(await countRows(db, lesson.id)).toEqual({ submissions: 1, files: 0 });
	});

	it('is for members: staff reading a cohort course without a cohort cannot hand in', async () => {
		const { course, lesson, facilitator } = await setup();
		const staff = await learningContext(db, facilitator.id, course.id);
		expect(staff.cohortId).toBeNull();
		await expect(hand(staff, lesson, { text: 'hi' })).rejects.toMatchObject({ name: 'ForbiddenError', message: 'error_assignment_members_only' });
		expect((await view(staff, lesson)).state).toBe('staff');
	});
});

describe('resubmission', () => {
	it('adds files, replaces one of the same name, removes those taken back, and counts each submission', async () => {
		const { lesson, ctx } = await setup();
		await hand(ctx, lesson, { text: 'Draft', files: [upload('plan.pdf', PDF), upload('notes.txt', 'v1')] });
		const first = (await view(ctx, lesson)).submission!;
		const notes = first.files.find((f) => f.name === 'notes.txt')!;

		// Three files in all would be over the limit of two.
		await expect(hand(ctx, lesson, { text: 'Final', files: [upload('photo.png', PNG)] }, new Date(NOW.getTime() + HOUR))).rejects.toMatchObject({
			message: 'error_assignment_too_many_files'
		});
		const result = await hand(ctx, lesson, { text: 'Final', files: [upload('photo.png', PNG)], removeFiles: [notes.id] }, new Date(NOW.getTime() + HOUR));
		expect(result.timesSubmitted).toBe(2);
		await hand(ctx, lesson, { text: 'Final 2', files: [upload('Plan.pdf', PDF)] }, new Date(NOW.getTime() + 2 * HOUR));

		const after = (await view(ctx, lesson)).submission!;
		expect(after.body).toBe('Final 2');
		expect(after.timesSubmitted).toBe(3);
		expect(after.submittedAt).toEqual(NOW);
		expect(after.updatedAt).toEqual(new Date(NOW.getTime() + 2 * HOUR));
		expect(after.files.map((f) => f.name).sort()).toEqual(['Plan.pdf', 'photo.png']);
	});

	it('is refused once graded, and the submission stays as graded', async () => {
		const { lesson, ctx, facilitator } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Done' });
		await mark(facilitator, id, { levels: { analysis: 'fair', writing: 'clear' }, feedback: 'Good.' });
		await expect(hand(ctx, lesson, { text: 'Changed' })).rejects.toMatchObject({ name: 'ConflictError', message: 'error_assignment_already_graded' });
		const data = await view(ctx, lesson);
		expect(data.state).toBe('graded');
		expect(data.submission).toMatchObject({ body: 'Done', timesSubmitted: 1 });
	});

	it('is taken until the due date and refused after it', async () => {
		const { lesson, ctx, cohort } = await setup();
		const due = new Date(NOW.getTime() + 24 * HOUR);
		await setDue(cohort.id, lesson.id, due);
		await hand(ctx, lesson, { text: 'One' });
		await hand(ctx, lesson, { text: 'Two' }, new Date(due.getTime() - 1000));
		expect((await view(ctx, lesson, new Date(due.getTime() + 1000))).state).toBe('closed');
		await expect(hand(ctx, lesson, { text: 'Three' }, new Date(due.getTime() + 1000))).rejects.toMatchObject({ message: 'error_assignment_past_due' });
		expect((await view(ctx, lesson)).submission).toMatchObject({ body: 'Two', timesSubmitted: 2, late: false });
	});
});

describe('at the same moment', () => {
	it('five submissions of one learner at once make one submission, counted five times, none lost', async () => {
		const { lesson, ctx } = await setup();
		const results = await Promise.all([1, 2, 3, 4, 5].map((n) => hand(ctx, lesson, { text: `Version ${n}` })));
		expect(results.map((r) => r.timesSubmitted).sort()).toEqual([1, 2, 3, 4, 5]);
		expect(await countRows(db, lesson.id)).toEqual({ submissions: 1, files: 0 });
		expect((await view(ctx, lesson)).submission!.timesSubmitted).toBe(5);
	});
});

describe('late submissions', () => {
	it('takes a first submission after the due date, flagged late, and shows the due date in the cohort’s zone', async () => {
		const { lesson, ctx, cohort } = await setup();
		const due = new Date(NOW.getTime() - HOUR);
		await setDue(cohort.id, lesson.id, due);
		const before = await view(ctx, lesson);
		expect(before).toMatchObject({ state: 'open', lateNow: true, dueAt: due, timeZone: 'Asia/Almaty' });

		const result = await hand(ctx, lesson, { text: 'Sorry, late' });
		expect(result.late).toBe(true);
		const after = await view(ctx, lesson);
		expect(after).toMatchObject({ state: 'closed', lateNow: false, submission: { late: true } });
		const list = await listCohortSubmissions(db, { id: cohort.id, courseId: lesson.courseId });
		expect(list[0]!.rows.find((r) => r.userId === ctx.userId)).toMatchObject({ late: true, status: 'submitted' });
	});

	it('judges lateness by the injected clock, not the database’s', async () => {
		const { lesson, ctx, cohort } = await setup();
		await setDue(cohort.id, lesson.id, new Date('2030-01-01T00:00:00Z'));
		const result = await hand(ctx, lesson, { text: 'From the future' }, new Date('2030-01-02T00:00:00Z'));
		expect(result.late).toBe(true);
	});
});

describe('grading', () => {
	it('scores the rubric as the sum of the levels chosen, out of the best levels, and the learner sees it', async () => {
		const { lesson, ctx, facilitator } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		const result = await mark(facilitator, id, { levels: { analysis: 'strong', writing: 'unclear' }, feedback: '  Strong analysis.\r\nWrite more clearly.  ' });
		expect(result).toEqual({ score: 11, maxScore: 15, percent: 73.33, passed: true });

		const data = await view(ctx, lesson);
		expect(data.state).toBe('graded');
		expect(data.submission!.grade).toMatchObject({
			score: 11,
			maxScore: 15,
			percent: 73.33,
			passed: true,
			levels: { analysis: 'strong', writing: 'unclear' },
			feedback: 'Strong analysis.\nWrite more clearly.',
			gradedAt: NOW
		});
		const detail = await getSubmissionForGrading(db, ctx.cohortId!, id);
		expect(detail).toMatchObject({ score: 11, levels: { analysis: 'strong', writing: 'unclear' }, gradedBy: facilitator.name });

		// A grade may be changed.
		await mark(facilitator, id, { levels: { analysis: 'weak', writing: 'unclear' }, feedback: '' });
		expect((await view(ctx, lesson)).submission!.grade).toMatchObject({ score: 1, passed: false, feedback: '' });
	});

	it('refuses a level a criterion does not have, a missing criterion and a stray one, changing nothing', async () => {
		const { lesson, ctx, facilitator } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		await expect(mark(facilitator, id, { levels: { analysis: 'excellent', writing: 'clear' }, feedback: '' })).rejects.toMatchObject({
			name: 'ValidationError',
			field: 'criterion-analysis',
			message: 'error_assignment_level_unknown',
			params: { criterion: 'Analysis', min: 0, max: 10 }
		});
		await expect(mark(facilitator, id, { levels: { analysis: 'fair' }, feedback: '' })).rejects.toMatchObject({
			field: 'criterion-writing',
			message: 'error_assignment_level_required'
		});
		await expect(mark(facilitator, id, { levels: { analysis: 'fair', writing: 'clear', style: 'good' }, feedback: '' })).rejects.toMatchObject({
			message: 'error_assignment_criterion_unknown'
		});
		await expect(mark(facilitator, id, { levels: { analysis: 'fair', writing: 'clear' }, feedback: 'x'.repeat(10_001) })).rejects.toMatchObject({
			field: 'feedback'
		});
		expect((await view(ctx, lesson)).submission!.grade).toBeNull();
	});

	it('takes a score from 0 to the points without a rubric, and refuses one outside', async () => {
		const { lesson, ctx, facilitator } = await setup({ points: 20, passPercent: 60 });
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		for (const score of [-1, 20.5, Number.NaN, Number.POSITIVE_INFINITY]) {
			await expect(mark(facilitator, id, { score, feedback: '' })).rejects.toMatchObject({ field: 'score', message: 'error_assignment_score_range', params: { max: 20 } });
		}
		await expect(mark(facilitator, id, { score: null, feedback: '' })).rejects.toMatchObject({ message: 'error_assignment_score_required' });
		expect(await mark(facilitator, id, { score: 11, feedback: 'ok' })).toEqual({ score: 11, maxScore: 20, percent: 55, passed: false });
	});

	it('is for the cohort’s facilitators and admins: a learner, or a facilitator of another cohort, is forbidden and nothing changes', async () => {
		const { course, lesson, ctx, learner, other } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		const stranger = (await assignmentCohort(db, course.id)).facilitator;
		for (const who of [learner, other, stranger]) {
			await expect(mark(who, id, { levels: { analysis: 'strong', writing: 'clear' }, feedback: 'mine' })).rejects.toMatchObject({
				name: 'ForbiddenError',
				message: 'error_assignment_grade_forbidden'
			});
		}
		expect((await view(ctx, lesson)).submission!.grade).toBeNull();
		const admin = await makePerson(db, { role: 'admin' });
		expect((await mark(admin, id, { levels: { analysis: 'strong', writing: 'clear' }, feedback: '' })).score).toBe(15);
	});

	it('checks the course completion after grading: a course whose rule is the capstone completes', async () => {
		const rules = { lessons: 'none', quizzes: [], assignments: { capstone: 60 } };
		const { lesson, ctx, facilitator } = await setup(undefined, rules);
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		const completion = () =>
			db.selectFrom('courseCompletion').select(['cohortId', 'finalGrade']).where('userId', '=', ctx.userId).where('courseId', '=', ctx.courseId).execute();
		await mark(facilitator, id, { levels: { analysis: 'fair', writing: 'unclear' }, feedback: '' }); // 6/15 = 40%
		expect(await completion()).toEqual([]);
		await mark(facilitator, id, { levels: { analysis: 'strong', writing: 'unclear' }, feedback: '' }); // 11/15
		expect(await completion()).toEqual([expect.objectContaining({ cohortId: ctx.cohortId })]);
	});
});

describe('privacy', () => {
	it('another learner reads neither the submission nor its files; the learner, the facilitator and an admin read the files', async () => {
		const { course, lesson, ctx, facilitator, other } = await setup();
		await hand(ctx, lesson, { text: 'Private', files: [upload('plan.pdf', PDF)] });
		const fileId = (await view(ctx, lesson)).submission!.files[0]!.id;

		const otherCtx = await learningContext(db, other.id, course.id);
		expect((await view(otherCtx, lesson)).submission).toBeNull();
		const stranger = (await assignmentCohort(db, course.id)).facilitator;
		for (const who of [other, stranger, null]) {
			await expect(getSubmissionFileForReader(db, who, fileId)).rejects.toMatchObject({ name: 'NotFoundError', message: 'error_file_not_found' });
		}
		const admin = await makePerson(db, { role: 'admin' });
		const learner = { id: ctx.userId, role: 'learner' as const, organisationId: null };
		for (const who of [learner, facilitator, admin]) {
			const file = await getSubmissionFileForReader(db, who, fileId);
			expect(file).toMatchObject({ name: 'plan.pdf', contentType: 'application/pdf' });
			expect(Buffer.from(file.data).equals(Buffer.from(PDF))).toBe(true);
		}
	});

	it('a submission of another cohort is not found on a cohort’s grading page', async () => {
		const { course, lesson, ctx } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Mine' });
		const elsewhere = await assignmentCohort(db, course.id);
		await expect(getSubmissionForGrading(db, elsewhere.cohort.id, id)).rejects.toMatchObject({ name: 'NotFoundError' });
		await expect(getSubmissionForGrading(db, elsewhere.cohort.id, 'not-a-uuid')).rejects.toMatchObject({ name: 'NotFoundError' });
	});
});

describe('the facilitator’s list', () => {
	it('lists every enrolled learner per assignment with status and score, and filters those waiting for a grade', async () => {
		const { lesson, ctx, cohort, facilitator, learner, other } = await setup();
		const { id } = await hand(ctx, lesson, { text: 'Work' });
		let [assignment] = await listCohortSubmissions(db, { id: cohort.id, courseId: lesson.courseId });
		expect(assignment).toMatchObject({ slug: 'capstone', maxScore: 15, submitted: 1, graded: 0 });
		expect(assignment!.rows.map((r) => [r.userId, r.status])).toEqual(
			expect.arrayContaining([
				[learner.id, 'submitted'],
				[other.id, 'missing']
			])
		);
		[assignment] = await listCohortSubmissions(db, { id: cohort.id, courseId: lesson.courseId }, { ungraded: true });
		expect(assignment!.rows.map((r) => r.userId)).toEqual([learner.id]);

		await mark(facilitator, id, { levels: { analysis: 'fair', writing: 'clear' }, feedback: '' });
		[assignment] = await listCohortSubmissions(db, { id: cohort.id, courseId: lesson.courseId }, { ungraded: true });
		expect(assignment!.rows).toEqual([]);
		[assignment] = await listCohortSubmissions(db, { id: cohort.id, courseId: lesson.courseId });
		expect(assignment!.rows.find((r) => r.userId === learner.id)).toMatchObject({ status: 'graded', score: 10, maxScore: 15 });
	});
});

describe('due dates per cohort', () => {
	it('are set and cleared by the cohort’s facilitator in its time zone; text lessons and learners are refused', async () => {
		const { lesson, cohort, facilitator, learner } = await setup();
		const save = (who: Actor, dates: Record<string, string>) => db.transaction().execute((trx) => setLessonDueDates(trx, who, cohort.slug, dates));
		const listed = await listLessonDueDates(db, cohort.id, lesson.courseId);
		expect(listed.map((l) => [l.id, l.kind, l.dueAt])).toEqual([[lesson.id, 'assignment', null]]);

		await save(facilitator, { [lesson.id]: '2026-12-20T18:00' });
		const [row] = await listLessonDueDates(db, cohort.id, lesson.courseId);
		// 18:00 in Almaty (UTC+5) is 13:00 UTC.
		expect(row!.dueAt).toEqual(new Date('2026-12-20T13:00:00Z'));

		await expect(save(facilitator, { [lesson.id]: '2026-13-40T18:00' })).rejects.toMatchObject({ field: `due-${lesson.id}`, message: 'error_datetime_invalid' });
		const textLesson = await db.selectFrom('lesson').select('id').where('courseId', '=', lesson.courseId).where('slug', '!=', 'capstone').executeTakeFirstOrThrow();
		await expect(save(facilitator, { [textLesson.id]: '2026-12-20T18:00' })).rejects.toMatchObject({ name: 'NotFoundError' });
		await expect(save(learner, { [lesson.id]: '' })).rejects.toMatchObject({ name: 'ForbiddenError' });
		expect((await listLessonDueDates(db, cohort.id, lesson.courseId))[0]!.dueAt).toEqual(new Date('2026-12-20T13:00:00Z'));

		await save(facilitator, { [lesson.id]: '' });
		expect((await listLessonDueDates(db, cohort.id, lesson.courseId))[0]!.dueAt).toBeNull();
	});
});
