import { sql, type ExpressionBuilder, type RawBuilder, type SelectExpression } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { THEMATIC_AREAS } from '../../courses/taxonomy';
import { CENTRAL_ASIA } from '../../countries';
import { DIRECTORY_MAX_QUERY, DIRECTORY_PAGE_SIZE, type DirectorySearch } from '../../schemas/directory-search';
import { runPrepared, type Database } from '../db/connect';
import type { DB, Role } from '../db/schema';
import { photoUrl } from './profile-photo';
import { initialsOf } from './profiles';
import { profileVisibleTo } from './visibility';

/**
 * The alumni directory's search: profiles the viewer may see (visibility.ts, profileVisibleTo,
 * in every query that lists or counts them), found by full text over name, organisation,
 * headline and bio, narrowed by facets (country, thematic area, network, cohort year, language,
 * open to mentoring). Within a facet the choices are alternatives, across facets they all
 * apply; each facet's counts apply every choice but its own (standard faceted search).
 * Results carry no contact channel: those are shown on the profile page, field by field.
 */

export interface DirectoryViewer {
	id: string;
	role: Role;
}

export interface DirectoryFacetValue {
	value: string;
	/** A network's name; the other facets' labels are made by the page in the reader's language. */
	label: string | null;
	count: number;
	selected: boolean;
}

export interface DirectoryCard {
	userId: string;
	displayName: string;
	headline: string;
	organisation: string;
	country: string;
	city: string;
	expertise: string[];
	openToMentoring: boolean;
	/** /directory-photos/<user>?v=<version>, or null: the card shows the initials */
	photoUrl: string | null;
	initials: string;
}

export interface DirectoryPage {
	results: DirectoryCard[];
	total: number;
	page: number;
	pages: number;
	/** The search as applied: network choices the viewer may not use are dropped. */
	search: DirectorySearch;
	facets: {
		country: DirectoryFacetValue[];
		area: DirectoryFacetValue[];
		network: DirectoryFacetValue[];
		year: DirectoryFacetValue[];
		language: DirectoryFacetValue[];
		/** people open to mentoring among the matches of every other choice */
		mentoring: { count: number; selected: boolean };
	};
	/** The results (every choice applied) by country, most first: the chart's figures; they add up to `total`. */
	byCountry: { country: string; count: number }[];
}

/**
 * The networks whose facet a viewer may use: those they belong to or moderate; every network
 * for an administrator. Nobody else learns who belongs to a network, so its choice is dropped.
 */
export async function listFacetNetworks(db: Database, viewer: DirectoryViewer | null) {
	if (!viewer) return [];
	return db
		.selectFrom('network as n')
		.select(['n.id', 'n.slug', 'n.name'])
		.$if(viewer.role !== 'admin', (qb) =>
			qb.where((w) =>
				w.or([
					w.exists(
						w
							.selectFrom('networkMember as nm')
							.select(sql`1`.as('one'))
							.whereRef('nm.networkId', '=', 'n.id')
							.where('nm.userId', '=', viewer.id)
							.where('nm.status', '=', 'member')
					),
					w.exists(w.selectFrom('networkModerator as mo').select(sql`1`.as('one')).whereRef('mo.networkId', '=', 'n.id').where('mo.userId', '=', viewer.id))
				])
			)
		)
		.orderBy('n.name')
		.execute();
}

/**
 * The profile's document is built in English, Russian and dictionary-less readings
 * (migration 19), and a reader's words may be in any language: the query is their union, as
 * in the catalog. websearch_to_tsquery accepts any text, never a syntax error.
 */
function textQuery(q: string) {
	return sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('simple', ${q}))`;
}

/** A facet value and its count, as the database gives them. */
type Found = { value: string; count: number | string };
/** A country's figures: every choice applied (`matched`), all but the country's (`count`), and mentors among all but mentoring's. */
type CountryFound = Found & { matched: number; mentors: number };

const TRUE = sql<boolean>`true`;

/** One facet's choices as a condition on `directory_profile as p` (true when nothing is ticked). */
function choices(search: DirectorySearch, networkIds: string[]) {
	const list = (values: (string | number)[]) => sql.join(values);
	return {
		country: search.country.length ? sql<boolean>`p.country in (${list(search.country)})` : TRUE,
		area: search.area.length ? sql<boolean>`p.expertise && array[${list(search.area)}]::text[]` : TRUE,
		language: search.language.length ? sql<boolean>`p.languages && array[${list(search.language)}]::text[]` : TRUE,
		mentoring: search.mentoring ? sql<boolean>`p.open_to_mentoring` : TRUE,
		// member_of and cohort_years are kept on the profile by triggers (migration 21).
		network: networkIds.length ? sql<boolean>`p.member_of && array[${list(networkIds)}]::uuid[]` : TRUE,
		year: search.year.length ? sql<boolean>`p.cohort_years && array[${list(search.year)}]::int[]` : TRUE
	};
}

// The flags' columns as the database names them (CamelCasePlugin writes `inCountry` as in_country).
type Flag = 'in_country' | 'in_area' | 'in_language' | 'in_mentoring' | 'in_network' | 'in_year';
const FLAG_OF = { country: 'in_country', area: 'in_area', language: 'in_language', mentoring: 'in_mentoring', network: 'in_network', year: 'in_year' } as const;
/**
 * The condition "passes every facet but `except`" on the rows of `m`. Only facets with a choice
 * have a flag column in `m` (`active`); the others pass every row.
 */
function passesAllButOf(active: Flag[], except: Flag | null): RawBuilder<boolean> {
	const flags = active.filter((f) => f !== except).map((f) => sql.ref(`m.${f}`));
	return flags.length ? sql<boolean>`(${sql.join(flags, sql` and `)})` : TRUE;
}

/**
 * The page: browsing (no words) in two statements that PostgreSQL runs side by side on two
 * pooled connections (an embedded database runs them one after the other), a text search in one.
 * Each statement first gathers `m`: the profiles the
 * viewer may see (visibility.ts) that match the words, with one flag per facet; each facet's
 * counts need every flag but their own, the chart every flag. Without words, the page of
 * results is taken in order through an index (migration 21) instead of sorting every profile.
 */
async function directoryQuery(db: Database, viewerId: string | null, search: DirectorySearch, networkIds: string[], allowedNetworkIds: string[], pageSize: number) {
	const passes = choices(search, networkIds);
	const query = search.q ? textQuery(search.q) : null;
	// Ranked only when the order needs it: ts_rank reads every matching profile's document.
	const ranked = query !== null && search.sort === 'relevance';
	// directory_search: the narrow copy of the profiles' searched columns (migration 21); the
	// words are matched in directory_profile's document, through its index.
	// `m` is written out once per statement: only the columns its readers need (the page's
	// order columns only with words; a flag only for a facet with a choice).
	const active = (Object.keys(FLAG_OF) as (keyof typeof FLAG_OF)[]).filter((facet) => passes[facet] !== TRUE);
	const activeFlags = active.map((facet) => FLAG_OF[facet]);
	type Column = 'p.country' | 'p.expertise' | 'p.openToMentoring' | 'p.languages' | 'p.memberOf' | 'p.cohortYears';
	const matched = (columns: Column[]) =>
		db
		.selectFrom('directorySearch as p')
		.$if(query !== null, (qb) => qb.innerJoin('directoryProfile as d', (join) => join.onRef('d.userId', '=', 'p.userId').on(sql<boolean>`d.search_document @@ ${query}`)))
		.select(['p.userId', ...columns])
		.$if(query !== null, (qb) => qb.select(['p.displayName', 'p.updatedAt', (ranked ? sql<number>`ts_rank(d.search_document, ${query})` : sql<number>`0`).as('rank')]))
		.select(active.map((facet) => passes[facet].as(FLAG_OF[facet])))
		.where(profileVisibleTo(viewerId));
	const passesAllBut = (except: Flag | null) => passesAllButOf(activeFlags, except);

	// The orders match directory_search's indexes (migration 21) when there are no words.
	const order = (t: 'm' | 'p' | 'hit') => {
		const c = (column: string) => sql.ref(`${t}.${column}`);
		const by = {
			relevance: ranked ? [sql`${c('rank')} desc`, sql`${c('updated_at')} desc`] : [sql`${c('updated_at')} desc`],
			name: [sql`lower(${c('display_name')})`],
			recent: [sql`${c('updated_at')} desc`]
		}[search.sort];
		return sql.join([...by, c('user_id')]);
	};
	const window = sql`limit ${pageSize} offset ${(search.page - 1) * pageSize}`;
	const everyChoice = sql.join(Object.values(passes), sql` and `);
	const page =
		query === null
			? sql`(select p.user_id, p.updated_at, p.display_name from directory_search as p where ${profileVisibleTo(viewerId)} and ${everyChoice} order by ${order('p')} ${window})`
			: sql`(select m.user_id, m.rank, m.updated_at, m.display_name from m where ${passesAllBut(null)} order by ${order('m')} ${window})`;

	// The page is chosen on the narrow rows; only its profiles are read in full.
	const resultsPart = (eb: ExpressionBuilder<DB, never>) => [
			jsonArrayFrom(
				eb
					.selectFrom(page.as('hit'))
					.innerJoin('directoryProfile as p', (join) => join.on(sql<boolean>`p.user_id = hit.user_id`))
					.select([
						'p.userId',
						'p.displayName',
						'p.headline',
						'p.organisation',
						'p.country',
						'p.city',
						'p.expertise',
						'p.openToMentoring',
						'p.photoVersion',
						sql<boolean>`p.photo_type is not null`.as('hasPhoto')
					])
					.orderBy(order('hit'))
			).as('results'),
			// One pass by country for three figures: the chart (every choice), the country facet
			// (every choice but the country's) and the people open to mentoring (every choice but that).
			jsonArrayFrom(
				sql<CountryFound>`(select m.country as value, count(*) filter (where ${passesAllBut(null)})::int as matched, count(*) filter (where ${passesAllBut('in_country')})::int as count, count(*) filter (where ${passesAllBut('in_mentoring')} and m.open_to_mentoring)::int as mentors from m where ${passesAllBut('in_country')} or ${passesAllBut('in_mentoring')} group by m.country)`
			).as('countries'),
			// unnest in the select list (one pass, no per-row function scan)
			jsonArrayFrom(sql<Found>`(select a.value, count(*)::int as count from (select unnest(m.expertise) as value from m where ${passesAllBut('in_area')}) as a group by a.value)`).as('area')
		] as const;
	const facetsPart = () => [
		jsonArrayFrom(sql<Found>`(select l.value, count(*)::int as count from (select unnest(m.languages) as value from m where ${passesAllBut('in_language')}) as l group by l.value)`).as('language'),
		// The viewer's own networks only, each counted by containment: a few per viewer.
		(allowedNetworkIds.length
			? sql<Found[]>`(select json_build_array(${sql.join(
					allowedNetworkIds.map((id) => sql`json_build_object('value', ${id}::text, 'count', count(*) filter (where m.member_of @> array[${id}::uuid]))`)
				)}) from m where ${passesAllBut('in_network')})`
			: sql<Found[]>`'[]'::json`
		).as('network'),
		jsonArrayFrom(
			sql<Found>`(select y.value::text as value, count(*)::int as count from (select unnest(m.cohort_years) as value from m where ${passesAllBut('in_year')}) as y group by y.value)`
		).as('year')
	] as const;
	const statement = <S extends readonly SelectExpression<DB, never>[]>(columns: Column[], parts: (eb: ExpressionBuilder<DB, never>) => S) =>
		db.with('m', () => matched(columns)).selectNoFrom(parts);
	const forResults: Column[] = ['p.country', 'p.expertise', 'p.openToMentoring'];
	const forFacets: Column[] = ['p.languages', 'p.memberOf', 'p.cohortYears'];
	if (query !== null) {
		// Words narrow `m` to the profiles they match: one statement, planned for its words.
		return statement([...forResults, ...forFacets], (eb) => [...resultsPart(eb), ...facetsPart()]).executeTakeFirstOrThrow();
	}
	// Browsing: `m` may hold every profile, so the work is split in two statements run side by
	// side, each a prepared statement (planning one costs about as much as a facet), each
	// keeping in `m` only the columns it counts.
	const [first, second] = await Promise.all([runPrepared(db, statement(forResults, resultsPart)), runPrepared(db, statement(forFacets, facetsPart))]);
	return { ...first[0]!, ...second[0]! };
}

const countryOrder = (a: string, b: string) => {
	const i = (CENTRAL_ASIA as readonly string[]).indexOf(a);
	const j = (CENTRAL_ASIA as readonly string[]).indexOf(b);
	return (i < 0 ? 99 : i) - (j < 0 ? 99 : j) || a.localeCompare(b);
};

export async function searchDirectory(
	db: Database,
	viewer: DirectoryViewer | null,
	input: DirectorySearch,
	options: { pageSize?: number } = {}
): Promise<DirectoryPage> {
	const pageSize = Math.min(100, Math.max(1, options.pageSize ?? DIRECTORY_PAGE_SIZE));
	const networks = await listFacetNetworks(db, viewer);
	const chosen = networks.filter((n) => input.network.includes(n.slug));
	const search: DirectorySearch = {
		...input,
		q: input.q.trim().slice(0, DIRECTORY_MAX_QUERY),
		network: chosen.map((n) => n.slug),
		page: Math.max(1, Math.floor(input.page) || 1)
	};
	const row = await directoryQuery(
		db,
		viewer?.id ?? null,
		search,
		chosen.map((n) => n.id),
		networks.map((n) => n.id),
		pageSize
	);

	const facet = (found: Found[], selected: string[], sort: (a: DirectoryFacetValue, b: DirectoryFacetValue) => number, label: (v: string) => string | null = () => null) => {
		const values = found.map((f) => ({ value: f.value, label: label(f.value), count: Number(f.count), selected: selected.includes(f.value) }));
		// A ticked choice stays listed, at 0, so it can be unticked.
		for (const value of selected) if (!values.some((v) => v.value === value)) values.push({ value, label: label(value), count: 0, selected: true });
		return values.sort(sort);
	};
	const byCount = (a: DirectoryFacetValue, b: DirectoryFacetValue) => b.count - a.count || a.value.localeCompare(b.value);
	const slugOf = new Map(networks.map((n) => [n.id, n]));
	const networkFound = row.network.filter((f) => Number(f.count) > 0).map((f) => ({ value: slugOf.get(f.value)!.slug, count: f.count }));
	const countryFound = row.countries.filter((f) => Number(f.count) > 0);
	const nameOf = new Map(networks.map((n) => [n.slug, n.name]));

	const byCountry = row.countries
		.filter((f) => Number(f.matched) > 0)
		.map((f) => ({ country: f.value, count: Number(f.matched) }))
		.sort((a, b) => b.count - a.count || countryOrder(a.country, b.country));
	const total = byCountry.reduce((sum, c) => sum + c.count, 0);

	return {
		results: row.results.map(({ photoVersion, hasPhoto, ...card }) => ({
			...card,
			openToMentoring: Boolean(card.openToMentoring),
			photoUrl: hasPhoto ? photoUrl(card.userId, photoVersion) : null,
			initials: initialsOf(card.displayName)
		})),
		total,
		page: search.page,
		pages: Math.max(1, Math.ceil(total / pageSize)),
		search,
		facets: {
			country: facet(countryFound, search.country, (a, b) => countryOrder(a.value, b.value)),
			area: facet(row.area, search.area, (a, b) => THEMATIC_AREAS.indexOf(a.value as never) - THEMATIC_AREAS.indexOf(b.value as never)),
			network: facet(networkFound, search.network, (a, b) => (a.label ?? '').localeCompare(b.label ?? ''), (slug) => nameOf.get(slug) ?? slug).concat(
				// Every network the viewer may filter by is offered, also at 0.
				networks.filter((n) => !networkFound.some((f) => f.value === n.slug) && !search.network.includes(n.slug)).map((n) => ({ value: n.slug, label: n.name, count: 0, selected: false }))
			),
			year: facet(row.year, search.year.map(String), (a, b) => b.value.localeCompare(a.value)),
			language: facet(row.language, search.language, byCount),
			mentoring: { count: row.countries.reduce((sum, f) => sum + Number(f.mentors), 0), selected: search.mentoring }
		},
		byCountry
	};
}
