import { Migrator, type MigrationResultSet } from 'kysely';
import { migrations } from '../../../../migrations/index';
import type { Database } from './connect';

/**
 * Kysely's Migrator runs all pending migrations in one transaction holding a PostgreSQL
 * advisory lock, so when two app processes start at once the second waits and then finds
 * nothing left to do.
 */
export function migrator(db: Database) {
	return new Migrator({
		db,
		provider: { getMigrations: async () => migrations }
	});
}

export async function migrateToLatest(db: Database): Promise<MigrationResultSet> {
	const result = await migrator(db).migrateToLatest();
	if (result.error) throw result.error;
	return result;
}

export async function migrationStatus(db: Database) {
	return migrator(db).getMigrations();
}
