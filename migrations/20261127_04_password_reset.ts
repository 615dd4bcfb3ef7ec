import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// id is the SHA-256 (hex) of the emailed token.
	await db.schema
		.createTable('password_reset')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('used_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('password_reset_user_idx').on('password_reset').column('user_id').execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('password_reset').execute();
}
