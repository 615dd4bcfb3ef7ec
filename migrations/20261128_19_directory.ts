import { sql, type Kysely } from 'kysely';

/**
 * The alumni network directory (docs/directory.md).
 *
 * - network: created by administrators, with moderators; network_link ties a network to a
 *   course or a cohort whose completion makes the learner a member.
 * - network_member: 'member', or 'requested' (waits for a moderator), or 'invited' (waits for the
 *   person), or 'left' (they left: completion does not add them back).
 * - directory_profile: one per person who has opened their profile; private by default:
 *   visibility 'networks' (only members of a shared network see it) and every contact channel
 *   'self' (no one). Visibility values: 'self' < 'connections' < 'networks' < 'public'.
 * - connection: a request from one person to another, accepted or declined; one row per pair.
 * - user_block, profile_report: blocks, and reports to a network's moderators (who may hide a profile).
 */
const VERSIONED = ['network', 'network_moderator', 'network_link', 'network_member', 'directory_profile', 'connection', 'user_block', 'profile_report'];
const VISIBILITY = sql`('self', 'connections', 'networks', 'public')`;

export async function up(db: Kysely<any>) {
	await db.schema
		.createTable('network')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('slug', 'text', (c) => c.notNull().unique().check(sql`slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and char_length(slug) <= 80`))
		.addColumn('name', 'text', (c) => c.notNull().check(sql`char_length(name) between 1 and 200`))
		.addColumn('description', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(description) <= 5000`))
		.addColumn('created_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.execute();

	await db.schema
		.createTable('network_moderator')
		.addColumn('network_id', 'uuid', (c) => c.notNull().references('network.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('network_moderator_pk', ['network_id', 'user_id'])
		.execute();

	await db.schema
		.createTable('network_link')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('network_id', 'uuid', (c) => c.notNull().references('network.id').onDelete('cascade'))
		.addColumn('course_id', 'uuid', (c) => c.references('course.id').onDelete('cascade'))
		.addColumn('cohort_id', 'uuid', (c) => c.references('cohort.id').onDelete('cascade'))
		.addCheckConstraint('network_link_one_target', sql`(course_id is null) <> (cohort_id is null)`)
		.execute();
	await sql`create unique index network_link_unique on network_link (network_id, course_id, cohort_id) nulls not distinct`.execute(db);

	await db.schema
		.createTable('network_member')
		.addColumn('network_id', 'uuid', (c) => c.notNull().references('network.id').onDelete('cascade'))
		.addColumn('user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('member', 'requested', 'invited', 'left')`))
		.addColumn('source', 'text', (c) => c.notNull().check(sql`source in ('completion', 'request', 'invitation', 'admin')`))
		.addColumn('message', 'text', (c) => c.check(sql`message is null or char_length(message) <= 500`))
		.addColumn('invited_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('joined_at', 'timestamptz')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('network_member_pk', ['network_id', 'user_id'])
		.execute();
	await sql`create index network_member_user_idx on network_member (user_id) where status = 'member'`.execute(db);

	await db.schema
		.createTable('directory_profile')
		.addColumn('user_id', 'uuid', (c) => c.primaryKey().references('app_user.id').onDelete('cascade'))
		.addColumn('display_name', 'text', (c) => c.notNull().check(sql`char_length(display_name) between 1 and 120`))
		.addColumn('headline', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(headline) <= 160`))
		.addColumn('organisation', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(organisation) <= 200`))
		.addColumn('country', 'text', (c) => c.notNull().check(sql`country ~ '^[A-Z]{2}$'`))
		.addColumn('city', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(city) <= 100`))
		.addColumn('expertise', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
		.addColumn('languages', sql`text[]`, (c) => c.notNull().defaultTo(sql`'{}'`))
		.addColumn('bio', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(bio) <= 5000`))
		.addColumn('open_to_mentoring', 'boolean', (c) => c.notNull().defaultTo(false))
		.addColumn('visibility', 'text', (c) => c.notNull().defaultTo('networks').check(sql`visibility in ('networks', 'public')`))
		.addColumn('photo', 'bytea')
		.addColumn('photo_type', 'text', (c) => c.check(sql`photo_type in ('image/png', 'image/jpeg', 'image/webp')`))
		.addColumn('photo_version', 'integer', (c) => c.notNull().defaultTo(0))
		.addColumn('contact_email', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(contact_email) <= 254`))
		.addColumn('contact_email_visibility', 'text', (c) => c.notNull().defaultTo('self').check(sql`contact_email_visibility in ${VISIBILITY}`))
		.addColumn('phone', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(phone) <= 40`))
		.addColumn('phone_visibility', 'text', (c) => c.notNull().defaultTo('self').check(sql`phone_visibility in ${VISIBILITY}`))
		.addColumn('telegram', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(telegram) <= 64`))
		.addColumn('telegram_visibility', 'text', (c) => c.notNull().defaultTo('self').check(sql`telegram_visibility in ${VISIBILITY}`))
		.addColumn('linkedin', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(linkedin) <= 300`))
		.addColumn('linkedin_visibility', 'text', (c) => c.notNull().defaultTo('self').check(sql`linkedin_visibility in ${VISIBILITY}`))
		.addColumn('website', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(website) <= 300`))
		.addColumn('website_visibility', 'text', (c) => c.notNull().defaultTo('self').check(sql`website_visibility in ${VISIBILITY}`))
		.addColumn('hidden_at', 'timestamptz')
		.addColumn('hidden_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('hidden_reason', 'text')
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('search_document', sql`tsvector`, (c) =>
			c.generatedAlwaysAs(
				sql`setweight(to_tsvector('simple', display_name), 'A')
				|| setweight(to_tsvector('simple', organisation || ' ' || headline), 'B')
				|| setweight(to_tsvector('english', organisation || ' ' || headline || ' ' || bio), 'C')
				|| setweight(to_tsvector('russian', organisation || ' ' || headline || ' ' || bio), 'C')
				|| setweight(to_tsvector('simple', bio), 'D')`
			).stored()
		)
		.addCheckConstraint('directory_profile_photo_complete', sql`(photo is null) = (photo_type is null)`)
		.execute();
	await sql`create index directory_profile_search_idx on directory_profile using gin (search_document)`.execute(db);
	await sql`create index directory_profile_country_idx on directory_profile (country) where hidden_at is null`.execute(db);

	await db.schema
		.createTable('connection')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('requester_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('addressee_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'accepted', 'declined')`))
		.addColumn('message', 'text', (c) => c.notNull().defaultTo('').check(sql`char_length(message) <= 500`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('responded_at', 'timestamptz')
		.addCheckConstraint('connection_not_self', sql`requester_id <> addressee_id`)
		.execute();
	await sql`create unique index connection_pair on connection (least(requester_id, addressee_id), greatest(requester_id, addressee_id))`.execute(db);
	await db.schema.createIndex('connection_addressee_idx').on('connection').columns(['addressee_id', 'status']).execute();

	await db.schema
		.createTable('user_block')
		.addColumn('blocker_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('blocked_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addPrimaryKeyConstraint('user_block_pk', ['blocker_id', 'blocked_id'])
		.addCheckConstraint('user_block_not_self', sql`blocker_id <> blocked_id`)
		.execute();

	await db.schema
		.createTable('profile_report')
		.addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
		.addColumn('profile_user_id', 'uuid', (c) => c.notNull().references('app_user.id').onDelete('cascade'))
		.addColumn('reporter_id', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('reason', 'text', (c) => c.notNull().check(sql`char_length(reason) between 3 and 1000`))
		.addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
		.addColumn('resolved_at', 'timestamptz')
		.addColumn('resolved_by', 'uuid', (c) => c.references('app_user.id').onDelete('set null'))
		.addColumn('resolution', 'text', (c) => c.check(sql`resolution is null or resolution in ('hidden', 'dismissed')`))
		.execute();
	await sql`create index profile_report_open_idx on profile_report (profile_user_id) where resolved_at is null`.execute(db);

	for (const table of VERSIONED) {
		await sql
			.raw(
				`create constraint trigger ${table}_data_version after insert or update or delete on ${table} deferrable initially deferred for each row execute function bump_data_version()`
			)
			.execute(db);
	}
}

export async function down(db: Kysely<any>) {
	for (const table of ['profile_report', 'user_block', 'connection', 'directory_profile', 'network_member', 'network_link', 'network_moderator', 'network']) {
		await db.schema.dropTable(table).execute();
	}
}
