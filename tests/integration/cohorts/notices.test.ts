import { beforeAll, describe, expect, it } from 'vitest';
import { selfEnrol } from '../../../src/lib/server/cohorts/enrolment';
import { sendDueNotices } from '../../../src/lib/server/cohorts/notices';
import { getMyLearning } from '../../../src/lib/server/cohorts/my-learning';
import { testDatabase } from '../test-db';
import { importTestCourse, mailsTo, makeCohort, makePeople, makePerson } from './enrolment-fixtures';

const db = await testDatabase();
const ORIGIN = 'https://learn.example.org';
const NOW = new Date('2026-11-20T08:00:00Z');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const at = (ms: number) => new Date(NOW.getTime() + ms);

let course: Awaited<ReturnType<typeof importTestCourse>>;
beforeAll(async () => {
	course = await importTestCourse(db, 'noticed-course', 'cohort');
});

const enrol = (cohortId: string, userId: string, now = NOW) =>
	db.transaction().execute((trx) => selfEnrol(trx, { cohortId, userId, now, origin: ORIGIN }));
const kinds = async (email: string) => (await mailsTo(db, email)).filter((m) => m.kind !== 'cohort_enrolled' && m.kind !== 'cohort_waitlisted');

describe('module opened', () => {
	it('is sent once to each enrolled member, in their language, after the release date and not before', async () => {
		const cohort = await makeCohort(db, course.id, { capacity: 2, name: 'Spring group' });
		const en = await makePerson(db);
		const ru = await makePerson(db, { locale: 'ru' });
		const waiting = await makePerson(db);
		for (const p of [en, ru, waiting]) await enrol(cohort.id, p.id);
		await db.insertInto('cohortModuleRelease').values({ cohortId: cohort.id, moduleId: course.modules[1]!.id, opensAt: at(DAY) }).execute();

		await sendDueNotices(db, at(DAY - MINUTE), ORIGIN);
		expect(await kinds(en.email)).toEqual([]);

		await sendDueNotices(db, at(DAY + MINUTE), ORIGIN);
		await sendDueNotices(db, at(DAY + 2 * MINUTE), ORIGIN);
		await Promise.all([sendDueNotices(db, at(DAY + 3 * MINUTE), ORIGIN), sendDueNotices(db, at(DAY + 3 * MINUTE), ORIGIN)]);

		const [mail] = await kinds(en.email);
		expect(await kinds(en.email)).toHaveLength(1);
		expect(mail).toMatchObject({ kind: 'cohort_module_opened', subject: 'Now open: Practice', locale: 'en' });
		expect(mail!.bodyText).toContain(`${ORIGIN}/courses/noticed-course/field-visit`);
		expect(await kinds(ru.email)).toMatchObject([{ subject: 'Открыт модуль «Practice»', locale: 'ru' }]);
		expect(await kinds(waiting.email)).toEqual([]);
	});

	it('is not sent for modules that opened more than a week ago, nor to people who joined after the opening', async () => {
		const cohort = await makeCohort(db, course.id);
		const early = await makePerson(db);
		const late = await makePerson(db);
		await enrol(cohort.id, early.id, NOW);
		await db
			.insertInto('cohortModuleRelease')
			.values([
				{ cohortId: cohort.id, moduleId: course.modules[0]!.id, opensAt: at(HOUR) },
				{ cohortId: cohort.id, moduleId: course.modules[1]!.id, opensAt: at(-8 * DAY) }
			])
			.execute();
		await enrol(cohort.id, late.id, at(2 * HOUR));
		await sendDueNotices(db, at(3 * HOUR), ORIGIN);
		expect((await kinds(early.email)).map((m) => m.subject)).toEqual(['Now open: Water basics']);
		expect(await kinds(late.email)).toEqual([]);
	});

	it('is not sent for a finished cohort', async () => {
		const cohort = await makeCohort(db, course.id);
		const person = await makePerson(db);
		await enrol(cohort.id, person.id);
		await db.updateTable('cohort').set({ status: 'finished' }).where('id', '=', cohort.id).execute();
		await db.insertInto('cohortModuleRelease').values({ cohortId: cohort.id, moduleId: course.modules[0]!.id, opensAt: at(HOUR) }).execute();
		await sendDueNotices(db, at(2 * HOUR), ORIGIN);
		expect(await kinds(person.email)).toEqual([]);
	});
});

describe('session reminder', () => {
	it('is sent once, within the 24 hours before the session, with its time in the cohort’s zone', async () => {
		const cohort = await makeCohort(db, course.id, { name: 'Evening group', timeZone: 'Asia/Almaty' });
		const [en] = await makePeople(db, 1);
		const ru = await makePerson(db, { locale: 'ru' });
		for (const p of [en!, ru]) await enrol(cohort.id, p.id);
		await db
			.insertInto('cohortSession')
			.values({
				cohortId: cohort.id,
				title: 'Stakeholder mapping',
				kind: 'online',
				url: 'https://meet.example.org/map',
				startsAt: new Date('2026-11-22T09:00:00Z'),
				endsAt: new Date('2026-11-22T10:30:00Z')
			})
			.execute();

		await sendDueNotices(db, new Date('2026-11-21T08:59:00Z'), ORIGIN);
		expect(await kinds(en!.email)).toEqual([]);
		await sendDueNotices(db, new Date('2026-11-21T09:00:00Z'), ORIGIN);
		await sendDueNotices(db, new Date('2026-11-21T20:00:00Z'), ORIGIN);

		const mails = await kinds(en!.email);
		expect(mails).toHaveLength(1);
		expect(mails[0]).toMatchObject({ kind: 'cohort_session_reminder', subject: 'Reminder: Stakeholder mapping' });
		expect(mails[0]!.bodyText).toContain('Asia/Almaty (UTC+05:00)');
		expect(mails[0]!.bodyText).toContain('https://meet.example.org/map');
		expect(await kinds(ru.email)).toMatchObject([{ subject: 'Напоминание: Stakeholder mapping', locale: 'ru' }]);
	});

	it('is not sent for sessions that have started', async () => {
		const cohort = await makeCohort(db, course.id);
		const person = await makePerson(db);
		await enrol(cohort.id, person.id);
		await db
			.insertInto('cohortSession')
			.values({ cohortId: cohort.id, title: 'Past', kind: 'in_person', place: 'Hall', startsAt: at(-HOUR), endsAt: at(HOUR) })
			.execute();
		await sendDueNotices(db, NOW, ORIGIN);
		expect(await kinds(person.email)).toEqual([]);
	});
});

describe('My learning', () => {
	it('shows my cohorts, my applications and what comes next, without a query per cohort', async () => {
		const person = await makePerson(db);
		const running = await makeCohort(db, course.id, { name: 'Running group', status: 'running' });
		const full = await makeCohort(db, course.id, { name: 'Full group', capacity: 1 });
		const applied = await makeCohort(db, course.id, { name: 'Applied group', mode: 'application', closesAt: at(5 * DAY) });
		const decided = await makeCohort(db, course.id, { name: 'Decided group', mode: 'application' });
		const hidden = await makeCohort(db, course.id, { name: 'Pending group', mode: 'application' });
		const [other] = await makePeople(db, 1);
		await enrol(running.id, person.id);
		await enrol(full.id, other!.id);
		await enrol(full.id, person.id);
		await db
			.insertInto('cohortSession')
			.values([
				{ cohortId: running.id, title: 'Soon', kind: 'online', url: 'https://x.example/1', startsAt: at(2 * DAY), endsAt: at(2 * DAY + HOUR) },
				{ cohortId: running.id, title: 'Later', kind: 'online', url: 'https://x.example/2', startsAt: at(9 * DAY), endsAt: at(9 * DAY + HOUR) },
				{ cohortId: full.id, title: 'Not mine yet', kind: 'online', url: 'https://x.example/3', startsAt: at(DAY), endsAt: at(DAY + HOUR) }
			])
			.execute();
		await db.insertInto('cohortModuleRelease').values({ cohortId: running.id, moduleId: course.modules[1]!.id, opensAt: at(3 * DAY) }).execute();
		await db
			.insertInto('application')
			.values([
				{ cohortId: applied.id, userId: person.id, status: 'draft' },
				{ cohortId: decided.id, userId: person.id, status: 'submitted', decision: 'rejected', decisionReleasedAt: NOW },
				{ cohortId: hidden.id, userId: person.id, status: 'submitted', decision: 'accepted' }
			])
			.execute();
		await db.insertInto('enrolment').values({ cohortId: hidden.id, userId: person.id, status: 'pending', source: 'application' }).execute();

		let queries = 0;
		const counted = db.withPlugin({
			transformQuery: (args) => {
				queries++;
				return args.node;
			},
			transformResult: async (args) => args.result
		});
		const my = await getMyLearning(counted, person.id, NOW);
		expect(queries).toBe(1);
		expect(my.cohorts.map((c) => [c.name, c.membership, c.waitlistRank])).toEqual(
			expect.arrayContaining([
				['Running group', 'enrolled', null],
				['Full group', 'waitlisted', 1]
			])
		);
		expect(my.cohorts).toHaveLength(2);
		expect(my.cohorts.find((c) => c.name === 'Full group')!.nextSession).toBeNull();
		expect(my.nextSession).toMatchObject({ title: 'Soon', cohortName: 'Running group', startsAt: at(2 * DAY) });
		expect(my.nextModule).toMatchObject({ title: 'Practice', cohortName: 'Running group', opensAt: at(3 * DAY) });
		expect(my.nextDeadline).toMatchObject({ kind: 'session', title: 'Soon' });
		const statuses = Object.fromEntries(my.applications.map((a) => [a.cohortName, a.status]));
		expect(statuses).toEqual({ 'Applied group': 'draft', 'Decided group': 'rejected', 'Pending group': 'submitted' });
		expect(my.reviewsToDo).toBe(0);

		// The page stays true until its next moment: here the session 'Soon' starts.
		expect(my.validUntil).toEqual(at(2 * DAY));

		// An application deadline sooner than the session becomes the next deadline, and the
		// moment the page changes.
		await db.updateTable('cohort').set({ enrolClosesAt: at(DAY) }).where('id', '=', applied.id).execute();
		const later = await getMyLearning(db, person.id, NOW);
		expect(later.nextDeadline).toMatchObject({ kind: 'application', cohortName: 'Applied group', at: at(DAY) });
		expect(later.validUntil).toEqual(at(DAY));
	});

	it('is empty, not broken, for someone with nothing yet', async () => {
		const person = await makePerson(db);
		expect(await getMyLearning(db, person.id, NOW)).toEqual({
			cohorts: [],
			applications: [],
			nextSession: null,
			nextModule: null,
			nextDeadline: null,
			reviewsToDo: 0,
			validUntil: null
		});
	});
});
