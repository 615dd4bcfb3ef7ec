import type { Transaction } from 'kysely';
import type { Database } from '../db/connect';
import type { DB } from '../db/schema';
import { ConflictError, NotFoundError, ValidationError } from '../errors';
import type { Actor } from '../courses/access';
import { checkScores, InvalidFieldsError, isUuid, REVIEW_COMMENT_MAX, weightedScore } from './admission-rules';
import { listQuestions } from './applications';
import { assertCohortManager } from './decisions';
import type { Cohort } from '../db/schema';

/**
 * Review: managers assign reviewers to submitted applications; a reviewer scores each
 * criterion of the cohort's rubric 0-5 and may revise until the decision is released.
 * To avoid anchoring, a reviewer sees the other reviewers' scores and comments only after
 * submitting their own. Comments are for the application's reviewers and the cohort's
 * managers; nothing here is ever shown to the applicant.
 */

const uniqueIds = (ids: string[]) => [...new Set(ids)];

/**
 * Assigns one reviewer (by email: an existing, active account, not the applicant) to
 * submitted applications of this cohort. Assigning again changes nothing.
 */
export async function assignReviewers(
	trx: Transaction<DB>,
	actor: Actor,
	cohort: Cohort,
	applicationIds: string[],
	reviewerEmail: string,
	now: Date
) {
	await assertCohortManager(trx, actor, cohort.id);
	const ids = uniqueIds(applicationIds);
	if (ids.length === 0) throw new ConflictError('error_select_applications');
	if (!ids.every(isUuid)) throw new NotFoundError('error_application_not_found');
	const email = reviewerEmail.trim().toLowerCase();
	const reviewer = email
		? await trx
				.selectFrom('appUser')
				.select(['id', 'name', 'email'])
				.where('email', '=', email)
				.where('deactivatedAt', 'is', null)
				.executeTakeFirst()
		: undefined;
	if (!reviewer) throw new ValidationError('reviewerEmail', 'error_reviewer_unknown');
	const apps = await trx
		.selectFrom('application')
		.select(['id', 'userId', 'status'])
		.where('id', 'in', ids)
		.where('cohortId', '=', cohort.id)
		.execute();
	if (apps.length !== ids.length) throw new NotFoundError('error_application_not_found');
	if (apps.some((a) => a.status !== 'submitted')) throw new ConflictError('error_applications_not_submitted');
	if (apps.some((a) => a.userId === reviewer.id)) throw new ConflictError('error_reviewer_is_applicant');
	const added = await trx
		.insertInto('reviewAssignment')
		.values(ids.map((applicationId) => ({ applicationId, reviewerId: reviewer.id, assignedBy: actor.id, assignedAt: now })))
		.onConflict((oc) => oc.columns(['applicationId', 'reviewerId']).doNothing())
		.returning('applicationId')
		.execute();
	return { reviewer, assigned: added.length };
}

/** Takes a reviewer off an application (their scores, if any, go with them). */
export async function unassignReviewer(
	trx: Transaction<DB>,
	actor: Actor,
	cohort: Cohort,
	applicationId: string,
	reviewerId: string
) {
	await assertCohortManager(trx, actor, cohort.id);
	if (!isUuid(applicationId) || !isUuid(reviewerId)) throw new NotFoundError('error_assignment_not_found');
	const gone = await trx
		.deleteFrom('reviewAssignment')
		.where('applicationId', '=', applicationId)
		.where('reviewerId', '=', reviewerId)
		.where('applicationId', 'in', (eb) => eb.selectFrom('application').select('id').where('cohortId', '=', cohort.id))
		.returning('reviewerId')
		.executeTakeFirst();
	if (!gone) throw new NotFoundError('error_assignment_not_found');
}

/** The application as its reviewers (and managers) read it: every field and answer, with the applicant's name. */
export async function applicationContent(db: Database, applicationId: string) {
	return db
		.selectFrom('application as a')
		.innerJoin('appUser as u', 'u.id', 'a.userId')
		.innerJoin('cohort as c', 'c.id', 'a.cohortId')
		.select([
			'a.id',
			'a.cohortId',
			'a.status',
			'a.organisationName',
			'a.organisationType',
			'a.position',
			'a.country',
			'a.gender',
			'a.yearsExperience',
			'a.motivation',
			'a.answers',
			'a.submittedAt',
			'a.decision',
			'a.decisionReleasedAt',
			'u.name',
			'u.email',
			'c.slug as cohortSlug',
			'c.name as cohortName',
			'c.timeZone'
		])
		.where('a.id', '=', applicationId)
		.executeTakeFirst();
}
export type ApplicationContent = NonNullable<Awaited<ReturnType<typeof applicationContent>>>;

export function listCriteria(db: Database, cohortId: string) {
	return db
		.selectFrom('reviewCriterion')
		.select(['id', 'title', 'description', 'weight'])
		.where('cohortId', '=', cohortId)
		.orderBy('position')
		.orderBy('id')
		.execute();
}

/** Every review of an application, by reviewer name (for managers, and for reviewers who have scored). */
export function listReviews(db: Database, applicationId: string) {
	return db
		.selectFrom('reviewAssignment as ra')
		.innerJoin('appUser as u', 'u.id', 'ra.reviewerId')
		.select(['ra.reviewerId', 'u.name', 'u.email', 'ra.scores', 'ra.weightedScore', 'ra.comment', 'ra.submittedAt'])
		.where('ra.applicationId', '=', applicationId)
		.orderBy('u.name')
		.execute();
}

/**
 * What a reviewer sees of an application assigned to them. Not assigned (or no such
 * application): NotFound, the same answer either way. The other reviews are there only
 * once this reviewer has submitted their own.
 */
export async function getReviewForReviewer(db: Database, reviewerId: string, applicationId: string) {
	if (!isUuid(applicationId)) throw new NotFoundError('error_application_not_found');
	const mine = await db
		.selectFrom('reviewAssignment')
		.select(['scores', 'weightedScore', 'comment', 'submittedAt'])
		.where('applicationId', '=', applicationId)
		.where('reviewerId', '=', reviewerId)
		.executeTakeFirst();
	if (!mine) throw new NotFoundError('error_application_not_found');
	const application = (await applicationContent(db, applicationId))!;
	const [questions, criteria, reviews] = await Promise.all([
		listQuestions(db, application.cohortId),
		listCriteria(db, application.cohortId),
		mine.submittedAt ? listReviews(db, applicationId) : Promise.resolve([])
	]);
	const others = reviews.filter((r) => r.reviewerId !== reviewerId);
	return {
		application,
		questions,
		criteria,
		mine,
		others: others.filter((r) => r.submittedAt),
		othersPending: others.filter((r) => !r.submittedAt).length,
		canRevise: application.status === 'submitted' && !application.decisionReleasedAt
	};
}

/**
 * Saves a reviewer's scores (every criterion, whole numbers 0-5) and comment, and the
 * weighted score sum(w×s)/sum(w). Revisable until the decision is released.
 */
export async function submitReview(
	trx: Transaction<DB>,
	reviewerId: string,
	applicationId: string,
	input: { scores: Record<string, unknown>; comment: string },
	now: Date
) {
	if (!isUuid(applicationId)) throw new NotFoundError('error_application_not_found');
	const row = await trx
		.selectFrom('reviewAssignment as ra')
		.innerJoin('application as a', 'a.id', 'ra.applicationId')
		.select(['a.cohortId', 'a.status', 'a.decisionReleasedAt'])
		.where('ra.applicationId', '=', applicationId)
		.where('ra.reviewerId', '=', reviewerId)
		.forUpdate()
		.executeTakeFirst();
	if (!row) throw new NotFoundError('error_application_not_found');
	if (row.status !== 'submitted') throw new ConflictError('error_review_application_withdrawn');
	if (row.decisionReleasedAt) throw new ConflictError('error_review_closed');
	const criteria = await listCriteria(trx, row.cohortId);
	if (criteria.length === 0) throw new ConflictError('error_rubric_empty');
	const { scores, errors } = checkScores(input.scores, criteria);
	const comment = input.comment.replace(/\r\n?/g, '\n').trim();
	if (comment.length > REVIEW_COMMENT_MAX) errors.comment = 'error_too_long';
	if (Object.keys(errors).length) throw new InvalidFieldsError(errors);
	const score = weightedScore(criteria, scores);
	await trx
		.updateTable('reviewAssignment')
		.set({ scores: JSON.stringify(scores), weightedScore: score, comment, submittedAt: now })
		.where('applicationId', '=', applicationId)
		.where('reviewerId', '=', reviewerId)
		.execute();
	return { weightedScore: score };
}

/** A reviewer's assignments across cohorts, the ones still to score first. */
export function listMyReviews(db: Database, reviewerId: string) {
	return db
		.selectFrom('reviewAssignment as ra')
		.innerJoin('application as a', 'a.id', 'ra.applicationId')
		.innerJoin('appUser as u', 'u.id', 'a.userId')
		.innerJoin('cohort as c', 'c.id', 'a.cohortId')
		.select([
			'a.id',
			'u.name',
			'a.country',
			'a.status',
			'a.submittedAt',
			'a.decisionReleasedAt',
			'c.name as cohortName',
			'c.slug as cohortSlug',
			'c.timeZone',
			'ra.submittedAt as reviewedAt',
			'ra.weightedScore'
		])
		.where('ra.reviewerId', '=', reviewerId)
		.orderBy((eb) => eb('ra.submittedAt', 'is not', null))
		.orderBy('c.name')
		.orderBy('a.submittedAt')
		.orderBy('a.id')
		.execute();
}

/**
 * A submitted (or withdrawn) application of the cohort, as its managers read it: the content,
 * every review with its comment, the rubric; the reviews' scores and comments hidden while
 * the manager is an assigned reviewer who has not scored it yet. Drafts stay private: NotFound, as for an
 * application of another cohort.
 */
export async function getApplicationForManager(db: Database, actor: Actor, cohort: Cohort, applicationId: string) {
	await assertCohortManager(db, actor, cohort.id);
	if (!isUuid(applicationId)) throw new NotFoundError('error_application_not_found');
	const application = await applicationContent(db, applicationId);
	if (!application || application.cohortId !== cohort.id || application.status === 'draft') {
		throw new NotFoundError('error_application_not_found');
	}
	const [questions, criteria, reviews] = await Promise.all([
		listQuestions(db, cohort.id),
		listCriteria(db, cohort.id),
		listReviews(db, applicationId)
	]);
	// A manager who reviews it too scores it before seeing the others (as on the dashboard).
	const mustScore = reviews.some((r) => r.reviewerId === actor.id && !r.submittedAt);
	return {
		application,
		questions,
		criteria,
		mustScore,
		reviews: mustScore ? reviews.map((r) => ({ ...r, scores: null, weightedScore: null, comment: '' })) : reviews
	};
}
