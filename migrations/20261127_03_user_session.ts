import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// id is the SHA-256 (hex) of the token in the cookie; the token itself is never stored.
	await db.schema
		.createTable('user_session')
		.addColumn('id', 'text', (c) => c.primaryKey())
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('expires_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('user_session_user_idx').on('user_session').column('user_id').execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('user_session').execute();
}
