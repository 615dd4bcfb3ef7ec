import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createSession, generateToken, validateSessionToken } from '../../../src/lib/server/auth/session';
import { testDatabase } from '../test-db';
import { importTestCourse, makeCohort, makePeople, makePerson } from './enrolment-fixtures';

const db = await testDatabase();
const course = await importTestCourse(db, 'versioned', 'cohort');

const dataVersion = async () => Number((await sql<{ v: number }>`select sum(version) as v from data_version`.execute(db)).rows[0]!.v);
const contentVersion = async () => (await db.selectFrom('contentVersion').select('version').executeTakeFirstOrThrow()).version;

describe('the version of signed-in pages', () => {
	it('moves on once per committed transaction that changes people, cohorts or admissions', async () => {
		const cohort = await makeCohort(db, course.id);
		const v0 = await dataVersion();
		// Many rows in one transaction: moved once, at commit.
		const people = await makePeople(db, 3);
		const v1 = await dataVersion();
		expect(v1).toBeGreaterThan(v0);
		await db.transaction().execute(async (trx) => {
			for (const p of people) await trx.insertInto('enrolment').values({ cohortId: cohort.id, userId: p.id, status: 'enrolled', source: 'open' }).execute();
			await trx.updateTable('appUser').set({ name: 'Renamed' }).where('id', '=', people[0]!.id).execute();
		});
		expect(await dataVersion()).toBe(v1 + 1);
		await db.insertInto('application').values({ cohortId: cohort.id, userId: people[1]!.id, status: 'draft' }).execute();
		expect(await dataVersion()).toBe(v1 + 2);
		await db.deleteFrom('enrolment').where('cohortId', '=', cohort.id).execute();
		expect(await dataVersion()).toBe(v1 + 3);
	});

	it('does not move for a transaction that rolls back, nor for sessions and mail', async () => {
		const person = await makePerson(db);
		const v0 = await dataVersion();
		await expect(
			db.transaction().execute(async (trx) => {
				await trx.updateTable('appUser').set({ name: 'Never' }).where('id', '=', person.id).execute();
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		await createSession(db, generateToken(), person.id);
		await db.insertInto('mailOutbox').values({ kind: 'test', toAddress: 'a@example.org', toName: 'A', locale: 'en', subject: 's', bodyText: 'b' }).execute();
		expect(await dataVersion()).toBe(v0);
	});

	it('is read with the session, in the same statement, with the content version', async () => {
		const person = await makePerson(db);
		const token = generateToken();
		await createSession(db, token, person.id);
		const before = (await validateSessionToken(db, token)).session!.versions!;
		expect(before).toEqual({ content: await contentVersion(), data: await dataVersion() });
		// An application form is versioned as content (it is cached across submissions).
		const cohort = await makeCohort(db, course.id, { mode: 'application' });
		await db.insertInto('applicationQuestion').values({ cohortId: cohort.id, kind: 'short_text', label: 'Why?', position: 1 }).execute();
		const after = (await validateSessionToken(db, token)).session!.versions!;
		expect(after.content).toBeGreaterThan(before.content);
		expect(after.data).toBeGreaterThan(before.data);
	});
});
