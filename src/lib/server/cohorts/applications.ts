import { sql, type Transaction, type Updateable } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { runPrepared, type Database } from '../db/connect';
import type { ApplicationStatus, ApplicationTable, Cohort, DB, Decision, EnrolmentStatus, Locale, OrganisationType } from '../db/schema';
import { ConflictError, NotFoundError } from '../errors';
import { queueMail, type OutgoingMail } from '../mail/outbox';
import { checkApplication, InvalidFieldsError, type ApplicationInput, type ApplicationValues } from './admission-rules';
import { applicationReceivedMail } from './application-mail';
import { withdrawEnrolment } from './enrolment';
import { lockCohort } from './seats';

/**
 * Applying to a cohort in 'application' mode: the applicant's side. One application per
 * person and cohort (a unique constraint); a draft can be saved and a submission edited
 * while applications are open (status 'open', now inside [enrolOpensAt, enrolClosesAt));
 * withdrawing is possible at any time. The caller opens the transaction and passes `now`.
 * Reviewing is in reviews.ts, decisions in decisions.ts.
 */

export interface Applicant {
	id: string;
	name: string;
	email: string;
	locale: Locale;
}

type CohortRules = Pick<Cohort, 'enrolmentMode' | 'status' | 'enrolOpensAt' | 'enrolClosesAt'>;

/** Where the cohort stands for applicants at `now`. */
export type ApplicationWindow = 'open' | 'not_taking' | 'not_open' | 'closed';

export function applicationWindow(cohort: CohortRules, now: Date): ApplicationWindow {
	if (cohort.enrolmentMode !== 'application') return 'not_taking';
	if (cohort.status === 'planned') return 'not_open';
	if (cohort.status !== 'open') return 'closed';
	if (cohort.enrolOpensAt && now < cohort.enrolOpensAt) return 'not_open';
	if (cohort.enrolClosesAt && now >= cohort.enrolClosesAt) return 'closed';
	return 'open';
}

const WINDOW_ERRORS: Record<Exclude<ApplicationWindow, 'open'>, string> = {
	not_taking: 'error_cohort_not_taking_applications',
	not_open: 'error_applications_not_open',
	closed: 'error_application_deadline_passed'
};

export function assertTakingApplications(cohort: CohortRules, now: Date) {
	const state = applicationWindow(cohort, now);
	if (state !== 'open') throw new ConflictError(WINDOW_ERRORS[state]);
}

/** The custom questions of a cohort's form, in order (the fixed fields are the same for all). */
export function listQuestions(db: Database, cohortId: string) {
	return questionsQuery(db, cohortId).execute();
}
export type Question = Awaited<ReturnType<typeof listQuestions>>[number];

function questionsQuery(db: Database, cohortId: string) {
	return db
		.selectFrom('applicationQuestion')
		.select(['id', 'kind', 'label', 'help', 'options', 'required'])
		.where('cohortId', '=', cohortId)
		.orderBy('position')
		.orderBy('id');
}

/** The form of a cohort: its custom questions, and the fixed fields every application has. */
export async function getApplicationForm(db: Database, cohort: Pick<Cohort, 'id'>) {
	return {
		fixed: ['organisationName', 'organisationType', 'position', 'country', 'gender', 'yearsExperience', 'motivation'] as const,
		questions: await listQuestions(db, cohort.id)
	};
}

/** What the applicant may know of the outcome: nothing until the decision is released. */
export interface Outcome {
	decision: Decision;
	/** the seat or waitlist place the decision gave (it may have changed since, e.g. promoted) */
	seat: EnrolmentStatus | null;
	/** 1 = next in, while waiting */
	waitlistPosition: number | null;
}

export interface MyApplication extends ApplicationValues {
	id: string;
	status: ApplicationStatus;
	submittedAt: Date | null;
	updatedAt: Date;
	outcome: Outcome | null;
}

/** The person's application to a cohort (undefined when they have none). */
export async function findMyApplication(db: Database, cohortId: string, userId: string): Promise<MyApplication | undefined> {
	const row = await db
		.selectFrom('application as a')
		.leftJoin('enrolment as e', (j) => j.onRef('e.cohortId', '=', 'a.cohortId').onRef('e.userId', '=', 'a.userId'))
		.selectAll('a')
		.select((eb) => [
			'e.status as seat',
			eb
				.selectFrom('enrolment as w')
				.select(eb.fn.countAll<number>().as('n'))
				.whereRef('w.cohortId', '=', 'a.cohortId')
				.where('w.status', '=', 'waitlisted')
				.whereRef('w.waitlistPosition', '<=', 'e.waitlistPosition')
				.as('waitlistRank')
		])
		.where('a.cohortId', '=', cohortId)
		.where('a.userId', '=', userId)
		.executeTakeFirst();
	if (!row) return undefined;
	const released = row.decision && row.decisionReleasedAt;
	return {
		id: row.id,
		status: row.status,
		submittedAt: row.submittedAt,
		updatedAt: row.updatedAt,
		...valuesOf(row),
		outcome: released
			? {
					decision: row.decision!,
					seat: row.seat ?? null,
					waitlistPosition: row.seat === 'waitlisted' ? Number(row.waitlistRank) : null
				}
			: null
	};
}

function valuesOf(a: ApplicationValues): ApplicationValues {
	return {
		organisationName: a.organisationName,
		organisationType: a.organisationType,
		position: a.position,
		country: a.country,
		gender: a.gender,
		yearsExperience: a.yearsExperience,
		motivation: a.motivation,
		answers: a.answers ?? {}
	};
}

/** A new form starts from the profile: country and organisation. */
export async function prefillFromProfile(db: Database, userId: string): Promise<ApplicationValues> {
	const user = await db
		.selectFrom('appUser as u')
		.leftJoin('organisation as o', 'o.id', 'u.organisationId')
		.select(['u.country', 'o.name as organisationName', 'o.type as organisationType'])
		.where('u.id', '=', userId)
		.executeTakeFirst();
	return {
		organisationName: user?.organisationName ?? '',
		organisationType: (user?.organisationType as OrganisationType | null) ?? null,
		position: '',
		country: user?.country ?? '',
		gender: null,
		yearsExperience: null,
		motivation: '',
		answers: {}
	};
}

/** Everything the apply page shows: questions, the person's application or a prefilled form, the window. */
export async function getApplicationPage(db: Database, cohort: Cohort, user: Pick<Applicant, 'id'>, now: Date) {
	const [form, application] = await Promise.all([getApplicationForm(db, cohort), findMyApplication(db, cohort.id, user.id)]);
	return {
		questions: form.questions,
		application: application ?? null,
		values: application ? valuesOf(application) : await prefillFromProfile(db, user.id),
		window: applicationWindow(cohort, now)
	};
}

async function lockMine(trx: Database, cohortId: string, userId: string) {
	return trx
		.selectFrom('application')
		.selectAll()
		.where('cohortId', '=', cohortId)
		.where('userId', '=', userId)
		.forUpdate()
		.executeTakeFirst();
}

type ApplicationChange = Omit<Updateable<ApplicationTable>, 'id' | 'cohortId' | 'userId'>;

/**
 * Writes a draft's change: creates the application with it when the person has none (a new
 * row stays locked until commit), or locks theirs, checks it is still a draft (a submission
 * may have committed in between) and updates it. The common case, a first save or submit,
 * is one statement.
 */
async function writeDraft(trx: Transaction<DB>, cohortId: string, userId: string, change: ApplicationChange): Promise<string> {
	const created = await trx
		.insertInto('application')
		.values({ ...change, cohortId, userId })
		.onConflict((oc) => oc.columns(['cohortId', 'userId']).doNothing())
		.returning('id')
		.executeTakeFirst();
	if (created) return created.id;
	const row = (await lockMine(trx, cohortId, userId))!;
	assertStillDraft(row.status);
	await trx.updateTable('application').set(change).where('id', '=', row.id).execute();
	return row.id;
}

function assertStillDraft(status: ApplicationStatus | null | undefined) {
	if (status === 'submitted') throw new ConflictError('error_application_already_submitted');
	if (status === 'withdrawn') throw new ConflictError('error_application_withdrawn');
}

const stored = (v: ApplicationValues) => ({ ...v, answers: JSON.stringify(v.answers) });

async function questionsAndCheck(trx: Database, cohort: Cohort, input: ApplicationInput, mode: 'draft' | 'submit') {
	return check(input, await listQuestions(trx, cohort.id), mode);
}

function check(input: ApplicationInput, questions: Question[], mode: 'draft' | 'submit') {
	const { values, errors } = checkApplication(input, questions, mode);
	if (Object.keys(errors).length) throw new InvalidFieldsError(errors);
	return values;
}

/**
 * Before a save or a submit, in one statement: the form's questions, and the status of the
 * person's application if they have one, so a submitted or withdrawn one is refused before
 * the fields are checked (the write checks again under a lock).
 */
async function questionsAndStatus(trx: Transaction<DB>, cohortId: string, userId: string) {
	const [row] = await runPrepared(
		trx,
		trx.selectNoFrom((eb) => [
			jsonArrayFrom(questionsQuery(trx, cohortId)).as('questions'),
			eb.selectFrom('application').select('status').where('cohortId', '=', cohortId).where('userId', '=', userId).as('status')
		])
	);
	return { questions: row!.questions as Question[], status: row!.status };
}

/** Saves what the applicant has so far; only a draft (a submitted application is edited with updateApplication). */
export async function saveDraft(trx: Transaction<DB>, cohort: Cohort, user: Applicant, input: ApplicationInput, now: Date) {
	assertTakingApplications(cohort, now);
	const { questions, status } = await questionsAndStatus(trx, cohort.id, user.id);
	assertStillDraft(status);
	const values = check(input, questions, 'draft');
	return { id: await writeDraft(trx, cohort.id, user.id, { ...stored(values), updatedAt: now }) };
}

/**
 * Submits a complete application (from a draft or from nothing) and queues "application
 * received" in the applicant's language. A second submission is refused: the first one can
 * be edited until the deadline instead.
 *
 * Atomic on its own, so the caller need not open a transaction (submissions are benchmarked):
 * the common case, a first submission with no draft, is one statement that inserts the
 * application and its mail together; a draft is submitted in a transaction (the caller's, or
 * its own) under the application's row lock. `options.questions` is the cohort's form when the
 * caller holds it (cached against the content version); otherwise it is read here.
 */
export async function submitApplication(
	db: Database,
	cohort: Cohort,
	user: Applicant,
	input: ApplicationInput,
	now: Date,
	origin: string,
	options: { questions?: Question[] } = {}
) {
	assertTakingApplications(cohort, now);
	let values: ApplicationValues;
	try {
		values = check(input, options.questions ?? (await listQuestions(db, cohort.id)), 'submit');
	} catch (e) {
		// A submitted or withdrawn application is refused as such, whatever was typed.
		if (e instanceof InvalidFieldsError) assertStillDraft(await statusOf(db, cohort.id, user.id));
		throw e;
	}
	const change = { ...stored(values), status: 'submitted' as const, submittedAt: now, updatedAt: now };
	const mail = applicationReceivedMail({
		name: user.name,
		locale: user.locale,
		origin,
		cohort: { name: cohort.name, slug: cohort.slug, timeZone: cohort.timeZone, deadline: cohort.enrolClosesAt }
	});
	const outgoing = { ...mail, to: { address: user.email, name: user.name, locale: user.locale } };

	const created = await insertSubmitted(db, cohort.id, user.id, change, outgoing);
	if (created) return { id: created };
	// The person has an application: a draft is submitted under its lock; anything else is refused.
	const fromDraft = async (trx: Database) => {
		const row = await lockMine(trx, cohort.id, user.id);
		if (!row) throw new NotFoundError('error_application_not_found');
		assertStillDraft(row.status);
		await trx.updateTable('application').set(change).where('id', '=', row.id).execute();
		await queueMail(trx, outgoing);
		return { id: row.id };
	};
	return db.isTransaction ? fromDraft(db) : db.transaction().execute(fromDraft);
}

async function statusOf(db: Database, cohortId: string, userId: string) {
	const row = await db.selectFrom('application').select('status').where('cohortId', '=', cohortId).where('userId', '=', userId).executeTakeFirst();
	return row?.status;
}

/**
 * Inserts a submitted application and queues its mail in one statement (data-modifying CTEs),
 * unless the person already has an application for the cohort: then nothing is written and
 * the result is undefined.
 */
async function insertSubmitted(db: Database, cohortId: string, userId: string, change: ApplicationChange, mail: OutgoingMail) {
	const text = (v: string) => sql<string>`${v}::text`;
	const [row] = await runPrepared(
		db,
		db
			.with('created', (qc) =>
				qc
					.insertInto('application')
					.values({ ...change, cohortId, userId })
					.onConflict((oc) => oc.columns(['cohortId', 'userId']).doNothing())
					.returning('id')
			)
			.with('queued', (qc) =>
				qc
					.insertInto('mailOutbox')
					.columns(['kind', 'toAddress', 'toName', 'locale', 'subject', 'bodyText'])
					.expression((eb) =>
						eb
							.selectFrom('created')
							.select([
								text(mail.kind).as('kind'),
								text(mail.to.address).as('toAddress'),
								text(mail.to.name).as('toName'),
								text(mail.to.locale).as('locale'),
								text(mail.subject).as('subject'),
								text(mail.bodyText).as('bodyText')
							])
					)
					.returning('id')
			)
			.selectFrom('created')
			.select('id')
	);
	return row?.id;
}

/** Edits a submitted application until the deadline; it stays submitted and must stay complete. */
export async function updateApplication(trx: Transaction<DB>, cohort: Cohort, user: Applicant, input: ApplicationInput, now: Date) {
	assertTakingApplications(cohort, now);
	const row = await lockMine(trx, cohort.id, user.id);
	if (!row) throw new NotFoundError('error_application_not_found');
	if (row.status === 'withdrawn') throw new ConflictError('error_application_withdrawn');
	if (row.status !== 'submitted') throw new ConflictError('error_application_not_submitted');
	const values = await questionsAndCheck(trx, cohort, input, 'submit');
	await trx.updateTable('application').set({ ...stored(values), updatedAt: now }).where('id', '=', row.id).execute();
	return { id: row.id };
}

/**
 * Withdraws a submitted application, at any time (also after acceptance: the person leaves).
 * A seat the decision gave (pending or enrolled) is freed through withdrawEnrolment, which
 * fills it from the head of the waitlist at once; a waitlist place is given up.
 */
export async function withdrawApplication(trx: Transaction<DB>, cohort: Cohort, userId: string, now: Date, origin: string) {
	// The cohort first, then the application: the order decide() takes them in, so the two never deadlock.
	const locked = await lockCohort(trx, cohort.id);
	const row = await lockMine(trx, cohort.id, userId);
	if (!row) throw new NotFoundError('error_application_not_found');
	if (row.status === 'withdrawn') throw new ConflictError('error_application_withdrawn');
	if (row.status !== 'submitted') throw new ConflictError('error_application_not_submitted');
	await trx.updateTable('application').set({ status: 'withdrawn', updatedAt: now }).where('id', '=', row.id).execute();
	const enrolment = await trx
		.selectFrom('enrolment')
		.select('status')
		.where('cohortId', '=', cohort.id)
		.where('userId', '=', userId)
		.executeTakeFirst();
	if (enrolment && enrolment.status !== 'withdrawn') await withdrawEnrolment(trx, locked, userId, now, origin);
}

/** The status an applicant sees: the decision only once it is released. */
export function applicantStatus(a: { status: ApplicationStatus; outcome: Outcome | null }) {
	if (a.status !== 'submitted' || !a.outcome) return a.status;
	return a.outcome.decision;
}
