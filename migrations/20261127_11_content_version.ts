import { sql, type Kysely } from 'kysely';

const TABLES = ['course', 'course_module', 'lesson', 'lesson_item', 'lesson_attachment', 'asset', 'organisation'];

export async function up(db: Kysely<any>) {
	// One counter that every change to course content moves on, kept by triggers so no
	// writer can forget it. App instances cache public pages keyed by it: one primary-key
	// read tells each instance whether what it holds is still current.
	await sql`create table content_version (id smallint primary key check (id = 1), version bigint not null default 0)`.execute(db);
	await sql`insert into content_version (id, version) values (1, 0)`.execute(db);
	await sql`
		create function bump_content_version() returns trigger language plpgsql as $$
		begin
			update content_version set version = version + 1 where id = 1;
			return null;
		end
		$$
	`.execute(db);
	for (const table of TABLES) {
		await sql
			.raw(
				`create trigger ${table}_content_version after insert or update or delete or truncate on ${table} for each statement execute function bump_content_version()`
			)
			.execute(db);
	}
}

export async function down(db: Kysely<any>) {
	for (const table of TABLES) await sql.raw(`drop trigger ${table}_content_version on ${table}`).execute(db);
	await sql`drop function bump_content_version()`.execute(db);
	await sql`drop table content_version`.execute(db);
}
