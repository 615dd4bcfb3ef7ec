import { sql, type Kysely } from 'kysely';

/**
 * Certificates (docs/certificates.md). One certificate per learner and learning context
 * (course, cohort or none), issued on the course-completed event or by hand; each is also an
 * Open Badges 3.0 credential, signed once when it is issued.
 *
 * - The certificate keeps its own copy of what it states (holder, course, cohort, dates, hours,
 *   grade, issuer): a certificate must stay verifiable as issued, even if the course, the cohort
 *   or the account is later changed or deleted. So course_id and cohort_id are plain values, not
 *   foreign keys, and user_id is set null when the account goes.
 * - Not valid any more = revoked (with reason) or superseded (re-issued after a name correction);
 *   neither is ever deleted. Each has a place in the revocation status list (status_index).
 * - Templates: one per course, and the site default (course_id null).
 * - certificate_pdf caches generated PDFs per certificate and language under a key that changes
 *   with the template and the holder's name.
 */
const VERSIONED = ['certificate', 'certificate_template'];

export async function up(db: Kysely<any>) {
	await sql`create sequence certificate_serial_seq start 1`.execute(db);
	await sql`create sequence certificate_status_index_seq start 0 minvalue 0`.execute(db);

	await db.schema
		.createTable('certificate')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('serial', 'text', (c) => c.notNull().unique())
		.addColumn('code', 'text', (c) => c.notNull().unique().check(sql`code ~ '^[a-z2-7]{24}$'`))
		.addColumn('user_id', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('course_id', 'uuid', (c) => c.notNull())
		.addColumn('cohort_id', 'uuid')
		.addColumn('completion_id', 'uuid', (c) => c.references('course_completion.id').onDelete('set null'))
		.addColumn('holder_name', 'text', (c) => c.notNull().check(sql`char_length(holder_name) between 1 and 300`))
		.addColumn('course_title', 'text', (c) => c.notNull())
		.addColumn('course_slug', 'text', (c) => c.notNull())
		.addColumn('cohort_name', 'text')
		.addColumn('starts_on', 'text')
		.addColumn('ends_on', 'text')
		.addColumn('completed_at', 'timestamptz')
		.addColumn('hours', 'numeric', (c) => c.notNull().defaultTo(0))
		.addColumn('final_grade', 'numeric')
		.addColumn('issuer_name', 'text', (c) => c.notNull())
		.addColumn('locale', 'text', (c) => c.notNull().check(sql`locale in ('en', 'ru')`))
		.addColumn('status_index', 'integer', (c) => c.notNull().unique().check(sql`status_index >= 0`))
		.addColumn('credential_jwt', 'text', (c) => c.notNull())
		.addColumn('issued_at', 'timestamptz', (c) => c.notNull())
		.addColumn('issued_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('revoked_reason', 'text', (c) => c.check(sql`revoked_reason is null or char_length(revoked_reason) between 3 and 1000`))
		.addColumn('revoked_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('superseded_at', 'timestamptz')
		.addColumn('superseded_by', 'uuid', (c) => c.references('certificate.id').onDelete('set null'))
		.addCheckConstraint('certificate_revocation_complete', sql`(revoked_at is null) = (revoked_reason is null)`)
		.execute();
	// One live certificate per learner and context: a second completion event, a facilitator's
	// click at the same moment or a bulk issue all meet this index (on conflict do nothing).
	await sql`create unique index certificate_one_per_context on certificate (user_id, course_id, cohort_id) nulls not distinct where superseded_at is null and user_id is not null`.execute(db);
	await db.schema.createIndex('certificate_cohort_idx').on('certificate').columns(['cohort_id', 'issued_at']).execute();
	await db.schema.createIndex('certificate_user_idx').on('certificate').columns(['user_id', 'issued_at']).execute();
	await sql`create index certificate_invalid_idx on certificate (status_index) where revoked_at is not null or superseded_at is not null`.execute(db);

	await db.schema
		.createTable('certificate_template')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('course_id', 'uuid', (c) => c.references('course.id').onDelete('cascade'))
		.addColumn('auto_issue', 'boolean', (c) => c.notNull().defaultTo(true))
		.addColumn('texts', 'jsonb', (c) => c.notNull())
		.addColumn('signatories', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
		.addColumn('primary_colour', 'text', (c) => c.notNull().check(sql`primary_colour ~ '^#[0-9a-f]{6}$'`))
		.addColumn('accent_colour', 'text', (c) => c.notNull().check(sql`accent_colour ~ '^#[0-9a-f]{6}$'`))
		.addColumn('logo_data', 'bytea')
		.addColumn('logo_type', 'text', (c) => c.check(sql`logo_type in ('image/png', 'image/jpeg')`))
		.addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
		.addColumn('updated_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('certificate_template_logo_complete', sql`(logo_data is null) = (logo_type is null)`)
		.execute();
	await sql`alter table certificate_template add constraint certificate_template_course_unique unique nulls not distinct (course_id)`.execute(db);

	await db.schema
		.createTable('certificate_pdf')
		.addColumn('certificate_id', 'uuid', (c) => c.notNull().references('certificate.id').onDelete('cascade'))
		.addColumn('locale', 'text', (c) => c.notNull())
		.addColumn('cache_key', 'text', (c) => c.notNull())
		.addColumn('data', 'bytea', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('certificate_pdf_pk', ['certificate_id', 'locale'])
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
	for (const table of ['certificate_pdf', 'certificate_template', 'certificate']) {
		await db.schema.dropTable(table).execute();
	}
	await sql`drop sequence certificate_status_index_seq`.execute(db);
	await sql`drop sequence certificate_serial_seq`.execute(db);
}
