import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// 'open': anyone reads the lessons of the published course. 'cohort': the course page is
	// public, but lessons are read inside a cohort, module by module as their dates come.
	await db.schema
		.alterTable('course')
		.addColumn('access', 'text', (c) => c.notNull().defaultTo('open').check(sql`access in ('open', 'cohort')`))
		.execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.alterTable('course').dropColumn('access').execute();
}
