import type { KyselyPlugin } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../../../src/lib/server/db/connect';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { InvalidFieldsError } from '../../../src/lib/server/cohorts/admission-rules';
import { submitApplication } from '../../../src/lib/server/cohorts/applications';
import {
	applicationsCsv,
	decide,
	releaseDecisions,
	reorderWaitlist,
	reviewDashboard
} from '../../../src/lib/server/cohorts/decisions';
import {
	assignReviewers,
	getApplicationForManager,
	getReviewForReviewer,
	listMyReviews,
	submitReview,
	unassignReviewer
} from '../../../src/lib/server/cohorts/reviews';
import { seatsTaken } from '../../../src/lib/server/cohorts/seats';
import { testDatabase } from '../test-db';
import {
	actor,
	AFTER,
	completeInput,
	DURING,
	failure,
	mailsTo,
	makeApplicationCohort,
	makePeople,
	makePerson,
	ORIGIN,
	tx,
	type Person,
	type Setup
} from './admission-fixtures';

const db = await testDatabase();

const DASH = { sort: 'score', dir: 'desc', decision: 'all', page: 1 } as const;

/** People who apply (and submit) to the cohort; their application ids in the same order. */
async function applicants(setup: Setup, count: number, options: { locale?: 'en' | 'ru' } = {}) {
	const people = await makePeople(db, count, options);
	for (const [i, p] of people.entries()) {
		const gender = i % 2 ? 'male' : 'female';
		await tx(db, (trx) => submitApplication(trx, setup.cohort, p, completeInput(setup, { gender, country: i % 3 ? 'KZ' : 'TJ' }), DURING, ORIGIN));
	}
	const rows = await db.selectFrom('application').select(['id', 'userId']).where('cohortId', '=', setup.cohort.id).execute();
	const ids = people.map((p) => rows.find((r) => r.userId === p.id)!.id);
	return { people, ids };
}

const scoresFor = (setup: Setup, values: [number, number, number]) =>
	Object.fromEntries(setup.criteria.map((c, i) => [c.id, String(values[i])]));

const decisionsOf = async (cohortId: string) =>
	Object.fromEntries(
		(await db.selectFrom('application').select(['id', 'decision']).where('cohortId', '=', cohortId).execute()).map((a) => [a.id, a.decision])
	);

describe('assigning reviewers', () => {
	it('assigns an active account by email to submitted applications, idempotently', async () => {
		const setup = await makeApplicationCohort(db);
		const manager = actor(setup.facilitator);
		const { ids, people } = await applicants(setup, 2);
		const reviewer = await makePerson(db, { role: 'facilitator' });
		const first = await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, ` ${reviewer.email.toUpperCase()} `, DURING));
		expect(first.assigned).toBe(2);
		const again = await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, reviewer.email, DURING));
		expect(again.assigned).toBe(0);
		expect(await db.selectFrom('reviewAssignment').select('applicationId').where('reviewerId', '=', reviewer.id).execute()).toHaveLength(2);

		// Unknown or deactivated accounts, the applicant themself, drafts and other cohorts' applications are refused.
		const unknown = await failure(tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, 'nobody@example.org', DURING)));
		expect(unknown).toBeInstanceOf(ValidationError);
		expect(unknown).toMatchObject({ field: 'reviewerEmail', message: 'error_reviewer_unknown' });
		const gone = await makePerson(db);
		await db.updateTable('appUser').set({ deactivatedAt: DURING }).where('id', '=', gone.id).execute();
		expect((await failure(tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, gone.email, DURING)))).message).toBe('error_reviewer_unknown');
		const self = await failure(tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, people[0]!.email, DURING)));
		expect(self.message).toBe('error_reviewer_is_applicant');
		const drafter = await makePerson(db);
		await db.insertInto('application').values({ cohortId: setup.cohort.id, userId: drafter.id }).execute();
		const draftId = (await db.selectFrom('application').select('id').where('userId', '=', drafter.id).executeTakeFirstOrThrow()).id;
		expect((await failure(tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, [draftId], reviewer.email, DURING)))).message).toBe(
			'error_applications_not_submitted'
		);
		const other = await makeApplicationCohort(db);
		expect(await failure(tx(db, (trx) => assignReviewers(trx, actor(other.facilitator), other.cohort, ids, reviewer.email, DURING)))).toBeInstanceOf(
			NotFoundError
		);
		expect(await failure(tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, [], reviewer.email, DURING)))).toBeInstanceOf(ConflictError);
	});

	it('refuses a facilitator of another cohort (403), changing nothing', async () => {
		const setup = await makeApplicationCohort(db);
		const other = await makeApplicationCohort(db);
		const { ids } = await applicants(setup, 1);
		const reviewer = await makePerson(db);
		const outsider = actor(other.facilitator);
		for (const run of [
			() => tx(db, (trx) => assignReviewers(trx, outsider, setup.cohort, ids, reviewer.email, DURING)),
			() => tx(db, (trx) => decide(trx, outsider, setup.cohort, ids, 'accepted', DURING)),
			() => tx(db, (trx) => releaseDecisions(trx, outsider, setup.cohort, DURING, ORIGIN)),
			() => getApplicationForManager(db, outsider, setup.cohort, ids[0]!)
		]) {
			const e = await failure(run());
			expect(e).toBeInstanceOf(ForbiddenError);
			expect(e.message).toBe('error_cohort_not_yours');
		}
		// A learner, even one who knows the address, is refused too.
		const learner = await makePerson(db);
		expect(await failure(tx(db, (trx) => decide(trx, actor(learner), setup.cohort, ids, 'accepted', DURING)))).toBeInstanceOf(ForbiddenError);
		expect(await decisionsOf(setup.cohort.id)).toEqual({ [ids[0]!]: null });
		expect(await db.selectFrom('reviewAssignment').select('reviewerId').where('applicationId', 'in', ids).execute()).toEqual([]);
		expect(await seatsTaken(db, setup.cohort.id)).toBe(0);
	});
});

describe('scoring', () => {
	it('takes whole scores 0-5 for every criterion and stores the weighted score', async () => {
		const setup = await makeApplicationCohort(db);
		const { ids } = await applicants(setup, 1);
		const reviewer = await makePerson(db, { role: 'facilitator' });
		await tx(db, (trx) => assignReviewers(trx, actor(setup.facilitator), setup.cohort, ids, reviewer.email, DURING));
		const id = ids[0]!;
		const [a, b, c] = setup.criteria.map((x) => x.id) as [string, string, string];
		for (const [scores, field, key] of [
			[{ [a]: '6', [b]: '3', [c]: '3' }, `score_${a}`, 'error_score_range'],
			[{ [a]: '-1', [b]: '3', [c]: '3' }, `score_${a}`, 'error_score_range'],
			[{ [a]: '2.5', [b]: '3', [c]: '3' }, `score_${a}`, 'error_score_range'],
			[{ [a]: '4', [b]: '3' }, `score_${c}`, 'error_score_required']
		] as const) {
			const e = await failure(tx(db, (trx) => submitReview(trx, reviewer.id, id, { scores, comment: '' }, DURING)));
			expect(e).toBeInstanceOf(InvalidFieldsError);
			expect(e.errors).toEqual({ [field]: key });
		}
		const untouched = await db.selectFrom('reviewAssignment').select(['scores', 'submittedAt']).where('reviewerId', '=', reviewer.id).executeTakeFirstOrThrow();
		expect(untouched).toEqual({ scores: null, submittedAt: null });

		// Weights 2, 1, 1: (2×5 + 1×3 + 1×1) / 4 = 3.5
		const saved = await tx(db, (trx) => submitReview(trx, reviewer.id, id, { scores: scoresFor(setup, [5, 3, 1]), comment: ' Strong \r\nmotivation ' }, DURING));
		expect(saved.weightedScore).toBe(3.5);
		const stored = await db.selectFrom('reviewAssignment').selectAll().where('reviewerId', '=', reviewer.id).executeTakeFirstOrThrow();
		expect(stored).toMatchObject({ weightedScore: 3.5, comment: 'Strong \nmotivation', scores: { [a]: 5, [b]: 3, [c]: 1 } });
		expect(stored.submittedAt).toEqual(DURING);
		expect((await listMyReviews(db, reviewer.id))[0]).toMatchObject({ id, weightedScore: 3.5 });
	});

	it('refuses reviewing an application not assigned, with the same answer as one that does not exist', async () => {
		const setup = await makeApplicationCohort(db);
		const { ids } = await applicants(setup, 1);
		const stranger = await makePerson(db, { role: 'facilitator' });
		for (const id of [ids[0]!, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
			expect(await failure(getReviewForReviewer(db, stranger.id, id))).toMatchObject({ message: 'error_application_not_found' });
			const e = await failure(tx(db, (trx) => submitReview(trx, stranger.id, id, { scores: scoresFor(setup, [3, 3, 3]), comment: '' }, DURING)));
			expect(e).toBeInstanceOf(NotFoundError);
		}
		expect(await db.selectFrom('reviewAssignment').select('reviewerId').where('reviewerId', '=', stranger.id).execute()).toEqual([]);
	});

	it('shows the other reviewers’ scores and comments only after scoring, never to the applicant', async () => {
		const setup = await makeApplicationCohort(db);
		const manager = actor(setup.facilitator);
		const { ids, people } = await applicants(setup, 1);
		const id = ids[0]!;
		const [r1, r2] = await makePeople(db, 2, { role: 'facilitator' });
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, r1!.email, DURING));
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, r2!.email, DURING));

		await tx(db, (trx) => submitReview(trx, r1!.id, id, { scores: scoresFor(setup, [4, 4, 4]), comment: 'Clear plan' }, DURING));
		const r2Before = await getReviewForReviewer(db, r2!.id, id);
		expect(r2Before.mine.submittedAt).toBeNull();
		expect(r2Before.others).toEqual([]);
		expect(JSON.stringify(r2Before)).not.toContain('Clear plan');
		const r1View = await getReviewForReviewer(db, r1!.id, id);
		expect(r1View.others).toEqual([]);
		expect(r1View.othersPending).toBe(1);

		await tx(db, (trx) => submitReview(trx, r2!.id, id, { scores: scoresFor(setup, [2, 2, 2]), comment: 'Thin experience' }, DURING));
		const r2After = await getReviewForReviewer(db, r2!.id, id);
		expect(r2After.others).toHaveLength(1);
		expect(r2After.others[0]).toMatchObject({ reviewerId: r1!.id, weightedScore: 4, comment: 'Clear plan' });
		expect((await getReviewForReviewer(db, r1!.id, id)).others[0]).toMatchObject({ comment: 'Thin experience' });

		// The dashboard hides the average from an assigned reviewer who has not scored.
		const r3 = await makePerson(db, { role: 'facilitator' });
		await db.insertInto('cohortFacilitator').values({ cohortId: setup.cohort.id, userId: r3.id }).execute();
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, r3.email, DURING));
		const seenByR3 = await reviewDashboard(db, setup.cohort, r3, DASH);
		expect(seenByR3.rows[0]).toMatchObject({ average: null, mustScore: true, reviewed: 2, assigned: 3 });
		const managerView = await getApplicationForManager(db, actor(r3 as Person), setup.cohort, id);
		expect(managerView.mustScore).toBe(true);
		expect(JSON.stringify(managerView.reviews)).not.toContain('Clear plan');
		const seenByManager = await reviewDashboard(db, setup.cohort, setup.facilitator, DASH);
		expect(seenByManager.rows[0]).toMatchObject({ average: 3, mustScore: false });
		expect((await getApplicationForManager(db, manager, setup.cohort, id)).reviews.map((r) => r.comment).sort()).toEqual(['', 'Clear plan', 'Thin experience']);

		// Nothing of the review reaches the applicant's mail.
		for (const mail of await mailsTo(db, people[0]!.email)) expect(mail.bodyText).not.toMatch(/Clear plan|Thin experience/);

		// A reviewer taken off the application can no longer see it.
		await tx(db, (trx) => unassignReviewer(trx, manager, setup.cohort, id, r3.id));
		expect(await failure(getReviewForReviewer(db, r3.id, id))).toBeInstanceOf(NotFoundError);
	});

	it('lets a reviewer revise until the decision is released', async () => {
		const setup = await makeApplicationCohort(db);
		const manager = actor(setup.facilitator);
		const { ids } = await applicants(setup, 1);
		const reviewer = await makePerson(db);
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids, reviewer.email, DURING));
		await tx(db, (trx) => submitReview(trx, reviewer.id, ids[0]!, { scores: scoresFor(setup, [1, 1, 1]), comment: '' }, DURING));
		await tx(db, (trx) => submitReview(trx, reviewer.id, ids[0]!, { scores: scoresFor(setup, [5, 5, 5]), comment: 'Revised' }, DURING));
		expect((await getReviewForReviewer(db, reviewer.id, ids[0]!)).mine).toMatchObject({ weightedScore: 5, comment: 'Revised' });
		await tx(db, (trx) => decide(trx, manager, setup.cohort, ids, 'rejected', AFTER));
		await tx(db, (trx) => releaseDecisions(trx, manager, setup.cohort, AFTER, ORIGIN));
		const closed = await failure(tx(db, (trx) => submitReview(trx, reviewer.id, ids[0]!, { scores: scoresFor(setup, [0, 0, 0]), comment: '' }, AFTER)));
		expect(closed.message).toBe('error_review_closed');
		expect((await getReviewForReviewer(db, reviewer.id, ids[0]!)).canRevise).toBe(false);
	});
});

describe('decisions', () => {
	it('never accepts more than the seats left: all refused with the number left, nothing changed', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 3 });
		const manager = actor(setup.facilitator);
		const { ids } = await applicants(setup, 5);
		await tx(db, (trx) => decide(trx, manager, setup.cohort, ids.slice(0, 2), 'accepted', DURING));
		expect(await seatsTaken(db, setup.cohort.id)).toBe(2);
		const refused = await failure(tx(db, (trx) => decide(trx, manager, setup.cohort, ids.slice(2), 'accepted', DURING)));
		expect(refused).toBeInstanceOf(ConflictError);
		expect(refused).toMatchObject({ message: 'error_not_enough_seats', params: { seats: 1, count: 3 } });
		expect(await seatsTaken(db, setup.cohort.id)).toBe(2);
		expect(Object.values(await decisionsOf(setup.cohort.id)).filter((d) => d === 'accepted')).toHaveLength(2);
		// Accepting again what is already accepted takes no second seat.
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [...ids.slice(0, 2), ids[2]!], 'accepted', DURING));
		expect(await seatsTaken(db, setup.cohort.id)).toBe(3);
		// Moving an unreleased acceptance elsewhere gives the seat back.
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [ids[0]!], 'rejected', DURING));
		expect(await seatsTaken(db, setup.cohort.id)).toBe(2);
		expect(await db.selectFrom('enrolment').select('userId').where('cohortId', '=', setup.cohort.id).execute()).toHaveLength(2);
	});

	it('holds the capacity when accepts race', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 4 });
		const manager = actor(setup.facilitator);
		const { ids } = await applicants(setup, 8);
		const results = await Promise.allSettled(ids.map((id) => tx(db, (trx) => decide(trx, manager, setup.cohort, [id], 'accepted', DURING))));
		expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(4);
		for (const r of results) if (r.status === 'rejected') expect(r.reason.message).toBe('error_not_enough_seats');
		expect(await seatsTaken(db, setup.cohort.id)).toBe(4);
	});

	it('releases once: seats, an ordered waitlist after those already waiting, one email per applicant in their language', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 2 });
		const manager = actor(setup.facilitator);
		const en = await applicants(setup, 3, { locale: 'en' });
		const ru = await applicants(setup, 3, { locale: 'ru' });
		const ids = [...en.ids, ...ru.ids];
		const people = [...en.people, ...ru.people];
		// Accepted: en0, ru0. Waitlisted in the order given: ru1, en1, then en2; rejected: ru2.
		const [e0, e1, e2, r0, r1, r2] = ids as [string, string, string, string, string, string];
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [e0, r0], 'accepted', DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [r1, e1], 'waitlisted', DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [e2], 'waitlisted', DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [r2], 'rejected', DURING));
		await tx(db, (trx) => reorderWaitlist(trx, manager, setup.cohort, e2, 'up'));
		// Before release no one hears anything beyond "received".
		for (const p of people) expect((await mailsTo(db, p.email)).map((m) => m.kind)).toEqual(['application_received']);
		expect((await reviewDashboard(db, setup.cohort, setup.facilitator, DASH)).counts.unreleased).toBe(6);

		// Someone already waits in the cohort (e.g. released earlier): the new ones come after.
		const earlier = await makePerson(db);
		await db.insertInto('enrolment').values({ cohortId: setup.cohort.id, userId: earlier.id, status: 'waitlisted', waitlistPosition: 1, source: 'manual' }).execute();

		const released = await tx(db, (trx) => releaseDecisions(trx, manager, setup.cohort, AFTER, ORIGIN));
		expect(released).toEqual({ accepted: 2, waitlisted: 3, rejected: 1 });
		const seats = await db.selectFrom('enrolment').select(['userId', 'status', 'waitlistPosition']).where('cohortId', '=', setup.cohort.id).orderBy('waitlistPosition').execute();
		const who = (id: string) => people.find((p) => p.id === id)!.email;
		const userOf = async (appId: string) => (await db.selectFrom('application').select('userId').where('id', '=', appId).executeTakeFirstOrThrow()).userId;
		expect(seats.filter((s) => s.status === 'enrolled').map((s) => s.userId).sort()).toEqual([await userOf(e0), await userOf(r0)].sort());
		expect(seats.filter((s) => s.status === 'waitlisted').map((s) => s.userId)).toEqual([earlier.id, await userOf(r1), await userOf(e2), await userOf(e1)]);

		const mail = async (appId: string) => (await mailsTo(db, who(await userOf(appId)))).filter((m) => m.kind !== 'application_received');
		expect(await mail(e0)).toMatchObject([{ kind: 'application_accepted', locale: 'en', subject: expect.stringContaining('You are accepted') }]);
		expect(await mail(r0)).toMatchObject([{ kind: 'application_accepted', locale: 'ru', subject: expect.stringContaining('Вы приняты') }]);
		expect((await mail(r1))[0]).toMatchObject({ kind: 'application_waitlisted', locale: 'ru' });
		expect((await mail(r1))[0]!.bodyText).toContain('под номером 2');
		expect((await mail(e2))[0]!.bodyText).toContain('number 3');
		expect((await mail(e1))[0]!.bodyText).toContain('number 4');
		expect(await mail(r2)).toMatchObject([{ kind: 'application_rejected', locale: 'ru' }]);

		// A second release sends nothing.
		expect(await tx(db, (trx) => releaseDecisions(trx, manager, setup.cohort, AFTER, ORIGIN))).toEqual({ accepted: 0, waitlisted: 0, rejected: 0 });
		for (const id of ids) expect(await mail(id)).toHaveLength(1);

		// Released decisions are final, except accepting from the waitlist (when a seat is free).
		for (const [id, to] of [
			[e0, 'rejected'],
			[r2, 'accepted'],
			[r1, 'rejected']
		] as const) {
			expect((await failure(tx(db, (trx) => decide(trx, manager, setup.cohort, [id], to, AFTER)))).message).toBe('error_decision_released');
		}
		expect((await failure(tx(db, (trx) => reorderWaitlist(trx, manager, setup.cohort, e1, 'up')))).message).toBe('error_waitlist_released');
		expect((await failure(tx(db, (trx) => decide(trx, manager, setup.cohort, [r1], 'accepted', AFTER)))).message).toBe('error_not_enough_seats');
		await db.updateTable('cohort').set({ capacity: 3 }).where('id', '=', setup.cohort.id).execute();
		const bigger = { ...setup.cohort, capacity: 3 };
		await tx(db, (trx) => decide(trx, manager, bigger, [r1], 'accepted', AFTER));
		expect(await seatsTaken(db, setup.cohort.id)).toBe(3);
		expect(await tx(db, (trx) => releaseDecisions(trx, manager, bigger, AFTER, ORIGIN))).toEqual({ accepted: 1, waitlisted: 0, rejected: 0 });
		expect((await mail(r1)).map((m) => m.kind)).toEqual(['application_waitlisted', 'application_accepted']);
	});

	it('reorders the unreleased waitlist', async () => {
		const setup = await makeApplicationCohort(db);
		const manager = actor(setup.facilitator);
		const { ids } = await applicants(setup, 3);
		await tx(db, (trx) => decide(trx, manager, setup.cohort, ids, 'waitlisted', DURING));
		const order = async () => (await reviewDashboard(db, setup.cohort, setup.facilitator, DASH)).waitlist.map((w) => w.id);
		expect(await order()).toEqual(ids);
		await tx(db, (trx) => reorderWaitlist(trx, manager, setup.cohort, ids[2]!, 'up'));
		expect(await order()).toEqual([ids[0], ids[2], ids[1]]);
		await tx(db, (trx) => reorderWaitlist(trx, manager, setup.cohort, ids[0]!, 'down'));
		expect(await order()).toEqual([ids[2], ids[0], ids[1]]);
		expect(await tx(db, (trx) => reorderWaitlist(trx, manager, setup.cohort, ids[2]!, 'up'))).toEqual({ moved: false });
	});
});

describe('the review dashboard', () => {
	/** Counts the statements a function sends, through a plugin on a copy of the connection. */
	async function countQueries<T>(fn: (db: Database) => Promise<T>) {
		let n = 0;
		const counter: KyselyPlugin = {
			transformQuery: (args) => {
				n++;
				return args.node;
			},
			transformResult: async (args) => args.result
		};
		const result = await fn(db.withPlugin(counter));
		return { n, result };
	}

	it('sorts, filters, pages by 50 and counts for balancing, in a fixed number of queries', async () => {
		const setup = await makeApplicationCohort(db, { capacity: 10 });
		const manager = actor(setup.facilitator);
		const small = await countQueries((d) => reviewDashboard(d, setup.cohort, setup.facilitator, DASH));
		const { ids } = await applicants(setup, 60);
		const reviewer = await makePerson(db);
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, ids.slice(0, 3), reviewer.email, DURING));
		for (const [i, id] of ids.slice(0, 3).entries()) {
			await tx(db, (trx) => submitReview(trx, reviewer.id, id, { scores: scoresFor(setup, [i + 1, i + 1, i + 1]), comment: '' }, DURING));
		}
		await tx(db, (trx) => decide(trx, manager, setup.cohort, ids.slice(0, 4), 'accepted', DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, ids.slice(4, 6), 'waitlisted', DURING));

		const { n, result: page1 } = await countQueries((d) => reviewDashboard(d, setup.cohort, setup.facilitator, DASH));
		expect(n).toBe(small.n);
		expect(page1.total).toBe(60);
		expect(page1.pages).toBe(2);
		expect(page1.rows).toHaveLength(50);
		expect(page1.rows.slice(0, 3).map((r) => [r.id, r.average])).toEqual([
			[ids[2], 3],
			[ids[1], 2],
			[ids[0], 1]
		]);
		expect(page1.rows[3]!.average).toBeNull();
		const page2 = await reviewDashboard(db, setup.cohort, setup.facilitator, { ...DASH, page: 2 });
		expect(page2.rows).toHaveLength(10);
		expect(new Set([...page1.rows, ...page2.rows].map((r) => r.id)).size).toBe(60);
		// A page past the end shows the last one.
		expect((await reviewDashboard(db, setup.cohort, setup.facilitator, { ...DASH, page: 99 })).page).toBe(2);

		const byName = await reviewDashboard(db, setup.cohort, setup.facilitator, { ...DASH, sort: 'name', dir: 'asc' });
		const names = byName.rows.map((r) => r.name);
		expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
		const accepted = await reviewDashboard(db, setup.cohort, setup.facilitator, { ...DASH, decision: 'accepted' });
		expect(accepted.rows.map((r) => r.id).sort()).toEqual(ids.slice(0, 4).sort());
		expect(accepted.rows.every((r) => r.seat === 'pending')).toBe(true);
		expect((await reviewDashboard(db, setup.cohort, setup.facilitator, { ...DASH, decision: 'undecided' })).total).toBe(54);

		expect(page1.counts).toMatchObject({ all: 60, accepted: 4, waitlisted: 2, undecided: 54, unreleased: 6 });
		expect(page1.seats).toEqual({ capacity: 10, taken: 4, left: 6 });
		// Applicants alternate female/male and TJ for every third: 0..3 accepted = f, m, f, m; TJ, KZ, KZ, TJ.
		const gender = Object.fromEntries(page1.balance.gender.map((g) => [g.value, g]));
		expect(gender.female).toMatchObject({ applied: 30, accepted: 2, waitlisted: 1 });
		expect(gender.male).toMatchObject({ applied: 30, accepted: 2, waitlisted: 1 });
		const country = Object.fromEntries(page1.balance.country.map((g) => [g.value, g]));
		expect(country.TJ).toMatchObject({ applied: 20, accepted: 2, waitlisted: 0 });
		expect(country.KZ).toMatchObject({ applied: 40, accepted: 2, waitlisted: 2 });
		expect(page1.balance.organisationType).toEqual([{ value: 'cso', applied: 60, accepted: 4, waitlisted: 2 }]);
		expect(page1.waitlist.map((w) => w.id)).toEqual(ids.slice(4, 6));
	});

	it('exports the applications as CSV: fixed fields, one column per question, score and decision', async () => {
		const setup = await makeApplicationCohort(db);
		const manager = actor(setup.facilitator);
		const { ids, people } = await applicants(setup, 2, { locale: 'ru' });
		await db.updateTable('appUser').set({ name: '=HYPERLINK("x")' }).where('id', '=', people[1]!.id).execute();
		const drafter = await makePerson(db);
		await db.insertInto('application').values({ cohortId: setup.cohort.id, userId: drafter.id, motivation: 'private draft' }).execute();
		const reviewer = await makePerson(db);
		await tx(db, (trx) => assignReviewers(trx, manager, setup.cohort, [ids[0]!], reviewer.email, DURING));
		await tx(db, (trx) => submitReview(trx, reviewer.id, ids[0]!, { scores: scoresFor(setup, [5, 3, 1]), comment: '' }, DURING));
		await tx(db, (trx) => decide(trx, manager, setup.cohort, [ids[0]!], 'accepted', DURING));

		const csv = await applicationsCsv(db, setup.cohort, 'en');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const [header, ...lines] = csv.slice(1).split('\r\n');
		expect(lines).toHaveLength(3); // two applications and the final line end
		const first = lines.find((l) => l.startsWith(people[0]!.name))!;
		const second = lines.find((l) => l.startsWith('"'))!;
		expect(header).toBe(
			'Full name,Email,Country,Gender,Organisation,Type of organisation,Position,Years of professional experience,Motivation,Application status,Submitted (Asia/Almaty),Where do you work?,Thematic areas,Reviewers assigned,Reviews submitted,Average score,Decision,Decision sent (Asia/Almaty)'
		);
		expect(first).toContain(',Tajikistan,Female,Green Osh,Civil-society organisation,Programme officer,6,');
		expect(first).toContain(',Submitted,2026-06-15 14:00,Osh,Water; Waste,1,1,3.5,Accepted,');
		// A name a spreadsheet would run as a formula stays text.
		expect(second).toMatch(/^"'=HYPERLINK\(""x""\)",/);
		expect(second).toMatch(/,Male,.*,0,0,,,$/);
		expect(csv).not.toContain('private draft');
		const ru = await applicationsCsv(db, setup.cohort, 'ru');
		expect(ru).toContain('Средний балл');
		expect(ru).toContain('Таджикистан');
	});
});
