import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('course_module')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80`))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('summary', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addUniqueConstraint('course_module_slug_unique', ['course_id', 'slug'])
		.execute();

	// A lesson is an ordered sequence of items (text now; quizzes, assignments and H5P
	// activities later). Its slug is unique within the course, so learners' records stay
	// attached to a lesson across re-imports and moves between modules.
	await db.schema
		.createTable('lesson')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('module_id', 'uuid', (c) => c.notNull().references('course_module.id').onDelete('cascade'))
		.addColumn('slug', 'text', (c) => c.notNull().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80`))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('estimated_minutes', 'integer', (c) => c.notNull().defaultTo(10).check(sql`estimated_minutes between 0 and 6000`))
		.addColumn('required', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('video_url', 'text')
		.addColumn('video_asset_id', 'uuid')
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('lesson_slug_unique', ['course_id', 'slug'])
		.execute();
	await db.schema.createIndex('lesson_module_idx').on('lesson').columns(['module_id', 'position']).execute();

	await db.schema
		.createTable('lesson_item')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('text')`))
		.addColumn('body', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
		.execute();
	await db.schema.createIndex('lesson_item_lesson_idx').on('lesson_item').columns(['lesson_id', 'position']).execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('lesson_item').execute();
	await db.schema.dropTable('lesson').execute();
	await db.schema.dropTable('course_module').execute();
}
