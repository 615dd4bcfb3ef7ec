import { beforeAll, describe, expect, it } from 'vitest';
import {
	findByCode,
	issueBatch,
	issueCertificate,
	listForCohort,
	listForUser,
	reissueCertificate,
	revokeCertificate,
	getReadableCertificate
} from '../../../src/lib/server/certificates/certificates';
import { checkCompletion } from '../../../src/lib/server/progress/completion';
import type { LearningContext } from '../../../src/lib/server/progress/context';
import { markComplete } from '../../../src/lib/server/progress/progress';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePeople, makePerson } from '../cohorts/enrolment-fixtures';
import { enrol } from '../progress/progress-fixtures';

/**
 * Certificates: issued on the course-completed event and not before, once per learner and
 * context even when events arrive together, by hand, in bulk; re-issued after a name
 * correction; revoked by administrators only; found by code, and only by a real one.
 * The test course's required lessons are what-is-iwrm and field-visit (basins is optional).
 */

const db = await testDatabase();
const NOW = new Date('2026-12-05T09:00:00Z');
const ADMIN = { id: '', role: 'admin' as const };
let counter = 0;

type Course = Awaited<ReturnType<typeof importTestCourse>>;
let course: Course;

async function learnerIn(c: Course, name?: string) {
	const person = await makePerson(db);
	if (name) await db.updateTable('appUser').set({ name }).where('id', '=', person.id).execute();
	const cohort = await makeCohort(db, c.id, { name: `Spring ${++counter}` });
	await enrol(db, cohort.id, person.id);
	const ctx: LearningContext = { userId: person.id, courseId: c.id, cohortId: cohort.id };
	return { person, cohort, ctx, actor: { id: person.id, role: 'learner' as const, organisationId: null } };
}

async function finish(l: Awaited<ReturnType<typeof learnerIn>>, slugs = ['what-is-iwrm', 'field-visit']) {
	for (const slug of slugs) await db.transaction().execute((trx) => markComplete(trx, l.actor, course.slug, slug, NOW));
}

const certificatesOf = (userId: string) => db.selectFrom('certificate').selectAll().where('userId', '=', userId).orderBy('issuedAt').execute();

beforeAll(async () => {
	course = await importTestCourse(db, 'certificates-course', 'cohort');
	const admin = await makePerson(db, { role: 'admin' });
	ADMIN.id = admin.id;
});

describe('issuing on the course-completed event', () => {
	it('issues nothing before the course is complete, then one certificate that states what was true', async () => {
		const l = await learnerIn(course, 'Әлия Қасымқызы');
		await finish(l, ['what-is-iwrm']);
		expect(await certificatesOf(l.person.id)).toEqual([]);

		await finish(l, ['field-visit']);
		const [cert, ...more] = await certificatesOf(l.person.id);
		expect(more).toEqual([]);
		expect(cert).toMatchObject({
			holderName: 'Әлия Қасымқызы',
			courseId: course.id,
			cohortId: l.cohort.id,
			cohortName: l.cohort.name,
			startsOn: '2026-12-01',
			endsOn: '2027-03-01',
			issuedBy: null,
			revokedAt: null,
			supersededAt: null
		});
		expect(cert!.serial).toMatch(/^BLM-2026-\d{6}$/);
		expect(cert!.code).toMatch(/^[a-z2-7]{24}$/);
		expect(cert!.credentialJwt.split('.')).toHaveLength(3);
		expect(cert!.completionId).not.toBeNull();

		// Later checks (another lesson viewed, a grade changed) never issue a second one.
		await db.transaction().execute((trx) => checkCompletion(trx, l.ctx, NOW));
		expect(await certificatesOf(l.person.id)).toHaveLength(1);
	});

	it('issues one certificate when completion events for the same learner arrive at once', async () => {
		const l = await learnerIn(course);
		// Lessons done, completion not yet checked: now eight events check it together.
		for (const lessonSlug of ['what-is-iwrm', 'field-visit']) {
			const lesson = await db.selectFrom('lesson').select('id').where('courseId', '=', course.id).where('slug', '=', lessonSlug).executeTakeFirstOrThrow();
			await db
				.insertInto('lessonProgress')
				.values({ userId: l.person.id, courseId: course.id, cohortId: l.cohort.id, lessonId: lesson.id, firstViewedAt: NOW, lastViewedAt: NOW, completedAt: NOW })
				.execute();
		}
		const results = await Promise.all(Array.from({ length: 8 }, () => db.transaction().execute((trx) => checkCompletion(trx, l.ctx, NOW))));
		expect(results.filter((r) => r.recorded)).toHaveLength(1);
		expect(await certificatesOf(l.person.id)).toHaveLength(1);
	});

	it('issues one certificate when a facilitator clicks while the event arrives', async () => {
		const l = await learnerIn(course);
		const facilitator = await makePerson(db, { role: 'facilitator' });
		await finish(l, ['what-is-iwrm']);
		const field = await db.selectFrom('lesson').select('id').where('courseId', '=', course.id).where('slug', '=', 'field-visit').executeTakeFirstOrThrow();
		await db
			.insertInto('lessonProgress')
			.values({ userId: l.person.id, courseId: course.id, cohortId: l.cohort.id, lessonId: field.id, firstViewedAt: NOW, lastViewedAt: NOW, completedAt: NOW })
			.execute();
		const target = { userId: l.person.id, courseId: course.id, cohortId: l.cohort.id };
		const results = await Promise.all([
			...Array.from({ length: 4 }, () => db.transaction().execute((trx) => issueCertificate(trx, target, { issuedBy: facilitator.id, now: NOW }))),
			...Array.from({ length: 4 }, () => db.transaction().execute((trx) => checkCompletion(trx, l.ctx, NOW)))
		]);
		expect(await certificatesOf(l.person.id)).toHaveLength(1);
		const ids = new Set(results.slice(0, 4).map((r) => (r as { id: string }).id));
		expect(ids.size).toBe(1);
	});

	it('issues nothing automatically when the course turned automatic certificates off; by hand still works', async () => {
		const other = await importTestCourse(db, 'certificates-manual', 'cohort');
		await db
			.insertInto('certificateTemplate')
			.values({
				courseId: other.id,
				autoIssue: false,
				texts: JSON.stringify({ en: { title: 'T', intro: '', body: 'B' }, ru: { title: 'Т', intro: '', body: 'Б' } }),
				primaryColour: '#123456',
				accentColour: '#654321'
			})
			.execute();
		const saved = course;
		course = other;
		try {
			const l = await learnerIn(other);
			await finish(l);
			const completion = await db.selectFrom('courseCompletion').select('id').where('userId', '=', l.person.id).executeTakeFirst();
			expect(completion).toBeDefined();
			expect(await certificatesOf(l.person.id)).toEqual([]);
			const target = { userId: l.person.id, courseId: other.id, cohortId: l.cohort.id };
			const issued = await db.transaction().execute((trx) => issueCertificate(trx, target, { issuedBy: ADMIN.id, now: NOW }));
			expect(issued.created).toBe(true);
		} finally {
			course = saved;
		}
	});

	it('refuses an automatic issue without a completion, and a context that does not exist', async () => {
		const l = await learnerIn(course);
		const target = { userId: l.person.id, courseId: course.id, cohortId: l.cohort.id };
		await expect(db.transaction().execute((trx) => issueCertificate(trx, target, { issuedBy: null }))).rejects.toBeInstanceOf(ConflictError);
		await expect(
			db.transaction().execute((trx) => issueCertificate(trx, { ...target, cohortId: '00000000-0000-4000-8000-000000000000' }, { issuedBy: ADMIN.id }))
		).rejects.toBeInstanceOf(NotFoundError);
		await expect(
			db.transaction().execute((trx) => issueCertificate(trx, target, { issuedBy: ADMIN.id, holderName: '   ' }))
		).rejects.toBeInstanceOf(ValidationError);
		expect(await certificatesOf(l.person.id)).toEqual([]);
	});
});

describe('re-issue, revocation and verification', () => {
	it('re-issues under a corrected name: the old one is kept, superseded, and points to the new one', async () => {
		const l = await learnerIn(course, 'Gayrat Oktamov');
		await finish(l);
		const [old] = await certificatesOf(l.person.id);
		const issued = await db.transaction().execute((trx) => reissueCertificate(trx, old!.id, { holderName: 'Gʻayrat Oʻktamov', actorId: ADMIN.id, now: NOW }));
		const rows = await certificatesOf(l.person.id);
		expect(rows).toHaveLength(2);
		const before = rows.find((r) => r.id === old!.id)!;
		const after = rows.find((r) => r.id === issued.id)!;
		expect(before).toMatchObject({ supersededBy: after.id, holderName: 'Gayrat Oktamov' });
		expect(before.supersededAt).not.toBeNull();
		expect(after).toMatchObject({ holderName: 'Gʻayrat Oʻktamov', supersededAt: null, courseTitle: before.courseTitle, cohortName: before.cohortName });
		expect(after.serial).not.toBe(before.serial);
		expect(after.code).not.toBe(before.code);
		expect(after.statusIndex).not.toBe(before.statusIndex);

		const verifiedOld = await findByCode(db, before.code);
		expect(verifiedOld).toMatchObject({ status: 'superseded', supersededBySerial: after.serial, supersededByCode: after.code });
		expect(await findByCode(db, after.code)).toMatchObject({ status: 'valid', holderName: 'Gʻayrat Oʻktamov' });

		await expect(db.transaction().execute((trx) => reissueCertificate(trx, before.id, { holderName: 'X', actorId: ADMIN.id }))).rejects.toMatchObject({
			message: 'error_certificate_superseded'
		});
		// The learner's list shows both, the old one marked.
		expect((await listForUser(db, l.person.id)).map((c) => c.status).sort()).toEqual(['superseded', 'valid']);
	});

	it('lets only an administrator revoke, with a reason, and never shows a revoked certificate as valid', async () => {
		const l = await learnerIn(course);
		await finish(l);
		const [cert] = await certificatesOf(l.person.id);
		const facilitator = await makePerson(db, { role: 'facilitator' });
		await expect(
			db.transaction().execute((trx) => revokeCertificate(trx, { id: facilitator.id, role: 'facilitator' }, cert!.id, 'Not earned'))
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(
			db.transaction().execute((trx) => revokeCertificate(trx, { id: l.person.id, role: 'learner' }, cert!.id, 'Not earned'))
		).rejects.toBeInstanceOf(ForbiddenError);
		await expect(db.transaction().execute((trx) => revokeCertificate(trx, ADMIN, cert!.id, ' x '))).rejects.toBeInstanceOf(ValidationError);
		expect((await findByCode(db, cert!.code))?.status).toBe('valid');

		expect(await db.transaction().execute((trx) => revokeCertificate(trx, ADMIN, cert!.id, 'Plagiarised capstone', NOW))).toEqual({ revoked: true });
		expect(await db.transaction().execute((trx) => revokeCertificate(trx, ADMIN, cert!.id, 'Another reason'))).toEqual({ revoked: false });
		expect(await findByCode(db, cert!.code)).toMatchObject({ status: 'revoked', revokedReason: 'Plagiarised capstone', revokedAt: NOW });
		await expect(db.transaction().execute((trx) => reissueCertificate(trx, cert!.id, { holderName: 'New', actorId: ADMIN.id }))).rejects.toMatchObject({
			message: 'error_certificate_revoked'
		});
		// The revoked one still holds the learner's place: no automatic second certificate.
		await db.transaction().execute((trx) => checkCompletion(trx, l.ctx, NOW));
		expect(await certificatesOf(l.person.id)).toHaveLength(1);
	});

	it('finds a certificate by its code in any case, and nothing for any other string', async () => {
		const l = await learnerIn(course);
		await finish(l);
		const [cert] = await certificatesOf(l.person.id);
		expect((await findByCode(db, cert!.code.toUpperCase()))?.serial).toBe(cert!.serial);
		expect((await findByCode(db, ` ${cert!.code} `))?.serial).toBe(cert!.serial);
		for (const code of ['', 'x', cert!.code.slice(0, 23), `${cert!.code}a`, 'a'.repeat(5000), "' or 1=1 --", 'ааааааааааааааааааааааааа', '%00', '../../etc/passwd', 'aaaaaaaaaaaaaaaaaaaaaaaa']) {
			expect(await findByCode(db, code)).toBeUndefined();
		}
	});

	it('keeps a certificate verifiable after the holder deletes their account', async () => {
		const l = await learnerIn(course, 'Шаҳло Ҷӯраева');
		await finish(l);
		const [cert] = await certificatesOf(l.person.id);
		await db.deleteFrom('enrolment').where('userId', '=', l.person.id).execute();
		await db.deleteFrom('lessonProgress').where('userId', '=', l.person.id).execute();
		await db.deleteFrom('courseCompletion').where('userId', '=', l.person.id).execute();
		await db.deleteFrom('appUser').where('id', '=', l.person.id).execute();
		expect(await findByCode(db, cert!.code)).toMatchObject({ status: 'valid', holderName: 'Шаҳло Ҷӯраева' });
	});
});

describe('reading and bulk issue', () => {
	it('lets the holder, the cohort’s facilitators and administrators read a certificate, and no one else', async () => {
		const l = await learnerIn(course);
		await finish(l);
		const [cert] = await certificatesOf(l.person.id);
		const facilitator = await makePerson(db, { role: 'facilitator' });
		await db.insertInto('cohortFacilitator').values({ cohortId: l.cohort.id, userId: facilitator.id }).execute();
		const stranger = await makePerson(db);
		const otherFacilitator = await makePerson(db, { role: 'facilitator' });
		expect((await getReadableCertificate(db, { id: l.person.id, role: 'learner' }, cert!.id)).id).toBe(cert!.id);
		expect((await getReadableCertificate(db, { id: facilitator.id, role: 'facilitator' }, cert!.id)).id).toBe(cert!.id);
		expect((await getReadableCertificate(db, ADMIN, cert!.id)).id).toBe(cert!.id);
		await expect(getReadableCertificate(db, { id: stranger.id, role: 'learner' }, cert!.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(getReadableCertificate(db, { id: otherFacilitator.id, role: 'facilitator' }, cert!.id)).rejects.toBeInstanceOf(NotFoundError);
		await expect(getReadableCertificate(db, ADMIN, 'not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
	});

	it('issues for a cohort in batches, reporting what remains, for those who completed and have none', async () => {
		const other = await importTestCourse(db, 'certificates-bulk', 'cohort');
		await db
			.insertInto('certificateTemplate')
			.values({
				courseId: other.id,
				autoIssue: false,
				texts: JSON.stringify({ en: { title: 'T', intro: '', body: 'B' }, ru: { title: 'Т', intro: '', body: 'Б' } }),
				primaryColour: '#123456',
				accentColour: '#654321'
			})
			.execute();
		const cohort = await makeCohort(db, other.id);
		const people = await makePeople(db, 32);
		for (const p of people) await enrol(db, cohort.id, p.id);
		// 30 completed; 2 did not.
		await db
			.insertInto('courseCompletion')
			.values(people.slice(0, 30).map((p) => ({ userId: p.id, courseId: other.id, cohortId: cohort.id, completedAt: NOW, finalGrade: 80 })))
			.execute();
		const first = await db.transaction().execute((trx) => issueBatch(trx, { id: cohort.id, courseId: other.id }, ADMIN.id, 25, NOW));
		expect(first).toEqual({ issued: 25, remaining: 5 });
		const second = await db.transaction().execute((trx) => issueBatch(trx, { id: cohort.id, courseId: other.id }, ADMIN.id, 25, NOW));
		expect(second).toEqual({ issued: 5, remaining: 0 });
		const rows = await listForCohort(db, cohort.id);
		expect(rows).toHaveLength(32);
		expect(rows.filter((r) => r.certificateId).length).toBe(30);
		expect(rows.filter((r) => !r.completedAt).every((r) => r.certificateId === null)).toBe(true);
		const serials = new Set(rows.map((r) => r.serial).filter(Boolean));
		expect(serials.size).toBe(30);
	});
});
