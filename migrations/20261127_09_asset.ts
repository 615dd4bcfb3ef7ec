import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// Uploaded files live in the database, so every app instance serves the same files with
	// no shared disk (see docs/storage.md).
	await db.schema
		.createTable('asset')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_id', 'uuid', (c) => c.references('course.id').onDelete('cascade'))
		.addColumn('path', 'text', (c) => c.notNull().check(sql`char_length(path) between 1 and 300`))
		.addColumn('content_type', 'text', (c) => c.notNull())
		.addColumn('size', 'integer', (c) => c.notNull().check(sql`size >= 0`))
		.addColumn('sha256', 'text', (c) => c.notNull())
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('asset_course_path_unique', ['course_id', 'path'])
		.execute();
	await sql`alter table course add constraint course_cover_fk foreign key (cover_asset_id) references asset (id) on delete set null`.execute(db);
	await sql`alter table lesson add constraint lesson_video_fk foreign key (video_asset_id) references asset (id) on delete set null`.execute(db);

	await db.schema
		.createTable('lesson_attachment')
		.addColumn('lesson_id', 'uuid', (c) => c.notNull().references('lesson.id').onDelete('cascade'))
		.addColumn('asset_id', 'uuid', (c) => c.notNull().references('asset.id').onDelete('cascade'))
		.addColumn('position', 'integer', (c) => c.notNull())
		.addColumn('title', 'text', (c) => c.notNull())
		.addPrimaryKeyConstraint('lesson_attachment_pk', ['lesson_id', 'asset_id'])
		.execute();
}

export async function down(db: Kysely<any>) {
	await db.schema.dropTable('lesson_attachment').execute();
	await sql`alter table lesson drop constraint lesson_video_fk`.execute(db);
	await sql`alter table course drop constraint course_cover_fk`.execute(db);
	await db.schema.dropTable('asset').execute();
}
