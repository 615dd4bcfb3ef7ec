import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// Fixed-window counters, shared by every app instance through the database.
	await db.schema
		.createTable('rate_limit')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('window_start', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('hits', 'integer', (c) => c.notNull().defaultTo(0))
		.execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('rate_limit').execute();
}
