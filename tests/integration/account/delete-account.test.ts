import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { confirmPassword, deleteAccount, DELETE_ATTEMPTS } from '../../../src/lib/server/account/delete-account';
import { exportMyData } from '../../../src/lib/server/account/my-data';
import { findByCode } from '../../../src/lib/server/certificates/certificates';
import { createSession, generateToken, validateSessionToken } from '../../../src/lib/server/auth/session';
import { ConflictError, RateLimitError, ValidationError } from '../../../src/lib/server/errors';
import { testDatabase } from '../test-db';
import { makeUser, PASSWORD } from '../../factories';
import { importTestCourse, makePeople } from '../cohorts/enrolment-fixtures';
import { alumna, type Alumna } from './account-fixtures';

/**
 * Deleting one's own account: confirmed by the password (counted, so a stolen session cannot
 * guess it), one transaction that cannot fail half-way (every foreign key into the account
 * and into what goes with it is cascade or set null: checked in the catalogue), the session
 * ends, and certificates stay verifiable with the holder's name.
 */

const db = await testDatabase();
let course: Awaited<ReturnType<typeof importTestCourse>>;

beforeAll(async () => {
	course = await importTestCourse(db, 'delete-account-course', 'cohort');
});

/** Rows in each table, and hers (by the column that names her). */
async function countsOf(userId: string) {
	const tables = {
		directoryProfile: ['userId'],
		connection: ['requesterId', 'addresseeId'],
		userBlock: ['blockerId', 'blockedId'],
		networkMember: ['userId'],
		networkModerator: ['userId'],
		profileReport: ['profileUserId'],
		enrolment: ['userId'],
		application: ['userId'],
		lessonProgress: ['userId'],
		quizAttempt: ['userId'],
		assignmentSubmission: ['userId'],
		courseCompletion: ['userId'],
		passwordReset: ['userId']
	} as const;
	const totals: Record<string, number> = {};
	const hers: Record<string, number> = {};
	for (const [table, columns] of Object.entries(tables)) {
		const row = await db
			.selectFrom(table as 'enrolment')
			.select((eb) => [
				eb.fn.countAll<string>().as('total'),
				sql<string>`count(*) filter (where ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${userId}::uuid`), sql` or `)})`.as('hers')
			])
			.executeTakeFirstOrThrow();
		totals[table] = Number(row.total);
		hers[table] = Number(row.hers);
	}
	return { totals, hers };
}

const remove = (userId: string) => db.transaction().execute((trx) => deleteAccount(trx, userId));

describe('the catalogue', () => {
	it('deletes or unlinks every row that points at an account or at what goes with it, never refuses', async () => {
		const fks = await sql<{ tbl: string; ref: string; rule: string; nullable: boolean; name: string }>`
			select c.conrelid::regclass::text as tbl, c.confrelid::regclass::text as ref, c.confdeltype as rule, c.conname as name,
				bool_and(not a.attnotnull) as nullable
			from pg_constraint c join pg_attribute a on a.attrelid = c.conrelid and a.attnum = any(c.conkey)
			where c.contype = 'f'
			group by 1, 2, 3, 4`.execute(db);
		// The tables whose rows go when an account goes: app_user and, transitively, every table that cascades from one.
		const gone = new Set(['app_user']);
		for (let grew = true; grew; ) {
			grew = false;
			for (const fk of fks.rows) {
				if (fk.rule === 'c' && gone.has(fk.ref) && !gone.has(fk.tbl)) {
					gone.add(fk.tbl);
					grew = true;
				}
			}
		}
		expect(gone).toContain('directory_profile');
		expect(gone).toContain('submission_file');
		const refusing = fks.rows.filter((fk) => gone.has(fk.ref) && !(fk.rule === 'c' || (fk.rule === 'n' && fk.nullable)));
		expect(refusing.map((fk) => `${fk.name}: ${fk.tbl} -> ${fk.ref} (${fk.rule})`)).toEqual([]);
		expect(gone).not.toContain('certificate');
	});
});

describe('deleting an alumna with a full record', () => {
	let a: Alumna;
	beforeAll(async () => {
		a = await alumna(db, course);
	});

	it('asks for the password, and counts wrong ones', async () => {
		const e = await confirmPassword(db, a.user.id, 'not my password').catch((x) => x);
		expect(e).toBeInstanceOf(ValidationError);
		expect(e).toMatchObject({ field: 'password', message: 'error_mydata_password_wrong' });
		await confirmPassword(db, a.user.id, PASSWORD);
		expect(await db.selectFrom('appUser').select('id').where('id', '=', a.user.id).executeTakeFirst()).toBeDefined();
	});

	it('deletes everything that is only hers in one transaction, ends her session, and keeps her certificate verifiable', async () => {
		const token = generateToken();
		await createSession(db, token, a.user.id);
		const before = await countsOf(a.user.id);
		const issued = await findByCode(db, a.certificateCode);
		expect(issued).toMatchObject({ holderName: 'Gulnara Rahimova', status: 'valid' });

		await remove(a.user.id);

		expect(await db.selectFrom('appUser').select('id').where('id', '=', a.user.id).executeTakeFirst()).toBeUndefined();
		expect((await validateSessionToken(db, token)).user).toBeNull();
		const after = await countsOf(a.user.id);
		for (const [table, n] of Object.entries(before.totals)) {
			expect(before.hers[table], table).toBeGreaterThan(0);
			expect({ table, left: after.totals[table] }).toEqual({ table, left: n - before.hers[table]! });
		}
		expect(await db.selectFrom('submissionFile').select('id').where('id', '=', a.fileId).execute()).toEqual([]);
		expect(await db.selectFrom('mailOutbox').select('id').where('toAddress', '=', a.user.email).execute()).toEqual([]);
		expect(await db.selectFrom('profileReport').select('id').where('profileUserId', '=', a.user.id).execute()).toEqual([]);

		// Kept: what others hold, no longer linked to her.
		expect(await db.selectFrom('announcement').select('authorId').where('id', '=', a.announcementId).executeTakeFirst()).toEqual({ authorId: null });
		expect(await db.selectFrom('profileReport').select('reporterId').where('id', '=', a.reportMadeId).executeTakeFirst()).toEqual({ reporterId: null });

		const verified = await findByCode(db, a.certificateCode);
		expect(verified).toMatchObject({ holderName: 'Gulnara Rahimova', courseTitle: issued!.courseTitle, status: 'valid', serial: issued!.serial });
		const row = await db.selectFrom('certificate').select(['userId', 'credentialJwt']).where('code', '=', a.certificateCode).executeTakeFirstOrThrow();
		expect(row.userId).toBeNull();
		expect(row.credentialJwt.split('.')).toHaveLength(3);
	});

	it('leaves the people she knew with no trace of her in their own export', async () => {
		const data = await exportMyData(db, a.friendId);
		expect(JSON.stringify(data)).not.toContain(a.user.id);
	});
});

describe('refusals', () => {
	it('stops guessing after a few wrong passwords, even before a right one', async () => {
		const user = await makeUser(db);
		for (let i = 0; i < DELETE_ATTEMPTS.limit; i++) await confirmPassword(db, user.id, `wrong ${i}`).catch(() => undefined);
		await expect(confirmPassword(db, user.id, PASSWORD)).rejects.toBeInstanceOf(RateLimitError);
	});

	it('refuses to delete the only administrator, and allows it once there is another', async () => {
		await db.updateTable('appUser').set({ role: 'learner' }).where('role', '=', 'admin').execute();
		const [admin] = await makePeople(db, 1, { role: 'admin' });
		const e = await remove(admin!.id).catch((x) => x);
		expect(e).toBeInstanceOf(ConflictError);
		expect(e.message).toBe('error_mydata_last_admin');
		await makePeople(db, 1, { role: 'admin' });
		await remove(admin!.id);
	});
});
