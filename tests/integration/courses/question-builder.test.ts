import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../../src/lib/server/courses/access';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { deleteQuizQuestion, getQuizQuestion, moveQuizQuestion, saveQuizQuestion } from '../../../src/lib/server/courses/item-editor';
import { addLesson, addModule } from '../../../src/lib/server/courses/outline';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import type { Quiz } from '../../../src/lib/server/quizzes/model';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

/** The quiz question builder: one question at a time, saved into the stored quiz with a revision. */

const db = await testDatabase();
const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

async function person(role: Role, organisationId: string | null): Promise<Actor> {
	const user = await makeUser(db, { role });
	await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
	return { id: user.id, role, organisationId };
}

let author: Actor;
let otherAuthor: Actor;
let learner: Actor;
let courseSlug = '';
let quizId = '';

async function stored() {
	const item = await db.selectFrom('lessonItem').select('data').where('lessonId', '=', quizId).executeTakeFirstOrThrow();
	return item.data as unknown as Quiz;
}
const revisions = async () =>
	Number((await db.selectFrom('lessonRevision').select((eb) => eb.fn.countAll().as('n')).where('lessonId', '=', quizId).executeTakeFirstOrThrow()).n);
const ids = async () => (await stored()).questions.map((q) => q.id);

const SINGLE = {
	type: 'single_choice',
	prompt: 'Which unit does IWRM use to plan water management?',
	'choice-0-text': 'The river basin',
	'choice-1-text': 'The administrative district',
	'choice-2-text': '',
	correct: '0',
	rows: '4'
};
const NUMERIC = { type: 'numeric', id: 'drip', prompt: 'About what percentage of the water does drip irrigation bring?', answer: '90', tolerance: '5', unit: '%' };

beforeAll(async () => {
	const org = await makeOrganisation(db);
	author = await person('author', org.id);
	otherAuthor = await person('author', (await makeOrganisation(db)).id);
	learner = await person('learner', null);
	courseSlug = (await tx((trx) => createCourse(trx, author, { title: 'Question builder', language: 'en' }))).slug;
	const moduleId = (await tx((trx) => addModule(trx, author, courseSlug, 'Practice'))).id;
	quizId = (await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Check', 'quiz'))).id;
});

describe('the question builder', () => {
	it('adds questions at the end, each save a revision', async () => {
		const before = await revisions();
		const single = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'new', SINGLE));
		expect(single).toEqual({ ok: true, slug: 'check', questionId: 'which-unit-does-iwrm-use-to' });
		const numeric = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'new', NUMERIC));
		expect(numeric).toMatchObject({ ok: true, questionId: 'drip' });
		expect(await ids()).toEqual(['question-1', 'which-unit-does-iwrm-use-to', 'drip']);
		expect((await stored()).questions[2]).toMatchObject({ type: 'numeric', answer: 90, tolerance: 5, unit: '%' });
		expect(await revisions()).toBe(before + 2);
		const revision = await db.selectFrom('lessonRevision').select('body').where('lessonId', '=', quizId).orderBy('createdAt', 'desc').executeTakeFirstOrThrow();
		expect(revision.body).toContain('id: drip');
	});

	it('edits a question in place, keeping the other questions as they are stored', async () => {
		const before = await stored();
		const result = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'drip', { ...NUMERIC, answer: '85', type: 'true_false' }));
		expect(result).toMatchObject({ ok: true, questionId: 'drip' });
		const after = await stored();
		// the forged type is ignored: the question stays numeric
		expect(after.questions[2]).toMatchObject({ type: 'numeric', answer: 85 });
		expect(after.questions.slice(0, 2)).toEqual(before.questions.slice(0, 2));
		expect(after.settings).toEqual(before.settings);
	});

	it('refuses bad input by field and stores nothing', async () => {
		const before = await stored();
		const count = await revisions();
		const noCorrect = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'new', { ...SINGLE, correct: '' }));
		expect(noCorrect).toEqual({ ok: false, errors: { choices: 'error_builder_correct_one' }, params: {} });
		const taken = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'new', { ...NUMERIC }));
		expect(taken).toEqual({ ok: false, errors: { id: 'error_builder_id_taken' }, params: { id: { number: 3 } } });
		const forged = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'new', { ...NUMERIC, id: '', type: 'essay' }));
		expect(forged).toEqual({ ok: false, errors: { type: 'error_builder_type_unknown' }, params: {} });
		const huge = await tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'drip', { ...NUMERIC, prompt: 'x'.repeat(50_000) }));
		expect(huge).toMatchObject({ ok: false, errors: { prompt: 'error_builder_too_long' } });
		expect(await rejection(tx((trx) => saveQuizQuestion(trx, author, courseSlug, quizId, 'gone', NUMERIC)))).toBeInstanceOf(NotFoundError);
		expect(await stored()).toEqual(before);
		expect(await revisions()).toBe(count);
	});

	it('moves a question up and down; at either end nothing changes', async () => {
		await tx((trx) => moveQuizQuestion(trx, author, courseSlug, quizId, 'drip', 'up'));
		expect(await ids()).toEqual(['question-1', 'drip', 'which-unit-does-iwrm-use-to']);
		const count = await revisions();
		await tx((trx) => moveQuizQuestion(trx, author, courseSlug, quizId, 'question-1', 'up'));
		expect(await revisions()).toBe(count);
		await tx((trx) => moveQuizQuestion(trx, author, courseSlug, quizId, 'question-1', 'down'));
		expect(await ids()).toEqual(['drip', 'question-1', 'which-unit-does-iwrm-use-to']);
	});

	it('deletes a question, but never the last one, nor one the draw needs', async () => {
		await tx((trx) => deleteQuizQuestion(trx, author, courseSlug, quizId, 'question-1'));
		expect(await ids()).toEqual(['drip', 'which-unit-does-iwrm-use-to']);
		// a draw of two questions needs both
		const quiz = await stored();
		await db
			.updateTable('lessonItem')
			.set({ data: JSON.stringify({ ...quiz, settings: { ...quiz.settings, draw: 2 } }) })
			.where('lessonId', '=', quizId)
			.execute();
		const drawn = await rejection(tx((trx) => deleteQuizQuestion(trx, author, courseSlug, quizId, 'drip')));
		expect(drawn).toBeInstanceOf(ValidationError);
		expect((drawn as ValidationError).message).toBe('error_builder_delete_draw');
		await db.updateTable('lessonItem').set({ data: JSON.stringify(quiz) }).where('lessonId', '=', quizId).execute();
		await tx((trx) => deleteQuizQuestion(trx, author, courseSlug, quizId, 'drip'));
		const last = await rejection(tx((trx) => deleteQuizQuestion(trx, author, courseSlug, quizId, 'which-unit-does-iwrm-use-to')));
		expect((last as ValidationError).message).toBe('error_builder_last_question');
		expect(await ids()).toEqual(['which-unit-does-iwrm-use-to']);
	});

	it('opens a question for its editors only, and 404s one that does not exist', async () => {
		const view = await getQuizQuestion(db, author, courseSlug, 'check', 'which-unit-does-iwrm-use-to');
		expect(view.index).toBe(0);
		expect((await getQuizQuestion(db, author, courseSlug, 'check', 'new')).index).toBeNull();
		expect(await rejection(getQuizQuestion(db, author, courseSlug, 'check', 'nope'))).toBeInstanceOf(NotFoundError);
		for (const actor of [learner, otherAuthor]) {
			expect(await rejection(getQuizQuestion(db, actor, courseSlug, 'check', 'new'))).toBeInstanceOf(ForbiddenError);
			expect(await rejection(tx((trx) => saveQuizQuestion(trx, actor, courseSlug, quizId, 'new', NUMERIC)))).toBeInstanceOf(ForbiddenError);
			expect(await rejection(tx((trx) => moveQuizQuestion(trx, actor, courseSlug, quizId, 'drip', 'up')))).toBeInstanceOf(ForbiddenError);
			expect(await rejection(tx((trx) => deleteQuizQuestion(trx, actor, courseSlug, quizId, 'which-unit-does-iwrm-use-to')))).toBeInstanceOf(ForbiddenError);
		}
		expect(await ids()).toEqual(['which-unit-does-iwrm-use-to']);
	});
});
