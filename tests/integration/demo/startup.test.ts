import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { startup } from '../../../src/lib/server/startup';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const env = {
	DEMO: '1',
	DEMO_PASSWORD: 'startup-test-password',
	COURSES_DIR: fileURLToPath(new URL('../../../courses', import.meta.url))
};

const counts = async () => ({
	users: (await db.selectFrom('appUser').select('id').execute()).length,
	cohorts: (await db.selectFrom('cohort').select('slug').orderBy('slug').execute()).map((c) => c.slug),
	applications: (await db.selectFrom('application').select('id').execute()).length,
	enrolments: (await db.selectFrom('enrolment').select('id').execute()).length
});

// Each start-up starts the workers; stopped at the end so none runs against a closed database.
const started: { stop: () => void }[] = [];
afterAll(() => started.forEach((s) => s.stop()));

describe('the demo at start-up', () => {
	it('creates the demo cohorts on a new database, after importing the courses they use', async () => {
		vi.spyOn(console, 'log').mockImplementation(() => {});
		started.push(await startup(db, env));
		expect(await counts()).toEqual({
			users: 119,
			cohorts: ['calp-2026', 'calp-pilot', 'water-saving-autumn', 'water-saving-winter'],
			applications: 40,
			enrolments: 17
		});
	});

	it('seeds nothing again on a restart', async () => {
		const before = await counts();
		started.push(await startup(db, env));
		expect(await counts()).toEqual(before);
	});

	it('creates no cohorts when an existing database had its demo cohorts removed', async () => {
		// A restart sees a database that is not new: the demo (and its cohorts) belong to the first start.
		await db.deleteFrom('cohort').execute();
		started.push(await startup(db, env));
		expect((await counts()).cohorts).toEqual([]);
	});
});
