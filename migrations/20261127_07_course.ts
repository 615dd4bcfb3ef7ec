import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('course')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80`))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(summary) <= 1000`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('language', 'text', (c) => c.notNull().check(sql`language ~ '^[a-z]{2,3}$'`))
		.addColumn('thematic_areas', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'::text[]`))
		.addColumn('level', 'text', (c) =>
			c.notNull().defaultTo('introductory').check(sql`level in ('introductory', 'intermediate', 'advanced')`)
		)
		.addColumn('estimated_hours', sql`numeric(6,1)`, (c) => c.notNull().defaultTo(0).check(sql`estimated_hours >= 0`))
		.addColumn('outcomes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('licence', 'text', (c) =>
			c
				.notNull()
				.defaultTo('CC-BY-4.0')
				.check(sql`licence in ('CC-BY-4.0', 'CC-BY-SA-4.0', 'CC-BY-NC-SA-4.0', 'all-rights-reserved')`)
		)
		.addColumn('organisation_id', 'uuid', (c) => c.references('organisation.id').onDelete('set null'))
		.addColumn('authors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('cover_asset_id', 'uuid')
		.addColumn('status', 'text', (c) =>
			c.notNull().defaultTo('draft').check(sql`status in ('draft', 'published', 'archived')`)
		)
		.addColumn('published_at', 'timestamptz')
		// SHA-256 of the course folder last imported; at start-up a folder whose files did not
		// change is skipped, so edits made in the browser are not overwritten on restart.
		.addColumn('source_hash', 'text')
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		// Maintained by the courses domain from the title, summary and every lesson's text,
		// with the course language's dictionary (see courses/search.ts).
		.addColumn('search_document', sql`tsvector`, (c) => c.notNull().defaultTo(sql`''::tsvector`))
		.execute();
	await sql`create index course_search_idx on course using gin (search_document)`.execute(db);
	await sql`create index course_areas_idx on course using gin (thematic_areas)`.execute(db);
	await db.schema.createIndex('course_status_idx').on('course').columns(['status', 'published_at']).execute();
	await db.schema.createIndex('course_organisation_idx').on('course').column('organisation_id').execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('course').execute();
}
