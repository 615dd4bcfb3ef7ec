import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError } from '../../../src/lib/server/errors';
import { InvalidFieldsError } from '../../../src/lib/server/cohorts/admission-rules';
import {
	findMyApplication,
	getApplicationPage,
	prefillFromProfile,
	saveDraft,
	submitApplication,
	updateApplication,
	withdrawApplication
} from '../../../src/lib/server/cohorts/applications';
import { decide, releaseDecisions } from '../../../src/lib/server/cohorts/decisions';
import { getReviewForReviewer } from '../../../src/lib/server/cohorts/reviews';
import { makeOrganisation } from '../../factories';
import { testDatabase } from '../test-db';
import {
	actor,
	AFTER,
	completeInput,
	DEADLINE,
	DURING,
	failure,
	mailsTo,
	makeApplicationCohort,
	makePeople,
	makePerson,
	OPENS,
	ORIGIN,
	tx
} from './admission-fixtures';

const db = await testDatabase();

const row = (cohortId: string, userId: string) =>
	db.selectFrom('application').selectAll().where('cohortId', '=', cohortId).where('userId', '=', userId).executeTakeFirst();

describe('applying', () => {
	it('saves a draft, submits it once with a mail in the applicant’s language, and edits it until the deadline', async () => {
		const setup = await makeApplicationCohort(db);
		const { cohort } = setup;
		const me = await makePerson(db, { locale: 'ru' });

		await tx(db, (trx) => saveDraft(trx, cohort, me, { organisationName: 'Зелёный Ош', motivation: 'Short for now' }, DURING));
		let mine = await findMyApplication(db, cohort.id, me.id);
		expect(mine).toMatchObject({ status: 'draft', organisationName: 'Зелёный Ош', motivation: 'Short for now', submittedAt: null });
		expect(await mailsTo(db, me.email)).toEqual([]);

		// An incomplete submission is refused field by field, and changes nothing.
		const incomplete = await failure(tx(db, (trx) => submitApplication(trx, cohort, me, { organisationName: 'X' }, DURING, ORIGIN)));
		expect(incomplete).toBeInstanceOf(InvalidFieldsError);
		expect(incomplete.errors).toMatchObject({
			position: 'error_required',
			gender: 'error_gender_unknown',
			motivation: 'error_required',
			[`q_${setup.questions.place}`]: 'error_answer_required'
		});
		expect((await row(cohort.id, me.id))!.organisationName).toBe('Зелёный Ош');

		await tx(db, (trx) => submitApplication(trx, cohort, me, completeInput(setup), DURING, ORIGIN));
		mine = await findMyApplication(db, cohort.id, me.id);
		expect(mine).toMatchObject({ status: 'submitted', organisationName: 'Green Osh', yearsExperience: 6, outcome: null });
		expect(mine!.submittedAt).toEqual(DURING);
		expect(mine!.answers).toEqual({ [setup.questions.place]: 'Osh', [setup.questions.areas]: ['Water', 'Waste'] });
		const mails = await mailsTo(db, me.email);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({ kind: 'application_received', locale: 'ru' });
		expect(mails[0]!.subject).toContain('Мы получили вашу заявку');
		expect(mails[0]!.bodyText).toContain(`${ORIGIN}/cohorts/${cohort.slug}/apply`);
		// The deadline is told on the cohort's clock: midnight UTC is 05:00 in Almaty.
		expect(mails[0]!.bodyText).toContain('05:00');

		// A second submission and a draft over the submission are refused; nothing is sent twice.
		for (const again of [
			() => tx(db, (trx) => submitApplication(trx, cohort, me, completeInput(setup), DURING, ORIGIN)),
			() => tx(db, (trx) => saveDraft(trx, cohort, me, { organisationName: 'Other' }, DURING))
		]) {
			const e = await failure(again());
			expect(e).toBeInstanceOf(ConflictError);
			expect(e.message).toBe('error_application_already_submitted');
		}
		expect(await mailsTo(db, me.email)).toHaveLength(1);

		// Edited before the deadline: it stays submitted, must stay complete, and no mail goes.
		const later = new Date(DURING.getTime() + 3600_000);
		await tx(db, (trx) => updateApplication(trx, cohort, me, completeInput(setup, { position: 'Director' }), later));
		const edited = await row(cohort.id, me.id);
		expect(edited).toMatchObject({ status: 'submitted', position: 'Director' });
		expect(edited!.submittedAt).toEqual(DURING);
		const bad = await failure(tx(db, (trx) => updateApplication(trx, cohort, me, completeInput(setup, { motivation: '' }), later)));
		expect(bad).toBeInstanceOf(InvalidFieldsError);
		expect((await row(cohort.id, me.id))!.motivation).not.toBe('');
		expect(await mailsTo(db, me.email)).toHaveLength(1);

		// After the deadline: read-only.
		const late = await failure(tx(db, (trx) => updateApplication(trx, cohort, me, completeInput(setup, { position: 'Late' }), AFTER)));
		expect(late.message).toBe('error_application_deadline_passed');
		expect((await row(cohort.id, me.id))!.position).toBe('Director');
		expect((await getApplicationPage(db, cohort, me, AFTER)).window).toBe('closed');
	});

	it('refuses applications after the deadline, before the opening, and where the cohort takes none', async () => {
		const setup = await makeApplicationCohort(db);
		const me = await makePerson(db);
		const attempt = (cohort = setup.cohort, now = DURING) =>
			failure(tx(db, (trx) => submitApplication(trx, cohort, me, completeInput(setup), now, ORIGIN)));
		expect((await attempt(setup.cohort, AFTER)).message).toBe('error_application_deadline_passed');
		expect((await attempt(setup.cohort, DEADLINE)).message).toBe('error_application_deadline_passed');
		expect((await attempt(setup.cohort, new Date(OPENS.getTime() - 1))).message).toBe('error_applications_not_open');
		expect((await attempt({ ...setup.cohort, status: 'planned' })).message).toBe('error_applications_not_open');
		expect((await attempt({ ...setup.cohort, status: 'running' })).message).toBe('error_application_deadline_passed');
		const open = await makeApplicationCohort(db, { mode: 'open' });
		const e = await failure(tx(db, (trx) => submitApplication(trx, open.cohort, me, completeInput(open), DURING, ORIGIN)));
		expect(e).toBeInstanceOf(ConflictError);
		expect(e.message).toBe('error_cohort_not_taking_applications');
		const draft = await failure(tx(db, (trx) => saveDraft(trx, setup.cohort, me, {}, AFTER)));
		expect(draft.message).toBe('error_application_deadline_passed');
		expect(await db.selectFrom('application').select('id').where('userId', '=', me.id).execute()).toEqual([]);
		expect(await mailsTo(db, me.email)).toEqual([]);
	});

	it('refuses answers to questions the form does not have and choices outside the options', async () => {
		const setup = await makeApplicationCohort(db);
		const me = await makePerson(db);
		const input = completeInput(setup);
		const stranger = await failure(
			tx(db, (trx) =>
				submitApplication(trx, setup.cohort, me, { ...input, answers: { ...input.answers, '00000000-0000-4000-8000-000000000000': 'x' } }, DURING, ORIGIN)
			)
		);
		expect(stranger.errors).toEqual({ form: 'error_question_unknown' });
		const choice = await failure(
			tx(db, (trx) =>
				submitApplication(trx, setup.cohort, me, { ...input, answers: { ...input.answers, [setup.questions.areas]: ['Fire'] } }, DURING, ORIGIN)
			)
		);
		expect(choice.errors).toEqual({ [`q_${setup.questions.areas}`]: 'error_option_unknown' });
		expect(await row(setup.cohort.id, me.id)).toBeUndefined();
	});

	it('keeps one application per person even when two submissions race', async () => {
		const setup = await makeApplicationCohort(db);
		const me = await makePerson(db);
		const results = await Promise.allSettled(
			[1, 2, 3].map(() => tx(db, (trx) => submitApplication(trx, setup.cohort, me, completeInput(setup), DURING, ORIGIN)))
		);
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
		for (const r of results.filter((r) => r.status === 'rejected')) {
			expect((r as PromiseRejectedResult).reason.message).toBe('error_application_already_submitted');
		}
		expect(await db.selectFrom('application').select('id').where('userId', '=', me.id).execute()).toHaveLength(1);
		expect(await mailsTo(db, me.email)).toHaveLength(1);
	});

	it('starts the form from the profile: country and organisation', async () => {
		const me = await makePerson(db);
		const org = await makeOrganisation(db, { name: `Kazakh Water ${me.id.slice(0, 6)}`, country: 'KZ' });
		await db.updateTable('appUser').set({ organisationId: org.id, country: 'TJ' }).where('id', '=', me.id).execute();
		expect(await prefillFromProfile(db, me.id)).toMatchObject({ organisationName: org.name, organisationType: 'cso', country: 'TJ' });
	});

	it('never shows the applicant someone else’s application, nor an unreleased decision', async () => {
		const setup = await makeApplicationCohort(db);
		const [a, b] = await makePeople(db, 2);
		await tx(db, (trx) => submitApplication(trx, setup.cohort, a!, completeInput(setup), DURING, ORIGIN));
		expect(await findMyApplication(db, setup.cohort.id, b!.id)).toBeUndefined();
		expect((await getApplicationPage(db, setup.cohort, b!, DURING)).application).toBeNull();
		const id = (await row(setup.cohort.id, a!.id))!.id;
		// b cannot read a's application by its id either (only assigned reviewers can).
		expect(await failure(getReviewForReviewer(db, b!.id, id))).toBeInstanceOf(NotFoundError);
		// b cannot withdraw a's application: there is nothing of b's to withdraw.
		expect(await failure(tx(db, (trx) => withdrawApplication(trx, setup.cohort, b!.id, DURING, ORIGIN)))).toBeInstanceOf(NotFoundError);
		expect((await row(setup.cohort.id, a!.id))!.status).toBe('submitted');

		await tx(db, (trx) => decide(trx, actor(setup.facilitator), setup.cohort, [id], 'accepted', DURING));
		expect((await findMyApplication(db, setup.cohort.id, a!.id))!.outcome).toBeNull();
		await tx(db, (trx) => releaseDecisions(trx, actor(setup.facilitator), setup.cohort, AFTER, ORIGIN));
		expect((await findMyApplication(db, setup.cohort.id, a!.id))!.outcome).toEqual({ decision: 'accepted', seat: 'enrolled', waitlistPosition: null });
	});
});

describe('withdrawing', () => {
	it('withdraws once; an accepted applicant’s seat goes to the head of the waitlist at once', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 1 });
		const manager = actor(setup.facilitator);
		const [first, second, third] = await makePeople(db, 3);
		for (const p of [first!, second!, third!]) {
			await tx(db, (trx) => submitApplication(trx, setup.cohort, p, completeInput(setup), DURING, ORIGIN));
		}
		const idOf = async (p: { id: string }) => (await row(setup.cohort.id, p.id))!.id;
		const [id1, id2, id3] = [await idOf(first!), await idOf(second!), await idOf(third!)];
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [id1], 'accepted', DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [id2, id3], 'waitlisted', DURING));
		await tx(db, (trx) => releaseDecisions(trx, manager, setup.cohort, DURING, ORIGIN));
		expect((await findMyApplication(db, setup.cohort.id, third!.id))!.outcome).toEqual({ decision: 'waitlisted', seat: 'waitlisted', waitlistPosition: 2 });

		await tx(db, (trx) => withdrawApplication(trx, setup.cohort, first!.id, AFTER, ORIGIN));
		expect((await row(setup.cohort.id, first!.id))!.status).toBe('withdrawn');
		const seats = await db.selectFrom('enrolment').select(['userId', 'status']).where('cohortId', '=', setup.cohort.id).execute();
		expect(Object.fromEntries(seats.map((s) => [s.userId, s.status]))).toEqual({
			[first!.id]: 'withdrawn',
			[second!.id]: 'enrolled',
			[third!.id]: 'waitlisted'
		});
		expect((await findMyApplication(db, setup.cohort.id, third!.id))!.outcome!.waitlistPosition).toBe(1);
		expect((await mailsTo(db, second!.email)).map((m) => m.kind)).toContain('cohort_promoted');

		const again = await failure(tx(db, (trx) => withdrawApplication(trx, setup.cohort, first!.id, AFTER, ORIGIN)));
		expect(again.message).toBe('error_application_withdrawn');
		// A withdrawn application cannot come back through a draft.
		const draft = await failure(tx(db, (trx) => saveDraft(trx, setup.cohort, first!, {}, DURING)));
		expect(draft.message).toBe('error_application_withdrawn');
	});

	it('gives back an unreleased acceptance’s seat', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 1 });
		const me = await makePerson(db);
		await tx(db, (trx) => submitApplication(trx, setup.cohort, me, completeInput(setup), DURING, ORIGIN));
		const id = (await row(setup.cohort.id, me.id))!.id;
		await tx(db, (trx) => decide(trx, actor(setup.facilitator), setup.cohort, [id], 'accepted', DURING));
		await tx(db, (trx) => withdrawApplication(trx, setup.cohort, me.id, DURING, ORIGIN));
		const seat = await db.selectFrom('enrolment').select('status').where('cohortId', '=', setup.cohort.id).where('userId', '=', me.id).executeTakeFirst();
		expect(seat?.status).toBe('withdrawn');
	});

	it('withdraws only a submitted application', async () => {
		const setup = await makeApplicationCohort(db);
		const me = await makePerson(db);
		await tx(db, (trx) => saveDraft(trx, setup.cohort, me, {}, DURING));
		const e = await failure(tx(db, (trx) => withdrawApplication(trx, setup.cohort, me.id, DURING, ORIGIN)));
		expect(e.message).toBe('error_application_not_submitted');
	});
});
