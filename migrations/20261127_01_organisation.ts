import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('organisation')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
		.addColumn('type', 'text', (c) =>
			c
				.notNull()
				.check(
					sql`type in ('cso', 'university', 'training_centre', 'government', 'international', 'business')`
				)
		)
		.addColumn('country', 'text', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await sql`create unique index organisation_name_unique on organisation (lower(name))`.execute(db);
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('organisation').execute();
}
