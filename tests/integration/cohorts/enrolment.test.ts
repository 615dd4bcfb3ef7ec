import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ForbiddenError, NotFoundError, RateLimitError } from '../../../src/lib/server/errors';
import {
	assertMayTryCode,
	countWrongCode,
	getMembership,
	redeemInvitation,
	selfEnrol,
	setListed,
	withdraw,
	type EnrolOutcome
} from '../../../src/lib/server/cohorts/enrolment';
import { getCohortCalendar, getCohortPage, getInvitationPage } from '../../../src/lib/server/cohorts/cohort-page';
import { readLesson } from '../../../src/lib/server/cohorts/lesson-access';
import { getCourseOverview } from '../../../src/lib/server/courses/reader';
import { exportCourseFiles } from '../../../src/lib/server/courses/export';
import { getEditableCourse, updateCourseDetails } from '../../../src/lib/server/courses/authoring';
import { lockCohort } from '../../../src/lib/server/cohorts/seats';
import { testDatabase } from '../test-db';
import { enrolmentsOf, importTestCourse, mailsTo, makeCohort, makePeople, makePerson } from './enrolment-fixtures';

const db = await testDatabase();
const ORIGIN = 'https://learn.example.org';
const NOW = new Date('2026-11-20T08:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;
const later = (ms: number) => new Date(NOW.getTime() + ms);

let cohortCourse: Awaited<ReturnType<typeof importTestCourse>>;
let openCourse: Awaited<ReturnType<typeof importTestCourse>>;

beforeAll(async () => {
	cohortCourse = await importTestCourse(db, 'cohort-taught', 'cohort');
	openCourse = await importTestCourse(db, 'open-to-all', 'open');
});

const enrol = (cohortId: string, userId: string, now = NOW, waitlistWhenFull?: boolean) =>
	db.transaction().execute((trx) => selfEnrol(trx, { cohortId, userId, now, origin: ORIGIN, waitlistWhenFull }));
const redeem = (code: string, userId: string, now = NOW, cohortId?: string) =>
	db.transaction().execute((trx) => redeemInvitation(trx, { code, userId, now, origin: ORIGIN, cohortId }));
const leave = (cohortId: string, userId: string, now = NOW) =>
	db.transaction().execute((trx) => withdraw(trx, { cohortId, userId, now, origin: ORIGIN }));

/** The message key of the ConflictError the call fails with (and that it fails). */
async function refusal(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		if (e instanceof ConflictError) return { key: e.message, params: e.params };
		throw e;
	}
	throw new Error('expected a refusal, but the call succeeded');
}

async function invitation(cohortId: string, over: Partial<{ expiresAt: Date | null; maxUses: number | null; revokedAt: Date | null }> = {}) {
	const code = `code${Math.random().toString(36).slice(2, 10)}`;
	return db
		.insertInto('cohortInvitation')
		.values({ cohortId, code, expiresAt: over.expiresAt ?? null, maxUses: over.maxUses ?? null, revokedAt: over.revokedAt ?? null })
		.returningAll()
		.executeTakeFirstOrThrow();
}

describe('self-enrolment', () => {
	it('gives a seat and emails a confirmation in the person’s language', async () => {
		const cohort = await makeCohort(db, openCourse.id, { name: 'Winter group' });
		const [en, ru] = [await makePerson(db), await makePerson(db, { locale: 'ru' })];
		expect(await enrol(cohort.id, en.id)).toEqual<EnrolOutcome>({ status: 'enrolled', waitlistPosition: null });
		expect(await enrol(cohort.id, ru.id)).toEqual<EnrolOutcome>({ status: 'enrolled', waitlistPosition: null });
		const [mail] = await mailsTo(db, en.email);
		expect(mail).toMatchObject({ kind: 'cohort_enrolled', subject: 'You are enrolled in Winter group', locale: 'en' });
		expect(mail!.bodyText).toContain(`${ORIGIN}/cohorts/${cohort.slug}`);
		const [mailRu] = await mailsTo(db, ru.email);
		expect(mailRu).toMatchObject({ subject: 'Вы зачислены в группу «Winter group»', locale: 'ru' });
		expect(await getMembership(db, cohort.id, en.id)).toMatchObject({ status: 'enrolled', waitlistRank: null, listed: false, source: 'open' });
	});

	it('refuses a second enrolment, changing nothing', async () => {
		const cohort = await makeCohort(db, openCourse.id);
		const person = await makePerson(db);
		await enrol(cohort.id, person.id);
		expect((await refusal(enrol(cohort.id, person.id))).key).toBe('error_already_enrolled');
		expect(await enrolmentsOf(db, cohort.id)).toHaveLength(1);
		expect(await mailsTo(db, person.email)).toHaveLength(1);
	});

	it('follows the status: planned and finished cohorts refuse, open and running ones take people', async () => {
		const person = await makePerson(db);
		const planned = await makeCohort(db, openCourse.id, { status: 'planned' });
		const finished = await makeCohort(db, openCourse.id, { status: 'finished' });
		const running = await makeCohort(db, openCourse.id, { status: 'running' });
		expect((await refusal(enrol(planned.id, person.id))).key).toBe('error_enrolment_not_open');
		expect((await refusal(enrol(finished.id, person.id))).key).toBe('error_cohort_finished');
		expect((await enrol(running.id, person.id)).status).toBe('enrolled');
		expect(await enrolmentsOf(db, planned.id)).toEqual([]);
	});

	it('follows the enrolment window on the injected clock: from its opening, until (not at) its close', async () => {
		const cohort = await makeCohort(db, openCourse.id, { opensAt: later(DAY), closesAt: later(10 * DAY) });
		const [a, b, c] = await makePeople(db, 3);
		expect((await refusal(enrol(cohort.id, a!.id, later(DAY - 1)))).key).toBe('error_enrolment_not_open');
		expect((await enrol(cohort.id, a!.id, later(DAY))).status).toBe('enrolled');
		expect((await enrol(cohort.id, b!.id, later(10 * DAY - 1))).status).toBe('enrolled');
		expect((await refusal(enrol(cohort.id, c!.id, later(10 * DAY)))).key).toBe('error_enrolment_closed');
	});

	it('refuses cohorts with another way in, saying which', async () => {
		const person = await makePerson(db);
		const byApplication = await makeCohort(db, openCourse.id, { mode: 'application' });
		const byInvitation = await makeCohort(db, openCourse.id, { mode: 'invitation' });
		expect((await refusal(enrol(byApplication.id, person.id))).key).toBe('error_enrol_needs_application');
		expect((await refusal(enrol(byInvitation.id, person.id))).key).toBe('error_enrol_needs_invitation');
	});

	it('puts people on the waitlist when the cohort is full, telling them their place', async () => {
		const cohort = await makeCohort(db, openCourse.id, { capacity: 1, name: 'Tiny' });
		const [a, b, c] = await makePeople(db, 3);
		await enrol(cohort.id, a!.id);
		expect(await enrol(cohort.id, b!.id)).toEqual({ status: 'waitlisted', waitlistPosition: 1 });
		expect(await enrol(cohort.id, c!.id)).toEqual({ status: 'waitlisted', waitlistPosition: 2 });
		const [mail] = await mailsTo(db, c!.email);
		expect(mail).toMatchObject({ kind: 'cohort_waitlisted', subject: 'You are on the waitlist for Tiny' });
		expect(mail!.bodyText).toContain('number 2');
		const again = await refusal(enrol(cohort.id, c!.id));
		expect(again).toEqual({ key: 'error_already_waitlisted', params: { position: 2 } });
	});

	it('refuses, with a clear message and nothing written, when the cohort is full and waiting is not wanted', async () => {
		const cohort = await makeCohort(db, openCourse.id, { capacity: 1 });
		const [a, b] = await makePeople(db, 2);
		await enrol(cohort.id, a!.id, NOW, false);
		expect((await refusal(enrol(cohort.id, b!.id, NOW, false))).key).toBe('error_cohort_full');
		expect(await enrolmentsOf(db, cohort.id)).toHaveLength(1);
		expect(await mailsTo(db, b!.email)).toEqual([]);
	});
});

describe('invitations', () => {
	it('admit with a valid code, counting the use', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation', status: 'running' });
		const inv = await invitation(cohort.id, { maxUses: 5, expiresAt: later(DAY) });
		const person = await makePerson(db);
		expect(await redeem(`  ${inv.code} `, person.id)).toMatchObject({ status: 'enrolled', cohortSlug: cohort.slug });
		const after = await db.selectFrom('cohortInvitation').select('uses').where('id', '=', inv.id).executeTakeFirstOrThrow();
		expect(after.uses).toBe(1);
		expect(await enrolmentsOf(db, cohort.id)).toMatchObject([{ userId: person.id, status: 'enrolled', source: 'invitation' }]);
		expect((await mailsTo(db, person.email))[0]).toMatchObject({ kind: 'cohort_enrolled' });
	});

	it('accept a code typed in capitals', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation', status: 'running' });
		const inv = await invitation(cohort.id, { maxUses: 5, expiresAt: later(DAY) });
		const person = await makePerson(db);
		expect(await redeem(inv.code.toUpperCase(), person.id)).toMatchObject({ status: 'enrolled', cohortSlug: cohort.slug });
	});

	it('refuse unknown, expired, used-up and revoked codes, each with its own message, nothing changed', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation' });
		const other = await makeCohort(db, openCourse.id, { mode: 'invitation' });
		const person = await makePerson(db);
		const expired = await invitation(cohort.id, { expiresAt: later(-1) });
		const usedUp = await invitation(cohort.id, { maxUses: 1 });
		const revoked = await invitation(cohort.id, { revokedAt: later(-HOUR) });
		const elsewhere = await invitation(other.id);
		await db.updateTable('cohortInvitation').set({ uses: 1 }).where('id', '=', usedUp.id).execute();

		expect((await refusal(redeem('no-such-code', person.id))).key).toBe('error_invitation_unknown');
		expect((await refusal(redeem('', person.id))).key).toBe('error_invitation_unknown');
		expect((await refusal(redeem(expired.code, person.id))).key).toBe('error_invitation_expired');
		expect((await refusal(redeem(usedUp.code, person.id))).key).toBe('error_invitation_used_up');
		expect((await refusal(redeem(revoked.code, person.id))).key).toBe('error_invitation_revoked');
		// Typed on one cohort's page, another cohort's code is unknown there.
		expect((await refusal(redeem(elsewhere.code, person.id, NOW, cohort.id))).key).toBe('error_invitation_unknown');
		expect(await enrolmentsOf(db, cohort.id)).toEqual([]);
		const uses = await db.selectFrom('cohortInvitation').select(['id', 'uses']).where('cohortId', '=', cohort.id).execute();
		expect(uses.map((u) => u.uses).sort()).toEqual([0, 0, 1]);
	});

	it('let exactly max_uses people in', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation' });
		const inv = await invitation(cohort.id, { maxUses: 2 });
		const [a, b, c] = await makePeople(db, 3);
		await redeem(inv.code, a!.id);
		await redeem(inv.code, b!.id);
		expect((await refusal(redeem(inv.code, c!.id))).key).toBe('error_invitation_used_up');
	});

	it('do not count a use when the person is already in', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation' });
		const inv = await invitation(cohort.id, { maxUses: 2 });
		const person = await makePerson(db);
		await redeem(inv.code, person.id);
		expect((await refusal(redeem(inv.code, person.id))).key).toBe('error_already_enrolled');
		expect((await db.selectFrom('cohortInvitation').select('uses').where('id', '=', inv.id).executeTakeFirstOrThrow()).uses).toBe(1);
	});

	it('refuse a code of a cohort that no longer admits by invitation, or that is not taking people', async () => {
		const switched = await makeCohort(db, openCourse.id, { mode: 'open' });
		const planned = await makeCohort(db, openCourse.id, { mode: 'invitation', status: 'planned' });
		const person = await makePerson(db);
		expect((await refusal(redeem((await invitation(switched.id)).code, person.id))).key).toBe('error_invitation_wrong_mode');
		expect((await refusal(redeem((await invitation(planned.id)).code, person.id))).key).toBe('error_enrolment_not_open');
	});

	it('put people on the waitlist when the cohort is full', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation', capacity: 1 });
		const inv = await invitation(cohort.id);
		const [a, b] = await makePeople(db, 2);
		await redeem(inv.code, a!.id);
		expect(await redeem(inv.code, b!.id)).toMatchObject({ status: 'waitlisted', waitlistPosition: 1 });
	});

	it('slow down someone guessing codes', async () => {
		const person = await makePerson(db);
		await assertMayTryCode(db, person.id);
		for (let i = 0; i < 10; i++) await countWrongCode(db, person.id);
		await expect(assertMayTryCode(db, person.id)).rejects.toBeInstanceOf(RateLimitError);
	});

	it('show on /join what the code leads to, and why it cannot be used', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'invitation', name: 'Invited group' });
		const good = await invitation(cohort.id);
		const expired = await invitation(cohort.id, { expiresAt: later(-1) });
		expect(await getInvitationPage(db, good.code, null, NOW)).toMatchObject({ cohort: { name: 'Invited group' }, problem: null });
		expect((await getInvitationPage(db, expired.code, null, NOW)).problem).toBe('error_invitation_expired');
		await expect(getInvitationPage(db, 'nothing-like-it', null, NOW)).rejects.toBeInstanceOf(NotFoundError);
	});
});

describe('leaving', () => {
	it('frees the seat, promotes the head of the waitlist at once and emails them in their language', async () => {
		const cohort = await makeCohort(db, openCourse.id, { capacity: 2, name: 'Pair' });
		const [a, b] = await makePeople(db, 2);
		const c = await makePerson(db, { locale: 'ru' });
		const d = await makePerson(db);
		for (const p of [a!, b!, c, d]) await enrol(cohort.id, p.id);
		await leave(cohort.id, a!.id, later(HOUR));

		const rows = await enrolmentsOf(db, cohort.id);
		const statusOf = (id: string) => rows.find((r) => r.userId === id)?.status;
		expect([statusOf(a!.id), statusOf(b!.id), statusOf(c.id), statusOf(d.id)]).toEqual(['withdrawn', 'enrolled', 'enrolled', 'waitlisted']);
		expect(rows.filter((r) => r.status === 'enrolled')).toHaveLength(2);
		expect(await getMembership(db, cohort.id, d.id)).toMatchObject({ status: 'waitlisted', waitlistRank: 1 });
		const promoted = (await mailsTo(db, c.email)).map((m) => m.subject);
		expect(promoted).toEqual(['Вы в листе ожидания группы «Pair»', 'Освободилось место: вы зачислены в группу «Pair»']);
		expect(await getMembership(db, cohort.id, a!.id)).toBeNull();
	});

	it('from the waitlist gives up the place and moves the others up, promoting no one', async () => {
		const cohort = await makeCohort(db, openCourse.id, { capacity: 1 });
		const [a, b, c] = await makePeople(db, 3);
		for (const p of [a!, b!, c!]) await enrol(cohort.id, p.id);
		await leave(cohort.id, b!.id);
		expect(await getMembership(db, cohort.id, a!.id)).toMatchObject({ status: 'enrolled' });
		expect(await getMembership(db, cohort.id, c!.id)).toMatchObject({ status: 'waitlisted', waitlistRank: 1 });
	});

	it('is refused to someone who is not in the cohort; they may come back after leaving', async () => {
		const cohort = await makeCohort(db, openCourse.id);
		const person = await makePerson(db);
		expect((await refusal(leave(cohort.id, person.id))).key).toBe('error_not_enrolled');
		await enrol(cohort.id, person.id);
		await leave(cohort.id, person.id);
		expect((await refusal(leave(cohort.id, person.id))).key).toBe('error_not_enrolled');
		expect((await enrol(cohort.id, person.id)).status).toBe('enrolled');
	});

	it('withdraws the application of someone who came in by application', async () => {
		const cohort = await makeCohort(db, openCourse.id, { mode: 'application' });
		const person = await makePerson(db);
		await db
			.insertInto('application')
			.values({ cohortId: cohort.id, userId: person.id, status: 'submitted', decision: 'accepted', decisionReleasedAt: NOW })
			.execute();
		await db.insertInto('enrolment').values({ cohortId: cohort.id, userId: person.id, status: 'enrolled', source: 'application' }).execute();
		await leave(cohort.id, person.id);
		const app = await db.selectFrom('application').select('status').where('cohortId', '=', cohort.id).executeTakeFirstOrThrow();
		expect(app.status).toBe('withdrawn');
		expect(await getMembership(db, cohort.id, person.id)).toBeNull();
	});

	it('is what an accepted application’s withdrawal uses too (withdrawEnrolment under the lock)', async () => {
		const { withdrawEnrolment } = await import('../../../src/lib/server/cohorts/enrolment');
		const cohort = await makeCohort(db, openCourse.id, { capacity: 1 });
		const [a, b] = await makePeople(db, 2);
		await enrol(cohort.id, a!.id);
		await enrol(cohort.id, b!.id);
		const promoted = await db.transaction().execute(async (trx) => withdrawEnrolment(trx, await lockCohort(trx, cohort.id), a!.id, NOW, ORIGIN));
		expect(promoted).toEqual([b!.id]);
	});
});

describe('the participant list', () => {
	it('lists only enrolled members who agreed, and only members may agree', async () => {
		const cohort = await makeCohort(db, openCourse.id, { capacity: 2 });
		const [a, b, c] = await makePeople(db, 3);
		for (const p of [a!, b!, c!]) await enrol(cohort.id, p.id);
		await setListed(db, { cohortId: cohort.id, userId: a!.id, listed: true, now: NOW });
		expect((await refusal(setListed(db, { cohortId: cohort.id, userId: c!.id, listed: true, now: NOW }))).key).toBe('error_not_enrolled');
		const page = await getCohortPage(db, cohort.slug, a!, NOW);
		expect(page.members!.participants.map((p) => p.name)).toEqual([a!.name]);
		await setListed(db, { cohortId: cohort.id, userId: a!.id, listed: false, now: NOW });
		expect((await getCohortPage(db, cohort.slug, a!, NOW)).members!.participants).toEqual([]);
	});
});

describe('the cohort page', () => {
	it('shows everyone the facts and seats, and the member area only to members and facilitators', async () => {
		const cohort = await makeCohort(db, cohortCourse.id, { capacity: 3 });
		const [member, stranger] = await makePeople(db, 2);
		const facilitator = await makePerson(db, { role: 'facilitator' });
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
		await enrol(cohort.id, member!.id);
		await db.insertInto('announcement').values({ cohortId: cohort.id, title: 'Welcome', body: 'Hello **all** <script>x</script>' }).execute();

		const anonymous = await getCohortPage(db, cohort.slug, null, NOW);
		expect(anonymous.cohort).toMatchObject({ seatsLeft: 2, capacity: 3, enrolmentProblem: null });
		expect(anonymous.members).toBeNull();
		expect((await getCohortPage(db, cohort.slug, stranger!, NOW)).members).toBeNull();

		const own = await getCohortPage(db, cohort.slug, member!, NOW);
		expect(own.membership?.status).toBe('enrolled');
		expect(own.members!.modules.map((m) => m.slug)).toEqual(['water-basics', 'practice']);
		expect(own.members!.announcements[0]!.html).toContain('<strong>all</strong>');
		expect(own.members!.announcements[0]!.html).not.toContain('<script>');
		const staff = await getCohortPage(db, cohort.slug, facilitator, NOW);
		expect(staff.canManage).toBe(true);
		expect(staff.members).not.toBeNull();
		await expect(getCohortPage(db, 'no-such-cohort', null, NOW)).rejects.toBeInstanceOf(NotFoundError);
	});

	it('does not show a seat held for an unreleased decision: the application is still under review', async () => {
		const cohort = await makeCohort(db, cohortCourse.id, { mode: 'application' });
		const person = await makePerson(db);
		await db.insertInto('application').values({ cohortId: cohort.id, userId: person.id, status: 'submitted', decision: 'accepted' }).execute();
		await db.insertInto('enrolment').values({ cohortId: cohort.id, userId: person.id, status: 'pending', source: 'application' }).execute();
		const page = await getCohortPage(db, cohort.slug, person, NOW);
		expect(page.membership).toBeNull();
		expect(page.members).toBeNull();
		expect(page.application).toEqual({ status: 'submitted' });
	});

	it('gives the calendar to members and facilitators only', async () => {
		const cohort = await makeCohort(db, openCourse.id, { name: 'Calendar group' });
		const [member, stranger] = await makePeople(db, 2);
		await enrol(cohort.id, member!.id);
		await db
			.insertInto('cohortSession')
			.values({ cohortId: cohort.id, title: 'Kick-off, day 1', kind: 'online', url: 'https://meet.example.org/x', startsAt: later(DAY), endsAt: later(DAY + HOUR) })
			.execute();
		const ics = await getCohortCalendar(db, cohort.slug, member!, NOW, ORIGIN);
		expect(ics).toContain('SUMMARY:Kick-off\\, day 1');
		expect(ics).toContain(`URL:https://meet.example.org/x`);
		await expect(getCohortCalendar(db, cohort.slug, stranger!, NOW, ORIGIN)).rejects.toBeInstanceOf(ForbiddenError);
		await expect(getCohortCalendar(db, cohort.slug, null, NOW, ORIGIN)).rejects.toBeInstanceOf(ForbiddenError);
	});
});

describe('reading a course taught in cohorts', () => {
	const lessonOf = async (actor: Parameters<typeof readLesson>[3], now = NOW, lesson = 'what-is-iwrm') =>
		readLesson(db, 'cohort-taught', lesson, actor, now);

	it('shows visitors and non-members the cohorts to join, never the lesson', async () => {
		await makeCohort(db, cohortCourse.id, { name: 'Listed cohort', status: 'open' });
		await makeCohort(db, cohortCourse.id, { name: 'Finished cohort', status: 'finished' });
		const stranger = await makePerson(db);
		for (const actor of [null, stranger]) {
			const page = await lessonOf(actor);
			expect(page.view).toBeNull();
			expect(page.gate?.kind).toBe('members_only');
			const names = page.gate?.kind === 'members_only' ? page.gate.cohorts.map((c) => c.name) : [];
			expect(names).toContain('Listed cohort');
			expect(names).not.toContain('Finished cohort');
			expect(JSON.stringify(page)).not.toContain('Integrated water resources management coordinates');
		}
	});

	it('opens a module to members on its release date for their cohort, and at once without one', async () => {
		const cohort = await makeCohort(db, cohortCourse.id);
		const [basics, practice] = cohortCourse.modules;
		await db.insertInto('cohortModuleRelease').values({ cohortId: cohort.id, moduleId: basics!.id, opensAt: later(2 * DAY) }).execute();
		const member = await makePerson(db);
		await enrol(cohort.id, member.id);

		const before = await lessonOf(member, later(2 * DAY - 1));
		expect(before.view).toBeNull();
		expect(before.gate).toMatchObject({ kind: 'locked', opensAt: later(2 * DAY), timeZone: 'Asia/Almaty', cohort: { slug: cohort.slug } });
		const after = await lessonOf(member, later(2 * DAY));
		expect(after.view?.items[0]!.html).toContain('Integrated water resources management');
		// The practice module has no release date: open from the start.
		expect((await lessonOf(member, NOW, 'field-visit')).view).not.toBeNull();
		expect(practice).toBeDefined();
	});

	it('closes the lessons again to someone who left the cohort', async () => {
		const cohort = await makeCohort(db, cohortCourse.id);
		const person = await makePerson(db);
		await enrol(cohort.id, person.id);
		expect((await lessonOf(person)).view).not.toBeNull();
		await leave(cohort.id, person.id);
		expect((await lessonOf(person)).gate?.kind).toBe('members_only');
	});

	it('lets a waitlisted person wait, not read', async () => {
		const cohort = await makeCohort(db, cohortCourse.id, { capacity: 1 });
		const [a, b] = await makePeople(db, 2);
		await enrol(cohort.id, a!.id);
		await enrol(cohort.id, b!.id);
		expect((await lessonOf(b!)).gate?.kind).toBe('members_only');
	});

	it('lets administrators, the course’s editors and the cohort’s facilitators read everything, any day', async () => {
		const cohort = await makeCohort(db, cohortCourse.id);
		await db.insertInto('cohortModuleRelease').values({ cohortId: cohort.id, moduleId: cohortCourse.modules[0]!.id, opensAt: later(300 * DAY) }).execute();
		const admin = await makePerson(db, { role: 'admin' });
		const facilitator = await makePerson(db, { role: 'facilitator' });
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: facilitator.id }).execute();
		const course = await db.selectFrom('course').select('organisationId').where('id', '=', cohortCourse.id).executeTakeFirstOrThrow();
		const author = { ...(await makePerson(db, { role: 'author' })), organisationId: course.organisationId };
		for (const actor of [admin, facilitator, author]) expect((await lessonOf(actor)).view).not.toBeNull();
		// A learner made a cohort facilitator by mistake gets no staff rights from it.
		const learner = await makePerson(db);
		await db.insertInto('cohortFacilitator').values({ cohortId: cohort.id, userId: learner.id }).execute();
		expect((await lessonOf(learner)).view).toBeNull();
	});

	it('leaves open courses open to everyone', async () => {
		expect((await readLesson(db, 'open-to-all', 'what-is-iwrm', null, NOW)).view).not.toBeNull();
	});

	it('is set in the course editor, and left alone when the form does not send it', async () => {
		const admin = await makePerson(db, { role: 'admin' });
		const course = await getEditableCourse(db, admin, 'open-to-all');
		const details = {
			title: course.title,
			summary: course.summary,
			description: course.description,
			language: course.language,
			thematicAreas: course.thematicAreas,
			level: course.level,
			estimatedHours: course.estimatedHours,
			outcomes: course.outcomes,
			licence: course.licence,
			authors: course.authors,
			coverAssetId: course.coverAssetId
		};
		expect(course.access).toBe('open');
		await db.transaction().execute((trx) => updateCourseDetails(trx, admin, 'open-to-all', { ...details, access: 'cohort' }));
		expect((await getEditableCourse(db, admin, 'open-to-all')).access).toBe('cohort');
		await db.transaction().execute((trx) => updateCourseDetails(trx, admin, 'open-to-all', details));
		expect((await getEditableCourse(db, admin, 'open-to-all')).access).toBe('cohort');
		await db.transaction().execute((trx) => updateCourseDetails(trx, admin, 'open-to-all', { ...details, access: 'open' }));
		expect((await readLesson(db, 'open-to-all', 'what-is-iwrm', null, NOW)).view).not.toBeNull();
	});

	it('keeps its access through export and import', async () => {
		const yaml = new TextDecoder().decode((await exportCourseFiles(db, 'cohort-taught')).get('course.yaml'));
		expect(yaml).toMatch(/^access: cohort$/m);
		const open = new TextDecoder().decode((await exportCourseFiles(db, 'open-to-all')).get('course.yaml'));
		expect(open).not.toMatch(/^access:/m);
	});

	it('lists the course’s current cohorts on its page', async () => {
		const overview = await getCourseOverview(db, 'cohort-taught', null);
		expect(overview.access).toBe('cohort');
		expect(overview.cohorts.map((c) => c.name)).toContain('Listed cohort');
		expect(overview.cohorts.map((c) => c.status)).not.toContain('finished');
	});
});
