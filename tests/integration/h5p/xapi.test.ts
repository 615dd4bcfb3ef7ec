import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError } from '../../../src/lib/server/errors';
import { parseStatement, MAX_STATEMENT_BYTES } from '../../../src/lib/server/h5p/xapi';
import { receiveStatement } from '../../../src/lib/server/h5p/results';
import { cohortStatementsJson, cohortStatementsStream } from '../../../src/lib/server/h5p/statements-export';
import { activityIri, actorMail } from '../../../src/lib/server/h5p/identity';
import { readLesson } from '../../../src/lib/server/cohorts/lesson-access';
import { visitLesson } from '../../../src/lib/server/progress/progress';
import { courseFacts } from '../../../src/lib/server/progress/completion';
import { gradebook } from '../../../src/lib/server/assessments/gradebook';
import { gradebookCsv } from '../../../src/lib/server/assessments/gradebook-csv';
import { learnerDetail } from '../../../src/lib/server/assessments/gradebook-learner';
import { overrideGrade } from '../../../src/lib/server/assessments/grade-override';
import { completionFormValues, completionFromForm, listGradedItems } from '../../../src/lib/server/courses/completion-editor';
import { testDatabase } from '../test-db';
import { makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { enrol, completionsOf } from '../progress/progress-fixtures';
import { h5pCourse, ORIGIN, statement } from './xapi-fixtures';

const db = await testDatabase();
const NOW = new Date('2026-12-10T09:00:00Z');
const later = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

type Course = Awaited<ReturnType<typeof h5pCourse>>;
type Person = Awaited<ReturnType<typeof makePerson>>;

const actorOf = (p: Person) => ({ id: p.id, role: p.role, organisationId: p.organisationId });

/** What the endpoint would answer for this body from this person (our origin unless told). */
function send(course: Course, person: Person | null, lessonSlug: string, body: unknown, options: { origin?: string | null; now?: Date } = {}) {
	return receiveStatement(db, person ? actorOf(person) : null, { courseSlug: course.slug, lessonSlug }, typeof body === 'string' ? body : JSON.stringify(body), {
		origin: ORIGIN,
		requestOrigin: options.origin === undefined ? ORIGIN : options.origin,
		now: options.now ?? NOW
	});
}

const statementsOf = (userId: string) => db.selectFrom('xapiStatement').selectAll().where('userId', '=', userId).orderBy('storedAt').execute();
const resultOf = (userId: string, lessonId: string) =>
	db.selectFrom('h5pResult').selectAll().where('userId', '=', userId).where('lessonId', '=', lessonId).executeTakeFirst();

/** A cohort of the course with a facilitator and learners enrolled in it. */
async function cohortWith(course: Course, count: number) {
	const cohort = await makeCohort(db, course.id, { capacity: 100, status: 'running' });
	const facilitator = await makePerson(db, { role: 'facilitator' });
	await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
	const learners: Person[] = [];
	for (let i = 0; i < count; i++) {
		const l = await makePerson(db);
		await enrol(db, cohort.id, l.id);
		learners.push(l);
	}
	return { cohort, facilitator, learners };
}

describe('parseStatement', () => {
	const userId = randomUUID();
	const lessonId = randomUUID();
	const expected = { mail: actorMail(userId), objectIri: activityIri(ORIGIN, lessonId) };

	it('reads a top-level answered statement with its score, and gives it an id', () => {
		const p = parseStatement(JSON.stringify(statement(userId, lessonId, { raw: 1, max: 1, success: true })), expected);
		expect(p).toMatchObject({ ok: true, verb: 'answered', topLevel: true, score: { raw: 1, max: 1, scaled: 1, success: true } });
		if (!p.ok) return;
		expect(p.id).toMatch(/^[0-9a-f-]{36}$/);
		expect(p.statement.id).toBe(p.id);
	});

	it('computes a missing scaled score, reads parts as not top-level, max 0 as no score', () => {
		const p = parseStatement(statement(userId, lessonId, { raw: 2, max: 3 }), expected);
		expect(p.ok && p.score?.scaled).toBe(0.6667);
		const child = parseStatement(statement(userId, lessonId, { sub: 'a1b2-c3' }), expected);
		expect(child).toMatchObject({ ok: true, topLevel: false });
		const none = parseStatement(statement(userId, lessonId, { raw: 0, max: 0 }), expected);
		expect(none).toMatchObject({ ok: true, score: null });
		const unscored = parseStatement(statement(userId, lessonId, { verb: 'experienced', noScore: true }), expected);
		expect(unscored).toMatchObject({ ok: true, verb: 'experienced', score: null });
	});

	it('unwraps { statement } and drops what a record store sets', () => {
		const p = parseStatement({ statement: { ...statement(userId, lessonId), stored: '2020-01-01T00:00:00Z', authority: { mbox: 'mailto:x@y' } } }, expected);
		expect(p.ok).toBe(true);
		if (p.ok) expect(p.statement).not.toHaveProperty('stored');
		if (p.ok) expect(p.statement).not.toHaveProperty('authority');
	});

	it.each([
		['not JSON', '{"actor":', 'error_h5p_xapi_malformed', 400],
		['an array', '[]', 'error_h5p_xapi_malformed', 400],
		['no verb', JSON.stringify({ ...statement(userId, lessonId), verb: undefined }), 'error_h5p_xapi_malformed', 400],
		['a verb that is no IRI', JSON.stringify({ ...statement(userId, lessonId), verb: { id: 'answered' } }), 'error_h5p_xapi_malformed', 400],
		['an id that is no UUID', JSON.stringify({ ...statement(userId, lessonId), id: 'abc' }), 'error_h5p_xapi_malformed', 400],
		['a score that is text', JSON.stringify({ ...statement(userId, lessonId), result: { score: { raw: '1', max: 1 } } }), 'error_h5p_xapi_malformed', 400],
		['another actor', JSON.stringify(statement(randomUUID(), lessonId)), 'error_h5p_xapi_actor', 403],
		['an actor by account', JSON.stringify({ ...statement(userId, lessonId), actor: { account: { name: userId, homePage: ORIGIN } } }), 'error_h5p_xapi_actor', 403],
		['another activity', JSON.stringify(statement(userId, randomUUID())), 'error_h5p_xapi_object', 403],
		['a look-alike object', JSON.stringify({ ...statement(userId, lessonId), object: { id: `${expected.objectIri}x` } }), 'error_h5p_xapi_object', 403],
		['a score above its maximum', JSON.stringify(statement(userId, lessonId, { raw: 5, max: 4 })), 'error_h5p_xapi_score', 422],
		['a negative score', JSON.stringify(statement(userId, lessonId, { raw: -1, max: 4 })), 'error_h5p_xapi_score', 422],
		['a scaled score above 1', JSON.stringify(statement(userId, lessonId, { raw: 1, max: 1, scaled: 1.5 })), 'error_h5p_xapi_score', 422],
		['too big', JSON.stringify({ ...statement(userId, lessonId), padding: 'x'.repeat(MAX_STATEMENT_BYTES) }), 'error_h5p_xapi_too_large', 413]
	])('refuses %s', (_what, body, key, status) => {
		expect(parseStatement(body, expected)).toEqual({ ok: false, key, status });
	});
});

describe('the xAPI endpoint', () => {
	let course: Course;
	let learner: Person;
	let other: Person;
	let outsider: Person;
	beforeAll(async () => {
		course = await h5pCourse(db, 'xapi-endpoint');
		const c = await cohortWith(course, 2);
		[learner, other] = c.learners as [Person, Person];
		outsider = await makePerson(db);
	});

	it('refuses every bad statement with a 4xx and stores nothing', async () => {
		const lesson = course.scored;
		const good = statement(learner.id, lesson.id);
		const cases: [string, Promise<{ status: number; body: unknown }>, number, string][] = [
			['signed out', send(course, null, lesson.slug, good), 401, 'error_h5p_xapi_signed_out'],
			['another site', send(course, learner, lesson.slug, good, { origin: 'https://evil.example' }), 403, 'error_h5p_xapi_origin'],
			['no origin', send(course, learner, lesson.slug, good, { origin: null }), 403, 'error_h5p_xapi_origin'],
			['for another user', send(course, learner, lesson.slug, statement(other.id, lesson.id)), 403, 'error_h5p_xapi_actor'],
			['by a non-member (content they cannot access)', send(course, outsider, lesson.slug, statement(outsider.id, lesson.id)), 404, 'error_h5p_not_found'],
			['for a text lesson', send(course, learner, 'what-is-iwrm', statement(learner.id, lesson.id)), 404, 'error_h5p_not_found'],
			['for an unknown lesson', send(course, learner, 'no-such-lesson', good), 404, 'error_h5p_not_found'],
			['for another lesson’s activity', send(course, learner, lesson.slug, statement(learner.id, course.cards.id)), 403, 'error_h5p_xapi_object'],
			['with a score above its maximum', send(course, learner, lesson.slug, statement(learner.id, lesson.id, { raw: 3, max: 2 })), 422, 'error_h5p_xapi_score'],
			['malformed', send(course, learner, lesson.slug, '{"verb": 1}'), 400, 'error_h5p_xapi_malformed'],
			['too big', send(course, learner, lesson.slug, { ...good, pad: 'é'.repeat(MAX_STATEMENT_BYTES / 2) }), 413, 'error_h5p_xapi_too_large']
		];
		for (const [what, answer, status, message] of cases) {
			const a = await answer;
			expect({ what, status: a.status, body: a.body }).toEqual({ what, status, body: { message } });
		}
		expect(await statementsOf(learner.id)).toHaveLength(0);
		expect(await statementsOf(other.id)).toHaveLength(0);
		expect(await statementsOf(outsider.id)).toHaveLength(0);
		expect(await db.selectFrom('h5pResult').selectAll().execute()).toHaveLength(0);
	});

	it('refuses statements for content whose libraries wait for an administrator (it cannot play)', async () => {
		const lesson = course.scored;
		const library = await db
			.insertInto('h5pLibrary')
			.values({ machineName: 'Test.Waiting', majorVersion: 1, minorVersion: 0, patchVersion: 0, title: 'Waiting', metadata: '{}', status: 'pending' })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db.insertInto('h5pContentLibrary').values({ contentId: lesson.contentId, libraryId: library.id }).execute();
		try {
			const answer = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { raw: 1, max: 1 }));
			expect(answer).toMatchObject({ status: 404, body: { message: 'error_h5p_not_found' } });
			expect(await statementsOf(learner.id)).toHaveLength(0);
		} finally {
			await db.deleteFrom('h5pContentLibrary').where('libraryId', '=', library.id).execute();
			await db.deleteFrom('h5pLibrary').where('id', '=', library.id).execute();
		}
	});

	it('stores every statement and keeps the best scored top-level attempt', async () => {
		const lesson = course.scored;
		// Answered wrong (0/1): a result, not passed.
		let a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { raw: 0, max: 1, success: false }));
		expect(a).toMatchObject({ status: 200, body: { stored: true, changed: true, result: { raw: 0, max: 1, percent: 0, success: false, attempts: 1 } } });
		// A part of it, and an interaction without a score: stored, no result change.
		a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { sub: 'q-1', raw: 1, max: 1 }), { now: later(1) });
		expect(a).toMatchObject({ status: 200, body: { stored: true, changed: false, result: { percent: 0, attempts: 1 } } });
		a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { verb: 'interacted', noScore: true }), { now: later(2) });
		expect(a).toMatchObject({ status: 200, body: { stored: true, changed: false } });
		// Right (1/1): the best; then wrong again: the best stays, attempts count on.
		a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { raw: 1, max: 1, success: true }), { now: later(3) });
		expect(a).toMatchObject({ status: 200, body: { changed: true, result: { raw: 1, percent: 100, success: true, attempts: 2 } } });
		a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { raw: 0, max: 1, success: false }), { now: later(4) });
		expect(a).toMatchObject({ status: 200, body: { changed: false, result: { raw: 1, percent: 100, success: true, attempts: 3 } } });
		// `completed` counts too (QuestionSet's summed score), a part's `completed` does not.
		a = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { verb: 'completed', raw: 0, max: 9 }), { now: later(5) });
		expect(a).toMatchObject({ status: 200, body: { changed: false, result: { attempts: 4 } } });

		const stored = await statementsOf(learner.id);
		expect(stored).toHaveLength(6);
		expect(stored.map((s) => [s.verb, s.topLevel])).toEqual([
			['answered', true],
			['answered', false],
			['interacted', true],
			['answered', true],
			['answered', true],
			['completed', true]
		]);
		expect(stored.every((s) => s.cohortId !== null && s.contentId === lesson.contentId)).toBe(true);
		const result = await resultOf(learner.id, lesson.id);
		expect(result!.statementId).toBe(stored[3]!.id);
		expect(Number(result!.scaled)).toBe(1);
		expect(result!.firstAt).toEqual(NOW);
	});

	it('stores a repeated statement id once, even when the two arrive together', async () => {
		const lesson = course.scored;
		const id = randomUUID();
		const body = statement(other.id, lesson.id, { id, raw: 1, max: 2 });
		const answers = await Promise.all([send(course, other, lesson.slug, body), send(course, other, lesson.slug, body), send(course, other, lesson.slug, body)]);
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
		expect(answers.filter((a) => 'stored' in a.body && a.body.stored)).toHaveLength(1);
		expect(await statementsOf(other.id)).toHaveLength(1);
		expect((await resultOf(other.id, lesson.id))!.attempts).toBe(1);
		// The same id from someone else is a conflict, not theirs to overwrite.
		const stolen = await send(course, learner, lesson.slug, statement(learner.id, lesson.id, { id }));
		expect(stolen).toEqual({ status: 409, body: { message: 'error_h5p_xapi_duplicate_id' } });
	});

	it('answers staff of a cohort course without keeping records', async () => {
		const editor = await makePerson(db, { role: 'admin' });
		const a = await send(course, editor, course.scored.slug, statement(editor.id, course.scored.id));
		expect(a).toEqual({ status: 200, body: { stored: false, result: null, changed: false } });
		expect(await statementsOf(editor.id)).toHaveLength(0);
	});
});

describe('results in progress, completion and the gradebook', () => {
	// The scored activity must be passed; the on-view one counts as a (required) lesson.
	const RULES = { lessons: 'none', activities: ['self-check', 'dialog-cards'], weights: { 'self-check': 1 } };
	let course: Course;
	beforeAll(async () => {
		course = await h5pCourse(db, 'xapi-progress', RULES);
	});

	async function view(person: Person, lessonSlug: string, now: Date) {
		const page = await readLesson(db, course.slug, lessonSlug, actorOf(person), now);
		return db.transaction().execute((trx) => visitLesson(trx, actorOf(person), page.view!, now));
	}

	it('passes at the pass mark, completes the on-view activity when opened, and completes the course', async () => {
		const { cohort, learners } = await cohortWith(course, 1);
		const learner = learners[0]!;
		const ctx = { userId: learner.id, courseId: course.id, cohortId: cohort.id };

		// 1 of 2 = 50 %, under the pass mark of 60.
		await send(course, learner, 'self-check', statement(learner.id, course.scored.id, { raw: 1, max: 2 }));
		let facts = await courseFacts(db, ctx);
		const scored = () => facts.find((l) => l.slug === 'self-check')!;
		const cards = () => facts.find((l) => l.slug === 'dialog-cards')!;
		expect(scored()).toMatchObject({ kind: 'h5p', scored: true, percent: 50, passPercent: 60, completed: false });
		expect(cards()).toMatchObject({ kind: 'h5p', scored: false, completed: false, passPercent: null });
		expect(await completionsOf(db, learner.id, course.id)).toHaveLength(0);

		// The cards are opened: done, and the lesson page says so.
		const visit = await view(learner, 'dialog-cards', later(1));
		expect(visit).toMatchObject({ kind: 'h5p', completed: true, canMark: false });
		facts = await courseFacts(db, ctx);
		expect(cards().completed).toBe(true);
		expect(await completionsOf(db, learner.id, course.id)).toHaveLength(0);

		// 2 of 2: passed, and the course completes with the grade of the activity.
		const a = await send(course, learner, 'self-check', statement(learner.id, course.scored.id, { raw: 2, max: 2 }), { now: later(2) });
		expect(a).toMatchObject({ status: 200, body: { changed: true, result: { percent: 100 } } });
		facts = await courseFacts(db, ctx);
		expect(scored()).toMatchObject({ percent: 100, completed: true });
		const done = await completionsOf(db, learner.id, course.id);
		expect(done).toHaveLength(1);
		expect(done[0]!.completedAt).toEqual(later(2));
		expect(Number(done[0]!.finalGrade)).toBe(100);
	});

	it('completes the course on the view that finishes it', async () => {
		const { cohort, learners } = await cohortWith(course, 1);
		const learner = learners[0]!;
		await send(course, learner, 'self-check', statement(learner.id, course.scored.id, { raw: 1, max: 1 }));
		expect(await completionsOf(db, learner.id, course.id)).toHaveLength(0);
		await view(learner, 'dialog-cards', later(5));
		const done = await completionsOf(db, learner.id, course.id);
		expect(done.map((c) => [c.cohortId, c.completedAt])).toEqual([[cohort.id, later(5)]]);
	});

	it('shows scored activities as gradebook columns (with overrides and CSV), on-view ones as lessons', async () => {
		const { cohort, facilitator, learners } = await cohortWith(course, 3);
		const [ann, ben, cat] = learners as [Person, Person, Person];
		await db.updateTable('appUser').set({ name: 'Ann' }).where('id', '=', ann.id).execute();
		await db.updateTable('appUser').set({ name: 'Ben' }).where('id', '=', ben.id).execute();
		await db.updateTable('appUser').set({ name: 'Cat' }).where('id', '=', cat.id).execute();
		// Ann: 3/4 then 1/4 (best 75, passed), cards opened. Ben: 1/4 (failed). Cat: opened it, no score yet.
		await send(course, ann, 'self-check', statement(ann.id, course.scored.id, { raw: 3, max: 4 }));
		await send(course, ann, 'self-check', statement(ann.id, course.scored.id, { raw: 1, max: 4 }), { now: later(1) });
		await view(ann, 'dialog-cards', later(2));
		await send(course, ben, 'self-check', statement(ben.id, course.scored.id, { raw: 1, max: 4 }));
		await view(cat, 'self-check', later(3));
		// Saved player state alone is not activity the gradebook reads (it does not move the page cache's version).
		await db
			.insertInto('h5pUserState')
			.values({ userId: cat.id, lessonId: course.scored.id, cohortId: cohort.id, contentId: course.scored.contentId, state: '{"answer":null}', updatedAt: later(4) })
			.execute();

		const book = await gradebook(db, cohort, { now: later(10) });
		expect(book.items.map((i) => [i.slug, i.kind, i.passPercent])).toEqual([['self-check', 'h5p', 60]]);
		const row = (name: string) => book.rows.find((r) => r.name === name)!;
		const cell = (name: string) => row(name).cells[course.scored.id]!;
		expect(cell('Ann')).toMatchObject({ status: 'passed', percent: 75, count: 2, completed: true });
		expect(cell('Ben')).toMatchObject({ status: 'failed', percent: 25, count: 1, completed: false });
		expect(cell('Cat')).toMatchObject({ status: 'in_progress', percent: null, completed: false });
		// Ann: the activity passed and the cards opened.
		expect(row('Ann').lessonsCompleted).toBe(2);
		expect(row('Ben').lessonsCompleted).toBe(0);
		expect(row('Ann').currentGrade).toBe(75);
		expect(row('Cat').lastActivityAt).toEqual(later(3));

		// A facilitator overrides Ben's grade: it counts, and completes nothing without the cards.
		const actor = actorOf(facilitator);
		const o = await db.transaction().execute((trx) => overrideGrade(trx, actor, cohort, ben.id, course.scored.id, 80, 'Answered orally', later(11)));
		expect(o).toMatchObject({ percent: 80, previousPercent: 25, completion: { complete: false } });
		// The on-view activity has no grade to override.
		await expect(
			db.transaction().execute((trx) => overrideGrade(trx, actor, cohort, ben.id, course.cards.id, 80, 'Answered orally', later(11)))
		).rejects.toThrow(NotFoundError);

		const after = await gradebook(db, cohort, { now: later(12) });
		expect(after.rows.find((r) => r.name === 'Ben')!.cells[course.scored.id]).toMatchObject({ status: 'overridden', percent: 80, earned: 25, completed: true });

		const csv = await gradebookCsv(db, cohort, 'en', { now: later(12) });
		const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
		expect(lines[0]).toContain('Activity self-check');
		expect(lines[0]).not.toContain('Activity dialog-cards');
		expect(lines.find((l) => l.startsWith('Ann'))).toContain('75,Passed');

		const detail = await learnerDetail(db, cohort, ann.id, later(12));
		const item = detail.items.find((i) => i.lessonId === course.scored.id)!;
		expect(item.h5p).toMatchObject({ raw: 3, max: 4, percent: 75, attempts: 2, statements: 2 });
		expect(detail.items.find((i) => i.lessonId === course.cards.id)).toBeUndefined();
	});

	it('exports a cohort’s statements as an xAPI JSON array (its own only, oldest first)', async () => {
		const { cohort, learners } = await cohortWith(course, 2);
		const [a, b] = learners as [Person, Person];
		const first = randomUUID();
		await send(course, a, 'self-check', { ...statement(a.id, course.scored.id, { id: first }), timestamp: '2026-12-10T08:59:59.000Z' });
		await send(course, b, 'self-check', statement(b.id, course.scored.id), { now: later(1) });
		await send(course, a, 'self-check', statement(a.id, course.scored.id, { sub: 'part-1' }), { now: later(2) });

		const all = await cohortStatementsJson(db, cohort.id);
		expect(all).toHaveLength(3);
		expect(all[0]).toMatchObject({ id: first, timestamp: '2026-12-10T08:59:59.000Z', stored: NOW.toISOString(), actor: { mbox: `mailto:${a.id}@users.bilim.invalid` } });
		expect(all[1]).toMatchObject({ timestamp: later(1).toISOString(), stored: later(1).toISOString(), verb: { id: 'http://adlnet.gov/expapi/verbs/answered' } });
		expect((all[2]!.object as { id: string }).id).toBe(`${ORIGIN}/h5p/activity/${course.scored.id}?subContentId=part-1`);

		// Streamed page by page, it is the same valid JSON.
		const text = await new Response(cohortStatementsStream(db, cohort.id, 2)).text();
		expect(JSON.parse(text)).toEqual(all);
		const empty = await makeCohort(db, course.id);
		expect(JSON.parse(await new Response(cohortStatementsStream(db, empty.id)).text())).toEqual([]);
	});
});


describe('the completion rules form', () => {
	it('lists scored activities (not on-view ones) to pass and to weigh', async () => {
		const course = await h5pCourse(db, 'xapi-rules-form');
		const items = await listGradedItems(db, course.id);
		expect(items).toEqual([{ slug: 'self-check', title: 'Activity self-check', kind: 'h5p', required: true, passPercent: 60 }]);
		expect(completionFormValues(null, items).values).toEqual({ lessons: 'required', 'activity.self-check': 'yes', 'weight.self-check': '1' });
		expect(completionFormValues({ activities: [] }, items).values['activity.self-check']).toBe('');
		expect(completionFromForm({ lessons: 'required', 'activity.self-check': 'yes', 'weight.self-check': '2' }, items)).toEqual({
			ok: true,
			rules: { lessons: 'required', quizzes: [], activities: ['self-check'], assignments: {}, weights: { 'self-check': 2 } }
		});
		expect(completionFromForm({ lessons: 'none' }, items)).toMatchObject({ ok: true, rules: { activities: [], weights: {} } });
	});
});
