import { db } from '$lib/server/db';
import {
	CriterionSchema,
	DeleteCriterionSchema,
	DeleteQuestionSchema,
	EditCriterionSchema,
	EditQuestionSchema,
	MoveCriterionSchema,
	MoveQuestionSchema,
	QuestionSchema
} from '$lib/schemas/cohort-admin';
import * as form from '$lib/server/cohorts/application-form';
import { cohortAction, loadManagedCohort } from '../../cohort-route';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
	const { cohort } = await loadManagedCohort(event);
	const [questions, criteria] = await Promise.all([form.listQuestions(db, cohort.id), form.listCriteria(db, cohort.id)]);
	return { cohort: { slug: cohort.slug, name: cohort.name, enrolmentMode: cohort.enrolmentMode }, questions, criteria };
};

export const actions = {
	addQuestion: cohortAction(QuestionSchema, 'questionAdded', (trx, user, slug, input) => form.createQuestion(trx, user, slug, input)),
	editQuestion: cohortAction(EditQuestionSchema, 'questionSaved', (trx, user, slug, { questionId, ...input }) =>
		form.updateQuestion(trx, user, slug, questionId, input)
	),
	deleteQuestion: cohortAction(DeleteQuestionSchema, 'questionDeleted', (trx, user, slug, input) =>
		form.deleteQuestion(trx, user, slug, input.questionId)
	),
	moveQuestion: cohortAction(MoveQuestionSchema, 'questionMoved', (trx, user, slug, input) =>
		form.moveQuestion(trx, user, slug, input.questionId, input.direction)
	),
	addCriterion: cohortAction(CriterionSchema, 'criterionAdded', (trx, user, slug, input) => form.createCriterion(trx, user, slug, input)),
	editCriterion: cohortAction(EditCriterionSchema, 'criterionSaved', (trx, user, slug, { criterionId, ...input }) =>
		form.updateCriterion(trx, user, slug, criterionId, input)
	),
	deleteCriterion: cohortAction(DeleteCriterionSchema, 'criterionDeleted', (trx, user, slug, input) =>
		form.deleteCriterion(trx, user, slug, input.criterionId)
	),
	moveCriterion: cohortAction(MoveCriterionSchema, 'criterionMoved', (trx, user, slug, input) =>
		form.moveCriterion(trx, user, slug, input.criterionId, input.direction)
	)
} satisfies Actions;
