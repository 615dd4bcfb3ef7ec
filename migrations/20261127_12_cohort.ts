import { sql, type Kysely } from 'kysely';

export async function up(db: Kysely<any>) {
	// A cohort is one run of a course: its dates, seats, way in, people and schedule.
	await db.schema
		.createTable('cohort')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		// Restrict: a course with cohorts keeps its learners' records; archive it instead.
		.addColumn('course_id', 'uuid', (c) => c.notNull().references('course.id').onDelete('restrict'))
		.addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`char_length(slug) between 1 and 80`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('starts_on', 'date', (c) => c.notNull())
		.addColumn('ends_on', 'date', (c) => c.notNull())
		.addColumn('time_zone', 'text', (c) => c.notNull().defaultTo('Asia/Almaty'))
		.addColumn('enrol_opens_at', 'timestamptz')
		.addColumn('enrol_closes_at', 'timestamptz')
		.addColumn('capacity', 'integer', (c) => c.notNull().check(sql`capacity between 1 and 100000`))
		.addColumn('enrolment_mode', 'text', (c) => c.notNull().check(sql`enrolment_mode in ('open', 'application', 'invitation')`))
		.addColumn('status', 'text', (c) =>
			c.notNull().defaultTo('planned').check(sql`status in ('planned', 'open', 'running', 'finished')`)
		)
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('cohort_dates_order', sql`ends_on >= starts_on`)
		.addCheckConstraint('cohort_window_order', sql`enrol_opens_at is null or enrol_closes_at is null or enrol_closes_at > enrol_opens_at`)
		.execute();
	await db.schema.createIndex('cohort_course_idx').on('cohort').column('course_id').execute();

	await db.schema
		.createTable('cohort_facilitator')
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('cohort_facilitator_pk', ['cohort_id', 'user_id'])
		.execute();
	await db.schema.createIndex('cohort_facilitator_user_idx').on('cohort_facilitator').column('user_id').execute();

	// Drip release: before opens_at the module's lessons are closed to the cohort.
	await db.schema
		.createTable('cohort_module_release')
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('module_id', 'uuid', (c) => c.notNull().references('course_module.id').onDelete('cascade'))
		.addColumn('opens_at', 'timestamptz', (c) => c.notNull())
		.addPrimaryKeyConstraint('cohort_module_release_pk', ['cohort_id', 'module_id'])
		.execute();

	await db.schema
		.createTable('cohort_session')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('online', 'in_person')`))
		.addColumn('url', 'text')
		.addColumn('place', 'text')
		.addColumn('starts_at', 'timestamptz', (c) => c.notNull())
		.addColumn('ends_at', 'timestamptz', (c) => c.notNull())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('cohort_session_order', sql`ends_at > starts_at`)
		.execute();
	await db.schema.createIndex('cohort_session_cohort_idx').on('cohort_session').columns(['cohort_id', 'starts_at']).execute();
	await db.schema.createIndex('cohort_session_starts_idx').on('cohort_session').column('starts_at').execute();

	await db.schema
		.createTable('cohort_invitation')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('code', 'text', (c) => c.notNull().unique())
		.addColumn('label', 'text', (c) => c.notNull().defaultTo(''))
		.addColumn('expires_at', 'timestamptz')
		.addColumn('max_uses', 'integer', (c) => c.check(sql`max_uses is null or max_uses > 0`))
		.addColumn('uses', 'integer', (c) => c.notNull().defaultTo(0).check(sql`uses >= 0`))
		.addColumn('revoked_at', 'timestamptz')
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addCheckConstraint('cohort_invitation_uses', sql`max_uses is null or uses <= max_uses`)
		.execute();

	// One row per person and cohort. 'pending' (accepted, decision not yet released) and
	// 'enrolled' hold a seat; 'waitlisted' waits in waitlist_position order.
	await db.schema
		.createTable('enrolment')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'enrolled', 'waitlisted', 'withdrawn')`))
		.addColumn('waitlist_position', 'integer')
		.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('open', 'application', 'invitation', 'manual')`))
		.addColumn('invitation_id', 'uuid', (c) => c.references('cohort_invitation.id').onDelete('set null'))
		.addColumn('listed', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('enrolled_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addUniqueConstraint('enrolment_cohort_user_unique', ['cohort_id', 'user_id'])
		.addCheckConstraint('enrolment_waitlist_position', sql`(status = 'waitlisted') = (waitlist_position is not null)`)
		.execute();
	await db.schema.createIndex('enrolment_cohort_status_idx').on('enrolment').columns(['cohort_id', 'status']).execute();
	await db.schema.createIndex('enrolment_user_idx').on('enrolment').column('user_id').execute();

	await db.schema
		.createTable('announcement')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('cohort_id', 'uuid', (c) => c.notNull().references('cohort.id').onDelete('cascade'))
		.addColumn('author_id', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('title', 'text', (c) => c.notNull().check(sql`char_length(title) between 1 and 200`))
		.addColumn('body', 'text', (c) => c.notNull().check(sql`char_length(body) between 1 and 20000`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();
	await db.schema.createIndex('announcement_cohort_idx').on('announcement').columns(['cohort_id', 'created_at']).execute();

	// Once-only notices (module opened, session reminder): a key inserted in the same
	// transaction as the mail, so two instances or two runs never send one twice.
	await db.schema
		.createTable('notice_sent')
		.addColumn('key', 'text', (c) => c.primaryKey())
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	// The course page lists cohorts, and public pages are cached by content version.
	await sql`create trigger cohort_content_version after insert or update or delete or truncate on cohort for each statement execute function bump_content_version()`.execute(db);
}

export async function down(db: Kysely<any>) {
	await sql`drop trigger cohort_content_version on cohort`.execute(db);
	for (const t of ['notice_sent', 'announcement', 'enrolment', 'cohort_invitation', 'cohort_session', 'cohort_module_release', 'cohort_facilitator', 'cohort'])
		await db.schema.dropTable(t).execute();
}
