import { sql, type Kysely } from 'kysely';

/**
 * What the directory's search filters and counts by, kept on the profile row so that a search
 * reads one table (server/directory/search.ts): at 10,000 profiles, joining memberships and
 * enrolments for every profile on every search cost more than the rest of the query.
 *
 * - member_of: the networks the person is a member of (network_member, status 'member');
 * - cohort_years: the start years of the cohorts they are enrolled in (enrolment 'enrolled');
 * - owner_active: false while the account is deactivated (app_user.deactivated_at): such a
 *   profile is shown to no one (server/directory/visibility.ts).
 *
 * Triggers keep them right whatever writes the source rows (the app, the CLI, a seed), in the
 * same transaction: no code has to remember to. Each trigger writes the profile only when the
 * value changes, so unrelated writes do not move the data version.
 *
 * directory_search: a narrow copy of each profile's searched and counted columns, kept by a
 * trigger on directory_profile: what each app instance reads into its search snapshot
 * (server/directory/search-index.ts). The profile rows carry the bio, the text-search document
 * and the contacts (~1.4 KB each), this copy ~200 bytes. The text search itself still uses
 * directory_profile's document and index.
 */
export async function up(db: Kysely<any>) {
	await sql`alter table directory_profile
		add column member_of uuid[] not null default '{}',
		add column cohort_years integer[] not null default '{}',
		add column owner_active boolean not null default true`.execute(db);

	await sql`
		create function directory_member_of(person uuid) returns uuid[] language sql stable as $$
			select coalesce(array_agg(network_id order by network_id), '{}') from network_member where user_id = person and status = 'member'
		$$`.execute(db);
	await sql`
		create function directory_cohort_years(person uuid) returns integer[] language sql stable as $$
			select coalesce(array_agg(distinct extract(year from c.starts_on)::int order by extract(year from c.starts_on)::int), '{}')
			from enrolment e join cohort c on c.id = e.cohort_id where e.user_id = person and e.status = 'enrolled'
		$$`.execute(db);

	// A new profile starts with its person's facts.
	await sql`
		create function directory_profile_fill() returns trigger language plpgsql as $$
		begin
			new.member_of := directory_member_of(new.user_id);
			new.cohort_years := directory_cohort_years(new.user_id);
			new.owner_active := not exists (select 1 from app_user u where u.id = new.user_id and u.deactivated_at is not null);
			return new;
		end $$`.execute(db);
	await sql`create trigger directory_profile_fill before insert on directory_profile for each row execute function directory_profile_fill()`.execute(db);

	await sql`
		create function directory_sync_member_of() returns trigger language plpgsql as $$
		declare
			person uuid;
		begin
			foreach person in array array[case when tg_op <> 'INSERT' then old.user_id end, case when tg_op <> 'DELETE' then new.user_id end] loop
				if person is not null then
					update directory_profile set member_of = directory_member_of(person)
					where user_id = person and member_of is distinct from directory_member_of(person);
				end if;
			end loop;
			return null;
		end $$`.execute(db);
	await sql`create trigger directory_sync_member_of after insert or update or delete on network_member for each row execute function directory_sync_member_of()`.execute(db);

	await sql`
		create function directory_sync_cohort_years() returns trigger language plpgsql as $$
		declare
			person uuid;
		begin
			foreach person in array array[case when tg_op <> 'INSERT' then old.user_id end, case when tg_op <> 'DELETE' then new.user_id end] loop
				if person is not null then
					update directory_profile set cohort_years = directory_cohort_years(person)
					where user_id = person and cohort_years is distinct from directory_cohort_years(person);
				end if;
			end loop;
			return null;
		end $$`.execute(db);
	await sql`create trigger directory_sync_cohort_years after insert or update of status, user_id, cohort_id or delete on enrolment for each row execute function directory_sync_cohort_years()`.execute(db);

	await sql`
		create function directory_sync_cohort_start() returns trigger language plpgsql as $$
		begin
			update directory_profile p set cohort_years = directory_cohort_years(p.user_id)
			where p.user_id in (select e.user_id from enrolment e where e.cohort_id = new.id)
				and p.cohort_years is distinct from directory_cohort_years(p.user_id);
			return null;
		end $$`.execute(db);
	await sql`create trigger directory_sync_cohort_start after update of starts_on on cohort for each row when (old.starts_on is distinct from new.starts_on) execute function directory_sync_cohort_start()`.execute(db);

	await sql`
		create function directory_sync_owner_active() returns trigger language plpgsql as $$
		begin
			update directory_profile set owner_active = (new.deactivated_at is null)
			where user_id = new.id and owner_active is distinct from (new.deactivated_at is null);
			return null;
		end $$`.execute(db);
	await sql`create trigger directory_sync_owner_active after update of deactivated_at on app_user for each row when (old.deactivated_at is distinct from new.deactivated_at) execute function directory_sync_owner_active()`.execute(db);

	await sql`
		create table directory_search (
			user_id uuid primary key references directory_profile (user_id) on delete cascade,
			display_name text not null,
			country text not null,
			expertise text[] not null,
			languages text[] not null,
			open_to_mentoring boolean not null,
			visibility text not null,
			hidden_at timestamptz,
			updated_at timestamptz not null,
			member_of uuid[] not null,
			cohort_years integer[] not null,
			owner_active boolean not null
		)`.execute(db);
	await sql`
		create function directory_search_copy() returns trigger language plpgsql as $$
		begin
			insert into directory_search (user_id, display_name, country, expertise, languages, open_to_mentoring, visibility, hidden_at, updated_at, member_of, cohort_years, owner_active)
			values (new.user_id, new.display_name, new.country, new.expertise, new.languages, new.open_to_mentoring, new.visibility, new.hidden_at, new.updated_at, new.member_of, new.cohort_years, new.owner_active)
			on conflict (user_id) do update set
				display_name = excluded.display_name, country = excluded.country, expertise = excluded.expertise, languages = excluded.languages,
				open_to_mentoring = excluded.open_to_mentoring, visibility = excluded.visibility, hidden_at = excluded.hidden_at,
				updated_at = excluded.updated_at, member_of = excluded.member_of, cohort_years = excluded.cohort_years, owner_active = excluded.owner_active
			-- a change of the bio, a contact or the photo leaves the copy as it is
			where (directory_search.display_name, directory_search.country, directory_search.expertise, directory_search.languages, directory_search.open_to_mentoring, directory_search.visibility, directory_search.hidden_at, directory_search.updated_at, directory_search.member_of, directory_search.cohort_years, directory_search.owner_active)
				is distinct from (excluded.display_name, excluded.country, excluded.expertise, excluded.languages, excluded.open_to_mentoring, excluded.visibility, excluded.hidden_at, excluded.updated_at, excluded.member_of, excluded.cohort_years, excluded.owner_active);
			return null;
		end $$`.execute(db);
	await sql`create trigger directory_search_copy after insert or update on directory_profile for each row execute function directory_search_copy()`.execute(db);

	await sql`update directory_profile p set
		member_of = directory_member_of(p.user_id),
		cohort_years = directory_cohort_years(p.user_id),
		owner_active = not exists (select 1 from app_user u where u.id = p.user_id and u.deactivated_at is not null)`.execute(db);
}

export async function down(db: Kysely<any>) {
	await sql`drop trigger directory_search_copy on directory_profile`.execute(db);
	await sql`drop function directory_search_copy()`.execute(db);
	await sql`drop table directory_search`.execute(db);
	await sql`drop trigger directory_sync_owner_active on app_user`.execute(db);
	await sql`drop trigger directory_sync_cohort_start on cohort`.execute(db);
	await sql`drop trigger directory_sync_cohort_years on enrolment`.execute(db);
	await sql`drop trigger directory_sync_member_of on network_member`.execute(db);
	await sql`drop trigger directory_profile_fill on directory_profile`.execute(db);
	for (const fn of ['directory_sync_owner_active', 'directory_sync_cohort_start', 'directory_sync_cohort_years', 'directory_sync_member_of', 'directory_profile_fill']) {
		await sql.raw(`drop function ${fn}()`).execute(db);
	}
	await sql`drop function directory_cohort_years(uuid)`.execute(db);
	await sql`drop function directory_member_of(uuid)`.execute(db);
	await sql`alter table directory_profile drop column member_of, drop column cohort_years, drop column owner_active`.execute(db);
}
