import { sql, type Kysely } from 'kysely';

/**
 * The tables whose rows signed-in pages show (people, organisations, cohorts, admissions).
 * Course content and cohort rows also move content_version (migrations 11 and 12), and so do
 * application forms (below).
 * A table added later whose rows such a cached page shows must be added here by a new
 * migration (see docs/architecture.md, "Caching").
 */
export const DATA_VERSION_TABLES = [
	'app_user',
	'organisation',
	'cohort',
	'cohort_facilitator',
	'cohort_module_release',
	'cohort_session',
	'cohort_invitation',
	'enrolment',
	'announcement',
	'application',
	'review_criterion',
	'review_assignment'
];
const SLOTS = 16;

export async function up(db: Kysely<any>) {
	// A counter that every committed change to those tables moves on, for the cache of
	// signed-in pages (server/page-cache.ts). Like content_version, but written by every
	// application, enrolment and review: so it is spread over 16 rows (a writer moves one,
	// chosen by its transaction id; readers add them up), and moved once per transaction,
	// at commit (a deferred trigger), so a writer holds a row lock only while it commits.
	await sql`create table data_version (slot smallint primary key, version bigint not null default 0)`.execute(db);
	await sql`insert into data_version (slot) select generate_series(0, ${sql.lit(SLOTS - 1)})`.execute(db);
	await sql`
		create function bump_data_version() returns trigger language plpgsql as $$
		declare
			tx bigint := txid_current();
		begin
			if current_setting('bilim.data_version_tx', true) is distinct from tx::text then
				perform set_config('bilim.data_version_tx', tx::text, true);
				update data_version set version = version + 1 where slot = tx % ${sql.lit(SLOTS)};
			end if;
			return null;
		end
		$$
	`.execute(db);
	// A cohort's application form is read on every submission, which moves data_version on:
	// it is versioned with the cohort itself, as content, so it can be cached across them.
	await sql`create trigger application_question_content_version after insert or update or delete or truncate on application_question for each statement execute function bump_content_version()`.execute(
		db
	);
	for (const table of DATA_VERSION_TABLES) {
		await sql
			.raw(
				`create constraint trigger ${table}_data_version after insert or update or delete on ${table} deferrable initially deferred for each row execute function bump_data_version()`
			)
			.execute(db);
	}
}

export async function down(db: Kysely<any>) {
	await sql`drop trigger application_question_content_version on application_question`.execute(db);
	for (const table of DATA_VERSION_TABLES) await sql.raw(`drop trigger ${table}_data_version on ${table}`).execute(db);
	await sql`drop function bump_data_version()`.execute(db);
	await sql`drop table data_version`.execute(db);
}
