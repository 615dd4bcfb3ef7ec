import { NO_MIGRATIONS } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../../src/lib/server/db/connect';
import { migrateToLatest, migrator } from '../../../src/lib/server/db/migrate';
import { migrations } from '../../../migrations/index';
import { adminQuery, withDatabase } from '../global-setup';
import { onPostgres, testDatabase } from '../test-db';

const db = await testDatabase();

describe('migrations', () => {
	it.runIf(onPostgres)('run once when two app processes start at the same time', async () => {
		const url = process.env.TEST_DATABASE_URL!;
		const name = `bilim_m_${process.pid}_${Date.now()}`;
		await adminQuery(url, `create database ${name}`);
		const a = createDatabase({ url: withDatabase(url, name), poolSize: 2 });
		const b = createDatabase({ url: withDatabase(url, name), poolSize: 2 });
		try {
			const [ra, rb] = await Promise.all([migrateToLatest(a), migrateToLatest(b)]);
			const applied = [...(ra.results ?? []), ...(rb.results ?? [])].filter((r) => r.status === 'Success');
			expect(applied.length).toBe(Object.keys(migrations).length);
		} finally {
			await a.destroy();
			await b.destroy();
			await adminQuery(url, `drop database if exists ${name}`);
		}
	});

	it('go all the way down and up again', async () => {
		const result = await migrator(db).migrateTo(NO_MIGRATIONS);
		expect(result.error).toBeUndefined();
		const tables = await db.introspection.getTables();
		expect(tables.map((t) => t.name).filter((n) => !n.startsWith('kysely_'))).toEqual([]);
		await migrateToLatest(db);
		expect((await db.introspection.getTables()).map((t) => t.name)).toContain('app_user');
	});
});
