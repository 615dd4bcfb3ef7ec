import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// Who changed a lesson and when, with the text as it became, so partners can see changes.
	await db.schema
		.createTable('lesson_revision')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('editor', 'import')`))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('body', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema
		.createIndex('lesson_revision_lesson_idx')
		.on('lesson_revision')
		.columns(['lesson_id', 'created_at'])
		.execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('lesson_revision').execute();
}
