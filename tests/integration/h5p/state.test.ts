import { describe, expect, it } from 'vitest';
import { findH5pState, MAX_STATE_CHARS, parseStateBody, receiveState } from '../../../src/lib/server/h5p/state';
import { findH5pLesson } from '../../../src/lib/server/h5p/activity';
import { enrol } from '../assessments/assignment-fixtures';
import { importTestCourse, makeCohort, makePerson } from '../cohorts/enrolment-fixtures';
import { testDatabase } from '../test-db';
import { addContent, addH5pLesson, h5pCourse, ORIGIN } from './xapi-fixtures';

const db = await testDatabase();

const course = await h5pCourse(db, 'h5p-state');
const cohort = await makeCohort(db, course.id, { status: 'running' });
const learner = await makePerson(db);
await enrol(db, cohort.id, learner.id);
const stranger = await makePerson(db);
const admin = await makePerson(db, { role: 'admin' });
const where = { courseSlug: course.slug, lessonSlug: course.scored.slug };
const request = { origin: ORIGIN, requestOrigin: ORIGIN };
const ctx = { userId: learner.id, courseId: course.id, cohortId: cohort.id };
const body = (state: unknown) => JSON.stringify({ state });

describe('parseStateBody', () => {
	it('takes a JSON text, or null to forget', () => {
		expect(parseStateBody(body('{"answer":true}'))).toEqual({ ok: true, state: '{"answer":true}' });
		expect(parseStateBody(body(null))).toEqual({ ok: true, state: null });
		expect(parseStateBody(body('[]'))).toEqual({ ok: true, state: '[]' });
	});

	it('refuses anything else, saying why', () => {
		expect(parseStateBody('not json')).toMatchObject({ ok: false, status: 400, key: 'error_h5p_state_malformed' });
		expect(parseStateBody('[]')).toMatchObject({ ok: false, status: 400, key: 'error_h5p_state_malformed' });
		expect(parseStateBody('{}')).toMatchObject({ ok: false, status: 400, key: 'error_h5p_state_malformed' });
		expect(parseStateBody(body({ answer: true }))).toMatchObject({ ok: false, status: 400, key: 'error_h5p_state_malformed' });
		expect(parseStateBody(body('{answer'))).toMatchObject({ ok: false, status: 400, key: 'error_h5p_state_not_json' });
		const big = JSON.stringify('x'.repeat(MAX_STATE_CHARS));
		expect(parseStateBody(body(big))).toMatchObject({ ok: false, status: 413, key: 'error_h5p_state_too_large' });
	});
});

describe('receiveState', () => {
	it('keeps the learner state per activity and context, and replaces it', async () => {
		expect(await receiveState(db, learner, where, body('{"answer":true}'), request)).toEqual({ status: 200, body: { saved: true } });
		expect(await findH5pState(db, ctx, course.scored.id, course.scored.contentId)).toBe('{"answer":true}');
		expect(await receiveState(db, learner, where, body('{"answer":false}'), request)).toEqual({ status: 200, body: { saved: true } });
		expect(await findH5pState(db, ctx, course.scored.id, course.scored.contentId)).toBe('{"answer":false}');
		const rows = await db.selectFrom('h5pUserState').selectAll().where('userId', '=', learner.id).execute();
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({ lessonId: course.scored.id, cohortId: cohort.id, contentId: course.scored.contentId });
	});

	it('forgets it on null', async () => {
		await receiveState(db, learner, where, body('{"answer":true}'), request);
		expect(await receiveState(db, learner, where, body(null), request)).toEqual({ status: 200, body: { saved: true } });
		expect(await findH5pState(db, ctx, course.scored.id, course.scored.contentId)).toBeNull();
	});

	it('does not give state kept for an earlier package to a new one', async () => {
		await receiveState(db, learner, where, body('{"answer":true}'), request);
		const replacement = await addContent(db, course.id, 'New package');
		expect(await findH5pState(db, ctx, course.scored.id, replacement.id)).toBeNull();
	});

	it('refuses other sites, visitors, lessons that are not H5P or not open to the reader, and bad bodies, storing nothing', async () => {
		await db.deleteFrom('h5pUserState').execute();
		const state = body('{"answer":true}');
		expect(await receiveState(db, learner, where, state, { origin: ORIGIN, requestOrigin: 'https://evil.example' })).toEqual({
			status: 403,
			body: { message: 'error_h5p_state_origin' }
		});
		expect(await receiveState(db, learner, where, state, { origin: ORIGIN, requestOrigin: null })).toMatchObject({ status: 403 });
		expect(await receiveState(db, null, where, state, request)).toEqual({ status: 401, body: { message: 'error_h5p_state_signed_out' } });
		// Not a member of the cohort course: the lesson is closed to them.
		expect(await receiveState(db, stranger, where, state, request)).toEqual({ status: 404, body: { message: 'error_h5p_not_found' } });
		// A text lesson of the course.
		const text = await db.selectFrom('lesson').innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id').select('lesson.slug').where('lesson.courseId', '=', course.id).where('lessonItem.kind', '=', 'text').executeTakeFirstOrThrow();
		expect(await receiveState(db, learner, { ...where, lessonSlug: text.slug }, state, request)).toMatchObject({ status: 404 });
		expect(await receiveState(db, learner, { ...where, lessonSlug: 'no-such-lesson' }, state, request)).toMatchObject({ status: 404 });
		expect(await receiveState(db, learner, { ...where, courseSlug: 'no-such-course' }, state, request)).toMatchObject({ status: 404 });
		expect(await receiveState(db, learner, where, 'nope', request)).toMatchObject({ status: 400 });
		expect(await receiveState(db, learner, where, body(JSON.stringify('x'.repeat(MAX_STATE_CHARS))), request)).toMatchObject({ status: 413 });
		expect(await db.selectFrom('h5pUserState').selectAll().execute()).toHaveLength(0);
	});

	it('keeps nothing for staff reading a cohort course', async () => {
		expect(await receiveState(db, admin, where, body('{"answer":true}'), request)).toEqual({ status: 200, body: { saved: false } });
		expect(await db.selectFrom('h5pUserState').selectAll().where('userId', '=', admin.id).execute()).toHaveLength(0);
	});

	it('keeps state without a cohort in an open course', async () => {
		const open = await importTestCourse(db, 'h5p-state-open', 'open');
		const lesson = await addH5pLesson(db, open, open.modules[0]!.id, { slug: 'check', position: 5 });
		const reader = await makePerson(db);
		const answer = await receiveState(db, reader, { courseSlug: open.slug, lessonSlug: 'check' }, body('{"answer":1}'), request);
		expect(answer).toEqual({ status: 200, body: { saved: true } });
		expect(await findH5pState(db, { userId: reader.id, courseId: open.id, cohortId: null }, lesson.id, lesson.contentId)).toBe('{"answer":1}');
	});
});

describe('findH5pLesson', () => {
	it('finds H5P lessons with their settings and content, and nothing else', async () => {
		const found = await findH5pLesson(db, course.id, course.scored.slug);
		expect(found).toMatchObject({
			id: course.scored.id,
			settings: { contentId: course.scored.contentId, completion: 'score', passPercent: 60 },
			content: { title: 'Oslo quiz', mainLibrary: 'H5P.TrueFalse 1.6' }
		});
		expect(await findH5pLesson(db, course.id, 'no-such-lesson')).toBeUndefined();
	});

	it('gives no settings when the item names content of another course', async () => {
		const other = await importTestCourse(db, 'h5p-state-other', 'open');
		const foreign = await addContent(db, other.id);
		await addH5pLesson(db, course, course.modules[0]!.id, { slug: 'borrowed', position: 7, contentId: foreign.id });
		expect(await findH5pLesson(db, course.id, 'borrowed')).toMatchObject({ settings: null, content: null });
	});
});
