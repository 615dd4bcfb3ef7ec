import type { Transaction } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { NewCohortSchema, type NewCohortInput } from '../../../src/lib/schemas/cohort-admin';
import { deleteAnnouncement, listAnnouncements, postAnnouncement } from '../../../src/lib/server/cohorts/announcements';
import { createCohort, getManagedCohort, listManagedCohorts, updateCohort } from '../../../src/lib/server/cohorts/cohorts';
import { addFacilitator, listFacilitators, removeFacilitator } from '../../../src/lib/server/cohorts/facilitators';
import {
	createCriterion,
	createQuestion,
	deleteCriterion,
	deleteQuestion,
	listCriteria,
	listQuestions,
	moveCriterion,
	moveQuestion,
	updateCriterion,
	updateQuestion
} from '../../../src/lib/server/cohorts/application-form';
import { createInvitation, listInvitations, revokeInvitation } from '../../../src/lib/server/cohorts/invitations';
import { listRoster, rosterCsv } from '../../../src/lib/server/cohorts/roster';
import { createSession, deleteSession, listModuleReleases, listSessions, setModuleReleases, updateSession } from '../../../src/lib/server/cohorts/schedule';
import { lockCohort, takeSeat } from '../../../src/lib/server/cohorts/seats';
import { importCourse } from '../../../src/lib/server/courses/import';
import { parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import type { Actor } from '../../../src/lib/server/courses/access';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { validCourseFiles } from '../../course-package';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const NOW = new Date('2026-01-05T06:00:00Z');
const ORIGIN = 'https://bilim.example.org';
const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);

async function person(role: Role, locale: 'en' | 'ru' = 'en', name = `A ${role}`): Promise<Actor & { email: string; name: string }> {
	const user = await makeUser(db, { role, locale, name });
	return { id: user.id, role, organisationId: null, email: user.email, name: user.name };
}

/** The error a promise rejects with, for asserting its class, key, field and params. */
async function failure(promise: Promise<unknown>) {
	try {
		await promise;
	} catch (e) {
		return e as ValidationError;
	}
	throw new Error('expected a failure');
}

/** The test course package, imported as a published course under this slug. */
async function publishedCourse(slug: string, status: 'published' | 'draft' = 'published') {
	const files = validCourseFiles();
	const yaml = new TextDecoder().decode(files.get('course.yaml')!).replace('status: published', `status: ${status}`);
	files.set('course.yaml', new TextEncoder().encode(yaml));
	const { course, problems } = parseCoursePackage(files, slug);
	if (!course) throw new Error(`test course does not parse: ${JSON.stringify(problems)}`);
	await tx((trx) => importCourse(trx, course, { userId: null, sourceHash: null }));
	const row = await db.selectFrom('course').select(['id', 'slug', 'status']).where('slug', '=', slug).executeTakeFirstOrThrow();
	const modules = await db.selectFrom('courseModule').select(['id', 'title']).where('courseId', '=', row.id).orderBy('position').execute();
	return { ...row, modules };
}

function cohortInput(courseId: string, overrides: Partial<Record<string, string>> = {}): NewCohortInput {
	return NewCohortSchema.parse({
		courseId,
		name: 'CALP 2026',
		startsOn: '2026-03-01',
		endsOn: '2026-06-30',
		timeZone: 'Asia/Almaty',
		enrolOpensAt: '2026-01-10T09:00',
		enrolClosesAt: '2026-02-01T18:00',
		capacity: '3',
		enrolmentMode: 'application',
		status: 'planned',
		...overrides
	});
}

const settings = (input: NewCohortInput) => {
	const { courseId: _c, slug: _s, ...rest } = input;
	return rest;
};

let course: Awaited<ReturnType<typeof publishedCourse>>;
let draft: Awaited<ReturnType<typeof publishedCourse>>;
let facilitator: Awaited<ReturnType<typeof person>>;
let other: Awaited<ReturnType<typeof person>>;
let admin: Awaited<ReturnType<typeof person>>;
let learner: Awaited<ReturnType<typeof person>>;

beforeAll(async () => {
	course = await publishedCourse('cohort-course');
	draft = await publishedCourse('cohort-draft-course', 'draft');
	facilitator = await person('facilitator', 'en', 'Dilnoza Facilitator');
	other = await person('facilitator', 'en', 'Other Facilitator');
	admin = await person('admin');
	learner = await person('learner');
});

describe('creating a cohort', () => {
	it('creates a cohort of a published course, reading the window in its zone, with its creator as facilitator', async () => {
		const created = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id), NOW));
		expect(created.slug).toBe('calp-2026');
		const cohort = await getManagedCohort(db, facilitator, created.slug);
		expect(cohort).toMatchObject({ name: 'CALP 2026', startsOn: '2026-03-01', endsOn: '2026-06-30', capacity: 3, status: 'planned' });
		// 09:00 in Almaty (UTC+5) is 04:00 UTC.
		expect(cohort.enrolOpensAt?.toISOString()).toBe('2026-01-10T04:00:00.000Z');
		expect(cohort.enrolClosesAt?.toISOString()).toBe('2026-02-01T13:00:00.000Z');
		expect((await listFacilitators(db, cohort.id)).map((f) => f.id)).toEqual([facilitator.id]);
	});

	it('makes a free address from the name, and refuses a taken one typed in', async () => {
		const second = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id), NOW));
		expect(second.slug).toBe('calp-2026-2');
		const e = await failure(tx((trx) => createCohort(trx, facilitator, { ...cohortInput(course.id), slug: 'calp-2026' }, NOW)));
		expect(e).toBeInstanceOf(ValidationError);
		expect([e.field, e.message, e.params]).toEqual(['slug', 'error_cohort_slug_taken', { slug: 'calp-2026' }]);
		const cyrillic = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Весна 2026' }), NOW));
		expect(cyrillic.slug).toBe('vesna-2026');
	});

	it('refuses a draft course (for a facilitator), an unknown course and bad fields, creating nothing', async () => {
		const before = await db.selectFrom('cohort').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		const notPublished = await failure(tx((trx) => createCohort(trx, facilitator, cohortInput(draft.id), NOW)));
		expect([notPublished.field, notPublished.message]).toEqual(['courseId', 'error_cohort_course_not_published']);
		const unknown = await failure(tx((trx) => createCohort(trx, facilitator, cohortInput('00000000-0000-4000-8000-000000000000'), NOW)));
		expect([unknown.field, unknown.message]).toEqual(['courseId', 'error_cohort_course_unknown']);
		// Input that did not come through the form's schema meets the same rules.
		const base = cohortInput(course.id);
		const cases: [Partial<NewCohortInput>, string, string][] = [
			[{ timeZone: 'Asia/Atlantis' }, 'timeZone', 'error_time_zone_invalid'],
			[{ endsOn: '2026-02-01' }, 'endsOn', 'error_cohort_ends_before_start'],
			[{ startsOn: '2026-02-31' }, 'startsOn', 'error_date_invalid'],
			[{ enrolClosesAt: '2026-01-09T09:00' }, 'enrolClosesAt', 'error_cohort_window_order'],
			[{ enrolOpensAt: '2026-01-10 9am' }, 'enrolOpensAt', 'error_datetime_invalid'],
			[{ capacity: 0 }, 'capacity', 'error_capacity_invalid'],
			[{ capacity: 100_001 }, 'capacity', 'error_capacity_invalid'],
			[{ name: '  ' }, 'name', 'error_required']
		];
		for (const [change, field, key] of cases) {
			const e = await failure(tx((trx) => createCohort(trx, facilitator, { ...base, ...change }, NOW)));
			expect([e.field, e.message], JSON.stringify(change)).toEqual([field, key]);
		}
		const after = await db.selectFrom('cohort').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(after.n)).toBe(Number(before.n));
	});

	it('lets an administrator use a draft course, and no learner or author create one', async () => {
		const created = await tx((trx) => createCohort(trx, admin, cohortInput(draft.id, { name: 'Pilot' }), NOW));
		expect(created.slug).toBe('pilot');
		for (const who of [learner, await person('author'), null]) {
			const e = await failure(tx((trx) => createCohort(trx, who, cohortInput(course.id), NOW)));
			expect(e).toBeInstanceOf(ForbiddenError);
		}
	});
});

describe('managing a cohort', () => {
	let slug: string;
	beforeAll(async () => {
		({ slug } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Managed', capacity: '3' }), NOW)));
	});

	it('lists each facilitator their own cohorts, with their numbers, and every cohort to administrators', async () => {
		const mine = await listManagedCohorts(db, facilitator);
		expect(mine.map((c) => c.slug)).toContain(slug);
		expect(mine.every((c) => c.slug !== 'pilot')).toBe(true);
		expect(mine.find((c) => c.slug === slug)).toMatchObject({ enrolled: 0, waitlisted: 0, applications: 0, courseTitle: 'Water basics' });
		expect(await listManagedCohorts(db, other)).toEqual([]);
		expect(await listManagedCohorts(db, learner)).toEqual([]);
		expect((await listManagedCohorts(db, admin)).map((c) => c.slug)).toEqual(expect.arrayContaining([slug, 'pilot']));
	});

	it('refuses a facilitator who does not run the cohort, and a learner, with 403 and nothing changed', async () => {
		const cohort = await getManagedCohort(db, facilitator, slug);
		const attempts: ((trx: Transaction<DB>, who: Actor) => Promise<unknown>)[] = [
			(trx, who) => updateCohort(trx, who, slug, { ...settings(cohortInput(course.id)), name: 'Hijacked' }, NOW),
			(trx, who) => addFacilitator(trx, who, slug, other.email, NOW),
			(trx, who) => setModuleReleases(trx, who, slug, { [course.modules[0]!.id]: '2026-03-01T09:00' }),
			(trx, who) =>
				createSession(trx, who, slug, { title: 'X', description: '', kind: 'online', url: 'https://x.org', place: '', startsAt: '2026-03-01T10:00', endsAt: '2026-03-01T11:00' }),
			(trx, who) => createInvitation(trx, who, slug, { label: '', expiresAt: null, maxUses: null }, NOW),
			(trx, who) => createQuestion(trx, who, slug, { kind: 'short_text', label: 'Q', help: '', options: [], required: false }),
			(trx, who) => createCriterion(trx, who, slug, { title: 'C', description: '', weight: 1 }),
			(trx, who) => postAnnouncement(trx, who, slug, { title: 'T', body: 'B' }, NOW, ORIGIN)
		];
		for (const who of [other, learner]) {
			for (const attempt of attempts) {
				const e = await failure(tx((trx) => attempt(trx, who)));
				expect(e).toBeInstanceOf(ForbiddenError);
				expect(e.message).toBe('error_cohort_not_yours');
			}
			expect(await failure(getManagedCohort(db, who, slug))).toBeInstanceOf(ForbiddenError);
		}
		expect(await failure(getManagedCohort(db, facilitator, 'no-such-cohort'))).toBeInstanceOf(NotFoundError);
		const after = await getManagedCohort(db, facilitator, slug);
		expect(after.name).toBe(cohort.name);
		expect(await listFacilitators(db, cohort.id)).toHaveLength(1);
		for (const table of ['cohortModuleRelease', 'cohortSession', 'cohortInvitation', 'applicationQuestion', 'reviewCriterion', 'announcement'] as const) {
			const row = await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).where('cohortId', '=', cohort.id).executeTakeFirstOrThrow();
			expect(Number(row.n), table).toBe(0);
		}
		// An administrator manages every cohort.
		await tx((trx) => updateCohort(trx, admin, slug, { ...settings(cohortInput(course.id)), name: 'Managed' }, NOW));
	});

	it('saves settings, refusing a capacity below the seats taken and naming the number', async () => {
		const cohort = await getManagedCohort(db, facilitator, slug);
		const people = [await person('learner'), await person('learner')];
		await tx(async (trx) => {
			const locked = await lockCohort(trx, cohort.id);
			for (const p of people) await takeSeat(trx, locked, { userId: p.id, source: 'manual', waitlistWhenFull: true, now: NOW });
		});
		const base = settings(cohortInput(course.id, { name: 'Managed' }));
		const e = await failure(tx((trx) => updateCohort(trx, facilitator, slug, { ...base, capacity: 1, name: 'Renamed' }, NOW)));
		expect([e.field, e.message, e.params]).toEqual(['capacity', 'error_cohort_capacity_below_taken', { taken: 2 }]);
		expect((await getManagedCohort(db, facilitator, slug)).name).toBe('Managed');

		await tx((trx) => updateCohort(trx, facilitator, slug, { ...base, capacity: 2, name: 'Renamed', status: 'open', enrolmentMode: 'open' }, NOW));
		expect(await getManagedCohort(db, facilitator, slug)).toMatchObject({ name: 'Renamed', capacity: 2, status: 'open', enrolmentMode: 'open' });
		const roster = await listRoster(db, cohort.id);
		expect(roster.map((r) => r.status)).toEqual(['enrolled', 'enrolled']);
	});

	it('gives seats added to the capacity to the head of the waitlist at once, and tells them', async () => {
		const { slug: s2, id } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Growing', capacity: '1' }), NOW));
		const [first, second, third] = [await person('learner', 'ru', 'Первый'), await person('learner', 'en', 'Second'), await person('learner', 'en', 'Third')];
		await tx(async (trx) => {
			const locked = await lockCohort(trx, id);
			for (const p of [first, second, third]) await takeSeat(trx, locked, { userId: p.id, source: 'open', waitlistWhenFull: true, now: NOW });
		});
		const promoted = await tx((trx) =>
			updateCohort(trx, facilitator, s2, { ...settings(cohortInput(course.id, { name: 'Growing' })), capacity: 2 }, NOW, ORIGIN)
		);
		expect(promoted).toEqual([second.id]);
		expect((await listRoster(db, id)).map((r) => [r.name, r.status, r.waitlistRank])).toEqual([
			// Members by name (Latin sorts before Cyrillic), then the waitlist in its order.
			['Second', 'enrolled', null],
			['Первый', 'enrolled', null],
			['Third', 'waitlisted', 1]
		]);
		const mails = await db.selectFrom('mailOutbox').select(['toAddress', 'kind', 'bodyText']).where('toAddress', 'in', [first.email, second.email, third.email]).execute();
		expect(mails.map((m) => [m.toAddress, m.kind])).toEqual([[second.email, 'cohort_promoted']]);
		expect(mails[0]!.bodyText).toContain(`${ORIGIN}/cohorts/${s2}`);
		// Saving again with the same capacity moves no one.
		expect(
			await tx((trx) => updateCohort(trx, facilitator, s2, { ...settings(cohortInput(course.id, { name: 'Growing' })), capacity: 2 }, NOW, ORIGIN))
		).toEqual([]);
	});

	it('keeps every stored moment when the time zone changes', async () => {
		const cohort = await getManagedCohort(db, facilitator, slug);
		const before = { opens: cohort.enrolOpensAt?.toISOString(), closes: cohort.enrolClosesAt?.toISOString() };
		await tx((trx) =>
			createSession(trx, facilitator, slug, {
				title: 'Zone check',
				description: '',
				kind: 'in_person',
				url: '',
				place: 'Almaty',
				startsAt: '2026-03-02T10:00',
				endsAt: '2026-03-02T12:00'
			})
		);
		// The form shows the window in Almaty time; sent back unchanged with a new zone.
		const base = settings(cohortInput(course.id, { name: 'Renamed', capacity: '2', status: 'open', enrolmentMode: 'open' }));
		await tx((trx) => updateCohort(trx, facilitator, slug, { ...base, timeZone: 'Europe/Berlin' }, NOW));
		const after = await getManagedCohort(db, facilitator, slug);
		expect(after.timeZone).toBe('Europe/Berlin');
		expect({ opens: after.enrolOpensAt?.toISOString(), closes: after.enrolClosesAt?.toISOString() }).toEqual(before);
		const session = (await listSessions(db, cohort.id)).find((s) => s.title === 'Zone check')!;
		expect(session.startsAt.toISOString()).toBe('2026-03-02T05:00:00.000Z');
		await tx((trx) => updateCohort(trx, facilitator, slug, { ...base, timeZone: 'Asia/Almaty' }, NOW));
	});
});

describe('facilitators', () => {
	let authorId: string;
	let slug: string;
	let cohortId: string;
	beforeAll(async () => {
		({ slug, id: cohortId } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Team' }), NOW)));
	});

	it('adds staff by email, with a clear message for anyone else', async () => {
		const author = await person('author', 'en', 'Bakyt Author');
		await tx((trx) => addFacilitator(trx, facilitator, slug, `  ${author.email.toUpperCase()} `, NOW));
		expect((await listFacilitators(db, cohortId)).map((f) => f.id).sort()).toEqual([facilitator.id, author.id].sort());
		authorId = author.id;

		const gone = await person('facilitator', 'en', 'Gone Person');
		await db.updateTable('appUser').set({ deactivatedAt: NOW }).where('id', '=', gone.id).execute();
		const cases: [string, string, Record<string, string>][] = [
			['nobody@example.org', 'error_facilitator_no_account', { email: 'nobody@example.org' }],
			[learner.email, 'error_facilitator_not_staff', { name: learner.name }],
			[gone.email, 'error_facilitator_deactivated', { name: 'Gone Person' }],
			[author.email, 'error_facilitator_already', { name: 'Bakyt Author' }]
		];
		for (const [email, key, params] of cases) {
			const e = await failure(tx((trx) => addFacilitator(trx, facilitator, slug, email, NOW)));
			expect([e.field, e.message, e.params]).toEqual(['email', key, params]);
		}
		// The added author now manages the cohort.
		expect((await getManagedCohort(db, author, slug)).slug).toBe(slug);
	});

	it('removes facilitators but never the last one', async () => {
		await tx((trx) => removeFacilitator(trx, facilitator, slug, authorId));
		const e = await failure(tx((trx) => removeFacilitator(trx, facilitator, slug, facilitator.id)));
		expect(e).toBeInstanceOf(ConflictError);
		expect(e.message).toBe('error_facilitator_last');
		expect(await failure(tx((trx) => removeFacilitator(trx, facilitator, slug, learner.id)))).toBeInstanceOf(NotFoundError);
		expect((await listFacilitators(db, cohortId)).map((f) => f.id)).toEqual([facilitator.id]);
	});
});

describe('the schedule', () => {
	let slug: string;
	let cohortId: string;
	beforeAll(async () => {
		({ slug, id: cohortId } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Schedule' }), NOW)));
	});

	it('sets module release dates read in the cohort zone; blank means no date', async () => {
		const [first, second] = course.modules;
		await tx((trx) => setModuleReleases(trx, facilitator, slug, { [first!.id]: '2026-03-01T09:00', [second!.id]: '' }));
		let releases = await listModuleReleases(db, cohortId, course.id);
		expect(releases.map((r) => r.opensAt?.toISOString() ?? null)).toEqual(['2026-03-01T04:00:00.000Z', null]);

		await tx((trx) => setModuleReleases(trx, facilitator, slug, { [first!.id]: '', [second!.id]: '2026-04-01T18:30:00' }));
		releases = await listModuleReleases(db, cohortId, course.id);
		expect(releases.map((r) => r.opensAt?.toISOString() ?? null)).toEqual([null, '2026-04-01T13:30:00.000Z']);
	});

	it('refuses a bad date or another course’s module, keeping the dates as they were', async () => {
		const [first, second] = course.modules;
		const bad = await failure(tx((trx) => setModuleReleases(trx, facilitator, slug, { [first!.id]: '2026-03-01T09:00', [second!.id]: '2026-04-31T10:00' })));
		expect([bad.field, bad.message]).toEqual([`release-${second!.id}`, 'error_datetime_invalid']);
		const foreign = await failure(tx((trx) => setModuleReleases(trx, facilitator, slug, { [draft.modules[0]!.id]: '2026-03-01T09:00' })));
		expect(foreign).toBeInstanceOf(NotFoundError);
		const releases = await listModuleReleases(db, cohortId, course.id);
		expect(releases.map((r) => r.opensAt?.toISOString() ?? null)).toEqual([null, '2026-04-01T13:30:00.000Z']);
	});

	it('adds, changes and deletes sessions, online with a web link and in person with a place', async () => {
		const online = { title: 'Kick-off', description: '', kind: 'online' as const, url: 'https://meet.example.org/x', place: 'ignored', startsAt: '2026-03-01T10:00', endsAt: '2026-03-01T11:30' };
		const { id } = await tx((trx) => createSession(trx, facilitator, slug, online));
		let [session] = await listSessions(db, cohortId);
		expect(session).toMatchObject({ kind: 'online', url: 'https://meet.example.org/x', place: null });
		expect(session!.startsAt.toISOString()).toBe('2026-03-01T05:00:00.000Z');

		await tx((trx) => updateSession(trx, facilitator, slug, id, { ...online, kind: 'in_person', place: 'CAREC office, Almaty' }));
		[session] = await listSessions(db, cohortId);
		expect(session).toMatchObject({ kind: 'in_person', url: null, place: 'CAREC office, Almaty' });

		const cases: [Partial<typeof online>, string, string][] = [
			[{ url: 'javascript:alert(1)' }, 'url', 'error_session_url_invalid'],
			[{ url: '' }, 'url', 'error_session_url_required'],
			[{ kind: 'in_person' as never, place: ' ' }, 'place', 'error_session_place_required'],
			[{ endsAt: '2026-03-01T10:00' }, 'endsAt', 'error_session_ends_before_start'],
			[{ startsAt: '2026-03-01' }, 'startsAt', 'error_datetime_invalid']
		];
		for (const [change, field, key] of cases) {
			const e = await failure(tx((trx) => updateSession(trx, facilitator, slug, id, { ...online, ...change })));
			expect([e.field, e.message], JSON.stringify(change)).toEqual([field, key]);
		}
		expect((await listSessions(db, cohortId))[0]).toMatchObject({ kind: 'in_person', place: 'CAREC office, Almaty' });

		// A session of another cohort is not this cohort's to change.
		const elsewhere = await tx((trx) => createCohort(trx, other, cohortInput(course.id, { name: 'Elsewhere' }), NOW));
		expect(await failure(tx((trx) => deleteSession(trx, other, elsewhere.slug, id)))).toBeInstanceOf(NotFoundError);
		await tx((trx) => deleteSession(trx, facilitator, slug, id));
		expect(await listSessions(db, cohortId)).toEqual([]);
	});
});

describe('invitations', () => {
	it('makes unguessable codes with an optional label, expiry (cohort zone) and number of uses, and revokes them', async () => {
		const { slug, id } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Invites', enrolmentMode: 'invitation' }), NOW));
		const a = await tx((trx) => createInvitation(trx, facilitator, slug, { label: 'Osh partners', expiresAt: '2026-02-01T12:00', maxUses: 5 }, NOW));
		const b = await tx((trx) => createInvitation(trx, facilitator, slug, { label: '', expiresAt: null, maxUses: null }, NOW));
		expect(a.code).toMatch(/^[a-z2-7]{10}$/);
		expect(a.code).not.toBe(b.code);
		const list = await listInvitations(db, id);
		const stored = list.find((i) => i.id === a.id)!;
		expect(stored).toMatchObject({ label: 'Osh partners', maxUses: 5, uses: 0, revokedAt: null });
		expect(stored.expiresAt?.toISOString()).toBe('2026-02-01T07:00:00.000Z');

		const past = await failure(tx((trx) => createInvitation(trx, facilitator, slug, { label: '', expiresAt: '2026-01-05T10:00', maxUses: null }, NOW)));
		expect([past.field, past.message]).toEqual(['expiresAt', 'error_invitation_expiry_past']);
		const uses = await failure(tx((trx) => createInvitation(trx, facilitator, slug, { label: '', expiresAt: null, maxUses: 0 }, NOW)));
		expect([uses.field, uses.message]).toEqual(['maxUses', 'error_invitation_max_uses_invalid']);

		await tx((trx) => revokeInvitation(trx, facilitator, slug, a.id, NOW));
		expect((await listInvitations(db, id)).find((i) => i.id === a.id)?.revokedAt?.toISOString()).toBe(NOW.toISOString());
		// Revoking twice, or another cohort's code, finds nothing.
		expect(await failure(tx((trx) => revokeInvitation(trx, facilitator, slug, a.id, NOW)))).toBeInstanceOf(NotFoundError);
		expect(await listInvitations(db, id)).toHaveLength(2);
	});
});

describe('the application form and the rubric', () => {
	let slug: string;
	let cohortId: string;
	beforeAll(async () => {
		({ slug, id: cohortId } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Form' }), NOW)));
	});

	it('keeps questions in order through adding, moving, changing and deleting', async () => {
		const q = (label: string, kind: 'short_text' | 'single_choice' = 'short_text', options: string[] = []) => ({ kind, label, help: '', options, required: true });
		const a = await tx((trx) => createQuestion(trx, facilitator, slug, q('Sector', 'single_choice', ['Water', 'Energy'])));
		const b = await tx((trx) => createQuestion(trx, facilitator, slug, q('Why now?')));
		const c = await tx((trx) => createQuestion(trx, facilitator, slug, { ...q('Languages'), kind: 'multiple_choice', options: ['Kazakh', 'Russian', 'English'] }));
		await tx((trx) => moveQuestion(trx, facilitator, slug, c.id, 'up'));
		await tx((trx) => moveQuestion(trx, facilitator, slug, a.id, 'up'));
		expect((await listQuestions(db, cohortId)).map((x) => [x.label, x.position])).toEqual([
			['Sector', 1],
			['Languages', 2],
			['Why now?', 3]
		]);
		// A text question keeps no options, whatever was sent.
		await tx((trx) => updateQuestion(trx, facilitator, slug, a.id, { ...q('Your sector'), options: ['Left', 'Over'] }));
		expect((await listQuestions(db, cohortId))[0]).toMatchObject({ label: 'Your sector', kind: 'short_text', options: [] });

		const bad: [object, string, string][] = [
			[{ ...q('Pick'), kind: 'single_choice', options: ['Only one'] }, 'options', 'error_question_options_too_few'],
			[{ ...q('Pick'), kind: 'multiple_choice', options: ['A', 'a'] }, 'options', 'error_question_options_repeated'],
			[{ ...q('Pick'), kind: 'single_choice', options: Array.from({ length: 21 }, (_, i) => `O${i}`) }, 'options', 'error_question_options_too_many'],
			[q(' '), 'label', 'error_required'],
			[{ ...q('Essay'), kind: 'essay' }, 'kind', 'error_question_kind_unknown']
		];
		for (const [input, field, key] of bad) {
			const e = await failure(tx((trx) => createQuestion(trx, facilitator, slug, input as never)));
			expect([e.field, e.message]).toEqual([field, key]);
		}

		await tx((trx) => deleteQuestion(trx, facilitator, slug, c.id));
		expect((await listQuestions(db, cohortId)).map((x) => [x.label, x.position])).toEqual([
			['Your sector', 1],
			['Why now?', 2]
		]);
		expect(await failure(tx((trx) => deleteQuestion(trx, facilitator, slug, c.id)))).toBeInstanceOf(NotFoundError);
		expect(b.id).toBeTruthy();
	});

	it('keeps weighted criteria, fixed once a review has been scored', async () => {
		const a = await tx((trx) => createCriterion(trx, facilitator, slug, { title: 'Motivation', description: '', weight: 2 }));
		const b = await tx((trx) => createCriterion(trx, facilitator, slug, { title: 'Experience', description: 'Years and depth', weight: 1.5 }));
		await tx((trx) => moveCriterion(trx, facilitator, slug, b.id, 'up'));
		expect((await listCriteria(db, cohortId)).map((c) => [c.title, Number(c.weight), c.position])).toEqual([
			['Experience', 1.5, 1],
			['Motivation', 2, 2]
		]);
		for (const weight of [0, -1, 100.5, Number.NaN]) {
			const e = await failure(tx((trx) => createCriterion(trx, facilitator, slug, { title: 'W', description: '', weight })));
			expect([e.field, e.message]).toEqual(['weight', 'error_weight_invalid']);
		}

		// A reviewer submits scores: from then on the rubric's shape stays.
		const applicant = await person('learner');
		const reviewer = await person('facilitator');
		const application = await db
			.insertInto('application')
			.values({ cohortId, userId: applicant.id, status: 'submitted', submittedAt: NOW })
			.returning('id')
			.executeTakeFirstOrThrow();
		await db
			.insertInto('reviewAssignment')
			.values({ applicationId: application.id, reviewerId: reviewer.id, scores: JSON.stringify({ [a.id]: 4, [b.id]: 3 }), weightedScore: 3.57, submittedAt: NOW })
			.execute();
		const attempts: ((trx: Transaction<DB>) => Promise<unknown>)[] = [
			(trx) => createCriterion(trx, facilitator, slug, { title: 'Late', description: '', weight: 1 }),
			(trx) => deleteCriterion(trx, facilitator, slug, a.id),
			(trx) => updateCriterion(trx, facilitator, slug, a.id, { title: 'Motivation', description: '', weight: 3 })
		];
		for (const attempt of attempts) {
			const e = await failure(tx(attempt));
			expect(e).toBeInstanceOf(ConflictError);
			expect(e.message).toBe('error_rubric_scored');
		}
		await tx((trx) => updateCriterion(trx, facilitator, slug, a.id, { title: 'Motivation and fit', description: 'Clarified', weight: 2 }));
		expect((await listCriteria(db, cohortId)).map((c) => c.title)).toEqual(['Experience', 'Motivation and fit']);
		expect(Number((await listManagedCohorts(db, facilitator)).find((c) => c.slug === slug)?.applications)).toBe(1);
	});
});

describe('announcements', () => {
	it('stores an announcement and mails each enrolled member once, in their own language', async () => {
		const { slug, id } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'News', capacity: '4' }), NOW));
		const ru = await person('learner', 'ru', 'Огулгерек');
		const en = await person('learner', 'en', 'Farrukh');
		const waiting = await person('learner', 'en', 'Waiting Person');
		const left = await person('learner', 'en', 'Left Person');
		const late = await person('learner', 'ru', 'Late Person');
		await tx(async (trx) => {
			const locked = await lockCohort(trx, id);
			for (const p of [ru, en, late, left, waiting]) await takeSeat(trx, locked, { userId: p.id, source: 'manual', waitlistWhenFull: true, now: NOW });
			await trx.updateTable('enrolment').set({ status: 'withdrawn' }).where('userId', '=', left.id).execute();
			await trx.updateTable('enrolment').set({ status: 'pending' }).where('userId', '=', late.id).execute();
		});
		const posted = await tx((trx) =>
			postAnnouncement(trx, facilitator, slug, { title: 'Session moved', body: 'The **kick-off** is now on *Tuesday*.\n\n<script>x</script>' }, NOW, ORIGIN)
		);
		expect(posted.recipients).toBe(2);

		const mails = await db
			.selectFrom('mailOutbox')
			.select(['toAddress', 'locale', 'subject', 'bodyText', 'kind'])
			.where('kind', '=', 'cohort_announcement')
			.where('toAddress', 'in', [ru.email, en.email, waiting.email, left.email, late.email])
			.orderBy('toAddress')
			.execute();
		expect(mails.map((m) => m.toAddress).sort()).toEqual([en.email, ru.email].sort());
		const toRu = mails.find((m) => m.toAddress === ru.email)!;
		const toEn = mails.find((m) => m.toAddress === en.email)!;
		expect(toRu.locale).toBe('ru');
		expect(toRu.subject).toBe('News: Session moved');
		expect(toRu.bodyText).toContain('Здравствуйте');
		expect(toRu.bodyText).toContain('опубликовал(а) объявление');
		expect(toEn.bodyText).toContain('Hello Farrukh,');
		expect(toEn.bodyText).toContain('Dilnoza Facilitator has posted an announcement in News:');
		expect(toEn.bodyText).toContain(`${ORIGIN}/cohorts/${slug}`);
		expect(toEn.bodyText).toContain('The **kick-off** is now on *Tuesday*.');

		const [shown] = await listAnnouncements(db, id);
		expect(shown).toMatchObject({ title: 'Session moved', authorName: 'Dilnoza Facilitator' });
		expect(shown!.html).toContain('<strong>kick-off</strong>');
		expect(shown!.html).not.toContain('<script>');

		const empty = await failure(tx((trx) => postAnnouncement(trx, facilitator, slug, { title: 'T', body: '  ' }, NOW, ORIGIN)));
		expect([empty.field, empty.message]).toEqual(['body', 'error_required']);
		await tx((trx) => deleteAnnouncement(trx, facilitator, slug, shown!.id));
		expect(await listAnnouncements(db, id)).toEqual([]);
		// Mail already queued stays: deleting takes the news off the page only.
		const after = await db.selectFrom('mailOutbox').select('id').where('kind', '=', 'cohort_announcement').where('toAddress', '=', en.email).execute();
		expect(after).toHaveLength(1);
	});
});

describe('the roster', () => {
	it('lists enrolled, pending, the waitlist in order and those who left, and exports CSV for spreadsheets', async () => {
		const { slug, id } = await tx((trx) => createCohort(trx, facilitator, cohortInput(course.id, { name: 'Roster', capacity: '2' }), NOW));
		const named = async (name: string, locale: 'en' | 'ru' = 'en') => person('learner', locale, name);
		const people = [await named('=HYPERLINK("http://evil","x")'), await named('Айгерим, Нурлановна'), await named('Wait One'), await named('Wait Two'), await named('Gone')];
		await tx(async (trx) => {
			const locked = await lockCohort(trx, id);
			for (const p of people) await takeSeat(trx, locked, { userId: p.id, source: 'open', waitlistWhenFull: true, now: NOW });
		});
		// The first waitlisted leaves the queue: places are counted again from 1.
		await db.updateTable('enrolment').set({ status: 'withdrawn', waitlistPosition: null }).where('userId', '=', people[2]!.id).execute();
		await db.updateTable('enrolment').set({ status: 'pending', enrolledAt: NOW }).where('userId', '=', people[1]!.id).execute();

		const roster = await listRoster(db, id);
		expect(roster.map((r) => [r.name, r.status, r.waitlistRank])).toEqual([
			['=HYPERLINK("http://evil","x")', 'enrolled', null],
			['Айгерим, Нурлановна', 'pending', null],
			['Wait Two', 'waitlisted', 1],
			['Gone', 'waitlisted', 2],
			['Wait One', 'withdrawn', null]
		]);

		const csv = await rosterCsv(db, { id, timeZone: 'Asia/Almaty' }, 'ru');
		expect(csv.startsWith('\uFEFF')).toBe(true);
		const lines = csv.slice(1).split('\r\n');
		expect(lines[0]).toBe('Имя,Эл. почта,Страна,Организация,Статус,Место в листе ожидания,Как присоединился,Дата зачисления (Asia/Almaty)');
		expect(lines[1]).toMatch(/^"'=HYPERLINK\(""http:\/\/evil"",""x""\)",user-[^,]+@example\.org,Казахстан,,Зачислен,,Самостоятельная запись,2026-01-05 11:00$/);
		expect(lines[2]).toContain('"Айгерим, Нурлановна"');
		expect(lines[3]).toContain('В листе ожидания,1,');
		expect(lines).toHaveLength(7); // header, five people, and the empty string after the last CRLF
		expect(slug).toBe('roster');
	});
});
