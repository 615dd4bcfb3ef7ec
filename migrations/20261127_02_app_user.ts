import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('app_user')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('email', 'text', (c) => c.notNull().check(sql`char_length(email) between 3 and 254`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 120`))
		.addColumn('password_hash', 'text', (c) => c.notNull())
		.addColumn('country', 'text', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
		.addColumn('organisation_id', 'uuid', (c) => c.references('organisation.id').onDelete('set null'))
		.addColumn('locale', 'text', (c) => c.notNull().defaultTo('en').check(sql`locale in ('en', 'ru')`))
		.addColumn('role', 'text', (c) =>
			c.notNull().defaultTo('learner').check(sql`role in ('learner', 'author', 'facilitator', 'admin')`)
		)
		.addColumn('deactivated_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	// Email is unique whatever its case: Ada@x.org and ada@x.org are one person.
	await sql`create unique index app_user_email_unique on app_user (lower(email))`.execute(db);
	await db.schema.createIndex('app_user_organisation_idx').on('app_user').column('organisation_id').execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('app_user').execute();
}
