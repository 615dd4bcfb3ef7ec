import { sql, type Transaction } from 'kysely';
import {
	CHOICE_KINDS,
	MAX_HELP,
	MAX_LABEL,
	MAX_NAME,
	QUESTION_KINDS,
	questionProblems,
	type CriterionInput,
	type QuestionInput
} from '../../schemas/cohort-admin';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { lockManagedCohort } from './cohorts';

/**
 * What a cohort asks its applicants beyond the fixed fields (questions), and how reviewers
 * score them (the rubric's weighted criteria). Both are ordered lists kept by `position`
 * (1, 2, 3 ... with no gaps), changed under the cohort's row lock.
 */

type Who = Actor | null | undefined;
type Ordered = 'applicationQuestion' | 'reviewCriterion';

export async function listQuestions(db: Database, cohortId: string) {
	return db
		.selectFrom('applicationQuestion')
		.select(['id', 'position', 'kind', 'label', 'help', 'options', 'required'])
		.where('cohortId', '=', cohortId)
		.orderBy('position')
		.execute();
}

export async function listCriteria(db: Database, cohortId: string) {
	return db
		.selectFrom('reviewCriterion')
		.select(['id', 'position', 'title', 'description', 'weight'])
		.where('cohortId', '=', cohortId)
		.orderBy('position')
		.execute();
}

function questionValues(input: QuestionInput) {
	const label = input.label.trim();
	if (!label) throw new ValidationError('label', 'error_required');
	if (label.length > MAX_LABEL) throw new ValidationError('label', 'error_too_long');
	if (input.help.length > MAX_HELP) throw new ValidationError('help', 'error_too_long');
	if (!QUESTION_KINDS.includes(input.kind)) throw new ValidationError('kind', 'error_question_kind_unknown');
	const options = input.options.map((o) => o.trim()).filter(Boolean);
	const problem = questionProblems({ kind: input.kind, options })[0];
	if (problem) throw new ValidationError(problem.field, problem.key, problem.params);
	return {
		kind: input.kind,
		label,
		help: input.help.trim(),
		// Text questions keep no options, whatever the form sent.
		options: JSON.stringify(CHOICE_KINDS.includes(input.kind) ? options : []),
		required: input.required
	};
}

function criterionValues(input: CriterionInput) {
	const title = input.title.trim();
	if (!title) throw new ValidationError('title', 'error_required');
	if (title.length > MAX_NAME) throw new ValidationError('title', 'error_too_long');
	if (input.description.length > MAX_HELP) throw new ValidationError('description', 'error_too_long');
	if (!Number.isFinite(input.weight) || input.weight <= 0 || input.weight > 100) {
		throw new ValidationError('weight', 'error_weight_invalid');
	}
	return { title, description: input.description.trim(), weight: input.weight };
}

async function nextPosition(trx: Transaction<DB>, table: Ordered, cohortId: string) {
	const row = await trx
		.selectFrom(table)
		.select(sql<number>`coalesce(max(position), 0) + 1`.as('next'))
		.where('cohortId', '=', cohortId)
		.executeTakeFirstOrThrow();
	return Number(row.next);
}

/** Numbers the remaining rows 1, 2, 3 ... after a deletion. */
async function renumber(trx: Transaction<DB>, table: Ordered, cohortId: string) {
	await sql`update ${sql.table(table === 'applicationQuestion' ? 'application_question' : 'review_criterion')} t
		set position = r.n
		from (select id, row_number() over (order by position, id) as n from ${sql.table(
			table === 'applicationQuestion' ? 'application_question' : 'review_criterion'
		)} where cohort_id = ${cohortId}) r
		where t.id = r.id and t.position <> r.n`.execute(trx);
}

/** Swaps a row with its neighbour above or below; at either end nothing moves. */
async function move(trx: Transaction<DB>, table: Ordered, cohortId: string, id: string, direction: 'up' | 'down', notFound: string) {
	const rows = await trx.selectFrom(table).select(['id', 'position']).where('cohortId', '=', cohortId).orderBy('position').execute();
	const i = rows.findIndex((r) => r.id === id);
	if (i === -1) throw new NotFoundError(notFound);
	const j = direction === 'up' ? i - 1 : i + 1;
	const here = rows[i]!;
	const there = rows[j];
	if (!there) return;
	await trx.updateTable(table).set({ position: there.position }).where('id', '=', here.id).execute();
	await trx.updateTable(table).set({ position: here.position }).where('id', '=', there.id).execute();
}

export async function createQuestion(trx: Transaction<DB>, actor: Who, slug: string, input: QuestionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const values = questionValues(input);
	return trx
		.insertInto('applicationQuestion')
		.values({ cohortId: cohort.id, position: await nextPosition(trx, 'applicationQuestion', cohort.id), ...values })
		.returning('id')
		.executeTakeFirstOrThrow();
}

/**
 * Changes a question. Answers already given stay as they were typed (an answer to a removed
 * option still shows in the application).
 */
export async function updateQuestion(trx: Transaction<DB>, actor: Who, slug: string, questionId: string, input: QuestionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx
		.updateTable('applicationQuestion')
		.set(questionValues(input))
		.where('id', '=', questionId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!result.numUpdatedRows) throw new NotFoundError('error_question_not_found');
}

export async function deleteQuestion(trx: Transaction<DB>, actor: Who, slug: string, questionId: string) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const result = await trx
		.deleteFrom('applicationQuestion')
		.where('id', '=', questionId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_question_not_found');
	await renumber(trx, 'applicationQuestion', cohort.id);
}

export async function moveQuestion(trx: Transaction<DB>, actor: Who, slug: string, questionId: string, direction: 'up' | 'down') {
	const cohort = await lockManagedCohort(trx, actor, slug);
	await move(trx, 'applicationQuestion', cohort.id, questionId, direction, 'error_question_not_found');
}

/**
 * Once a reviewer has submitted scores, the rubric's criteria and weights stay as they were
 * scored against (adding, removing or reweighting would make the averages meaningless);
 * titles and descriptions can still be corrected.
 */
async function assertRubricUnscored(trx: Transaction<DB>, cohortId: string) {
	const scored = await trx
		.selectFrom('reviewAssignment')
		.innerJoin('application', 'application.id', 'reviewAssignment.applicationId')
		.select('reviewAssignment.applicationId')
		.where('application.cohortId', '=', cohortId)
		.where('reviewAssignment.submittedAt', 'is not', null)
		.limit(1)
		.executeTakeFirst();
	if (scored) throw new ConflictError('error_rubric_scored');
}

export async function createCriterion(trx: Transaction<DB>, actor: Who, slug: string, input: CriterionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const values = criterionValues(input);
	await assertRubricUnscored(trx, cohort.id);
	return trx
		.insertInto('reviewCriterion')
		.values({ cohortId: cohort.id, position: await nextPosition(trx, 'reviewCriterion', cohort.id), ...values })
		.returning('id')
		.executeTakeFirstOrThrow();
}

export async function updateCriterion(trx: Transaction<DB>, actor: Who, slug: string, criterionId: string, input: CriterionInput) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	const values = criterionValues(input);
	const current = await trx
		.selectFrom('reviewCriterion')
		.select('weight')
		.where('id', '=', criterionId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!current) throw new NotFoundError('error_criterion_not_found');
	if (Number(current.weight) !== values.weight) await assertRubricUnscored(trx, cohort.id);
	const result = await trx
		.updateTable('reviewCriterion')
		.set(values)
		.where('id', '=', criterionId)
		.where('cohortId', '=', cohort.id)
		.executeTakeFirst();
	if (!result.numUpdatedRows) throw new NotFoundError('error_criterion_not_found');
}

export async function deleteCriterion(trx: Transaction<DB>, actor: Who, slug: string, criterionId: string) {
	const cohort = await lockManagedCohort(trx, actor, slug);
	await assertRubricUnscored(trx, cohort.id);
	const result = await trx.deleteFrom('reviewCriterion').where('id', '=', criterionId).where('cohortId', '=', cohort.id).executeTakeFirst();
	if (!result.numDeletedRows) throw new NotFoundError('error_criterion_not_found');
	await renumber(trx, 'reviewCriterion', cohort.id);
}

export async function moveCriterion(trx: Transaction<DB>, actor: Who, slug: string, criterionId: string, direction: 'up' | 'down') {
	const cohort = await lockManagedCohort(trx, actor, slug);
	await move(trx, 'reviewCriterion', cohort.id, criterionId, direction, 'error_criterion_not_found');
}
