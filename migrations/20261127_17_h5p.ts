import { sql, type Kysely } from 'kysely';

/**
 * H5P interactive content (docs/h5p.md). An H5P activity is a lesson whose one item is of kind
 * 'h5p' (`NN-slug.h5p` in the courses/ format); the item's data holds the content id, how it
 * completes ('score' or 'view') and its pass mark.
 *
 * - Libraries are stored once per machineName-major.minor and shared by every package that
 *   uses them; a library version the site does not have yet waits for an administrator
 *   ('pending') unless an administrator uploaded it or it came with the courses/ folder.
 * - Content is stored per activity, with the libraries it needs (the whole closure), so it is
 *   playable once all of them are approved.
 * - Every xAPI statement a learner's browser reports is kept (xapi_statement); the result of an
 *   activity per learner and context is h5p_result; saved state for resume is h5p_user_state.
 * Files live in the database, like course assets (docs/storage.md): every app instance sees them.
 */
const VERSIONED = ['h5p_result'];

export async function up(db: Kysely<any>) {
	await sql`alter table lesson_item drop constraint lesson_item_kind_check`.execute(db);
	await sql`alter table lesson_item add constraint lesson_item_kind_check check (kind in ('text', 'quiz', 'assignment', 'h5p'))`.execute(db);

	await db.schema
		.createTable('h5p_library')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('machine_name', 'text', (c) => c.notNull().check(sql`machine_name ~ '^[A-Za-z][A-Za-z0-9._-]{0,126}$'`))
		.addColumn('major_version', 'integer', (c) => c.notNull().check(sql`major_version >= 0`))
		.addColumn('minor_version', 'integer', (c) => c.notNull().check(sql`minor_version >= 0`))
		.addColumn('patch_version', 'integer', (c) => c.notNull().check(sql`patch_version >= 0`))
		.addColumn('title', 'text', (c) => c.notNull())
		.addColumn('runnable', 'boolean', (c) => c.notNull().defaultTo(false))
		// library.json as read (camelCase keys as H5P writes them)
		.addColumn('metadata', 'jsonb', (c) => c.notNull())
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'approved')`))
		.addColumn('uploaded_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('approved_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('approved_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('h5p_library_version_unique', ['machine_name', 'major_version', 'minor_version'])
		.execute();

	await db.schema
		.createTable('h5p_library_file')
		.addColumn('library_id', 'uuid', (c) => c.notNull().references('h5p_library.id').onDelete('cascade'))
		.addColumn('path', 'text', (c) => c.notNull().check(sql`char_length(path) between 1 and 500`))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addPrimaryKeyConstraint('h5p_library_file_pk', ['library_id', 'path'])
		.execute();

	await db.schema
		.createTable('h5p_content')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull())
		// "H5P.TrueFalse 1.6"
		.addColumn('main_library', 'text', (c) => c.notNull())
		// h5p.json as read
		.addColumn('h5p_json', 'jsonb', (c) => c.notNull())
		// content/content.json as text (H5P gives it to the content as a string)
		.addColumn('content_json', 'text', (c) => c.notNull())
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull())
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('h5p_content_course_idx').on('h5p_content').column('course_id').execute();

	// Files under content/ other than content.json (images, audio, video).
	await db.schema
		.createTable('h5p_content_file')
		.addColumn('content_id', 'uuid', (c) => c.notNull().references('h5p_content.id').onDelete('cascade'))
		.addColumn('path', 'text', (c) => c.notNull().check(sql`char_length(path) between 1 and 500`))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addPrimaryKeyConstraint('h5p_content_file_pk', ['content_id', 'path'])
		.execute();

	// Every library the content needs (preloaded dependencies, followed recursively).
	await db.schema
		.createTable('h5p_content_library')
		.addColumn('content_id', 'uuid', (c) => c.notNull().references('h5p_content.id').onDelete('cascade'))
		.addColumn('library_id', 'uuid', (c) => c.notNull().references('h5p_library.id').onDelete('restrict'))
		.addPrimaryKeyConstraint('h5p_content_library_pk', ['content_id', 'library_id'])
		.execute();
	await db.schema.createIndex('h5p_content_library_library_idx').on('h5p_content_library').column('library_id').execute();

	// Every statement a learner's browser reported and we accepted: the audit trail of results.
	await db.schema
		.createTable('xapi_statement')
		.addColumn('id', 'uuid', (c) => c.primaryKey())
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('content_id', 'uuid', (c) => c.notNull().references('h5p_content.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('verb', 'text', (c) => c.notNull())
		.addColumn('top_level', 'boolean', (c) => c.notNull())
		.addColumn('statement', 'jsonb', (c) => c.notNull())
		.addColumn('stored_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('xapi_statement_cohort_idx').on('xapi_statement').columns(['cohort_id', 'stored_at']).execute();
	await db.schema.createIndex('xapi_statement_user_idx').on('xapi_statement').columns(['user_id', 'lesson_id']).execute();

	// The activity's result per learner and context: the best scored top-level statement.
	await db.schema
		.createTable('h5p_result')
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('raw', 'numeric', (c) => c.notNull())
		.addColumn('max', 'numeric', (c) => c.notNull())
		.addColumn('scaled', 'numeric', (c) => c.notNull().check(sql`scaled between 0 and 1`))
		.addColumn('success', 'boolean')
		.addColumn('statement_id', 'uuid', (c) => c.notNull().references('xapi_statement.id').onDelete('cascade'))
		.addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('first_at', 'timestamptz', (c) => c.notNull())
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await sql`alter table h5p_result add constraint h5p_result_unique unique nulls not distinct (user_id, lesson_id, cohort_id)`.execute(db);
	await db.schema.createIndex('h5p_result_cohort_idx').on('h5p_result').columns(['cohort_id', 'lesson_id']).execute();

	// Saved state for resume, per learner, activity and context (H5P's "state" data type of the main content).
	await db.schema
		.createTable('h5p_user_state')
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addColumn('content_id', 'uuid', (c) => c.notNull().references('h5p_content.id').onDelete('cascade'))
		.addColumn('state', 'text', (c) => c.notNull().check(sql`char_length(state) <= 65536`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull())
		.execute();
	await sql`alter table h5p_user_state add constraint h5p_user_state_unique unique nulls not distinct (user_id, lesson_id, cohort_id)`.execute(db);

	// Secrets the app generates at first start and keeps in the database (never in the repository),
	// so every instance shares them: e.g. the key that signs H5P content links.
	await db.schema
		.createTable('app_secret')
		.addColumn('name', 'text', (c) => c.primaryKey())
		.addColumn('value', 'text', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	for (const table of VERSIONED) {
		await sql
			.raw(
				`create constraint trigger ${table}_data_version after insert or update or delete on ${table} deferrable initially deferred for each row execute function bump_data_version()`
			)
			.execute(db);
	}
}

export async function down(db: Kysely<any>) {
	for (const table of ['app_secret', 'h5p_user_state', 'h5p_result', 'xapi_statement', 'h5p_content_library', 'h5p_content_file', 'h5p_content', 'h5p_library_file', 'h5p_library']) {
		await db.schema.dropTable(table).execute();
	}
	await sql`delete from lesson_item where kind = 'h5p'`.execute(db);
	await sql`alter table lesson_item drop constraint lesson_item_kind_check`.execute(db);
	await sql`alter table lesson_item add constraint lesson_item_kind_check check (kind in ('text', 'quiz', 'assignment'))`.execute(db);
}
