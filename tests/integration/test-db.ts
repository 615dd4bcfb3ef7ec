import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { createDatabase, type Database } from '../../src/lib/server/db/connect';
import { adminQuery, withDatabase } from './global-setup';

export const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A fresh, migrated database for one test file (call it once, at the top of the file:
 * `const db = await testDatabase();`): a copy of the PostgreSQL template when
 * TEST_DATABASE_URL is set, else an in-memory PGlite loaded from the snapshot.
 * Closed (and dropped) after the file's tests.
 */
export async function testDatabase(): Promise<Database> {
	const url = process.env.TEST_DATABASE_URL;
	if (url) {
		const name = `bilim_t_${randomBytes(6).toString('hex')}`;
		await adminQuery(url, `create database ${name} template ${inject('pgTemplate')}`);
		const db = createDatabase({ url: withDatabase(url, name), poolSize: 5 });
		afterAll(async () => {
			await db.destroy();
			await adminQuery(url, `drop database if exists ${name}`);
		});
		return db;
	}
	const snapshot = new Blob([readFileSync(inject('pgliteSnapshot'))]);
	const db = createDatabase({ dataDir: 'memory://', snapshot });
	afterAll(() => db.destroy());
	return db;
}
