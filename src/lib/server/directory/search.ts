import { sql } from 'kysely';
import { THEMATIC_AREAS } from '../../courses/taxonomy';
import { CENTRAL_ASIA } from '../../countries';
import { DIRECTORY_MAX_QUERY, DIRECTORY_PAGE_SIZE, type DirectorySearch } from '../../schemas/directory-search';
import type { Database } from '../db/connect';
import type { Role } from '../db/schema';
import { photoUrl } from './profile-photo';
import { initialsOf } from './profiles';
import { readViewer, snapshotAt, visibleIn, type IndexedProfile } from './search-index';

/**
 * The alumni directory's search: profiles the viewer may see (visibility.ts's canSeeProfile,
 * for every profile it lists or counts; search-index.ts), found by full text over name, organisation,
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

/** A facet value and its count. */
type Found = { value: string; count: number };
/** A country's figures: every choice applied (`matched`), all but the country's (`count`), and mentors among all but mentoring's. */
type CountryFound = Found & { matched: number; mentors: number };

const FACETS = ['country', 'area', 'language', 'mentoring', 'network', 'year'] as const;
type Facet = (typeof FACETS)[number];

/** One facet's choices as a test of a profile (null when nothing is ticked: every profile passes). */
function choices(search: DirectorySearch, networkIds: string[]): Record<Facet, ((p: IndexedProfile) => boolean) | null> {
	const any = <T>(values: T[], chosen: Set<T>) => values.some((v) => chosen.has(v));
	const country = new Set(search.country);
	const area = new Set(search.area);
	const language = new Set(search.language);
	const network = new Set(networkIds);
	const year = new Set(search.year);
	return {
		country: country.size ? (p) => country.has(p.country) : null,
		area: area.size ? (p) => any(p.expertise, area) : null,
		language: language.size ? (p) => any(p.languages, language) : null,
		mentoring: search.mentoring ? (p) => p.openToMentoring : null,
		network: network.size ? (p) => any(p.memberOf, network) : null,
		year: year.size ? (p) => any(p.cohortYears, year) : null
	};
}

const tally = (counts: Map<string, number>, values: readonly (string | number)[]) => {
	for (const v of values) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
};
const found = (counts: Map<string, number>): Found[] => [...counts].map(([value, count]) => ({ value, count }));

/**
 * The page, its counts and the chart: the words are matched by the database (the profile's
 * document and its index); who may see whom, the facets, the order and the page are decided
 * over the instance's snapshot of the profiles (search-index.ts), with visibility.ts's rule
 * for every profile. Only the page's profiles are then read in full.
 */
async function directoryQuery(db: Database, viewerId: string | null, search: DirectorySearch, networkIds: string[], allowedNetworkIds: string[], pageSize: number) {
	const query = search.q ? textQuery(search.q) : null;
	// Ranked only when the order needs it: ts_rank reads every matching profile's document.
	const ranked = query !== null && search.sort === 'relevance';
	const [{ version, sets }, words] = await Promise.all([
		readViewer(db, viewerId),
		query === null
			? null
			: db
					.selectFrom('directoryProfile as d')
					.select('d.userId')
					.where(sql<boolean>`d.search_document @@ ${query}`)
					.execute()
					.then((rows) => new Set(rows.map((r) => r.userId)))
	]);
	const snapshot = await snapshotAt(db, version);
	const passes = choices(search, networkIds);
	const active = FACETS.filter((f) => passes[f] !== null);
	const allowed = new Set(allowedNetworkIds);

	const countries = new Map<string, CountryFound>();
	const country = (value: string) => {
		let c = countries.get(value);
		if (!c) countries.set(value, (c = { value, matched: 0, count: 0, mentors: 0 }));
		return c;
	};
	const area = new Map<string, number>();
	const language = new Map<string, number>();
	const network = new Map<string, number>();
	const year = new Map<string, number>();
	/** indexes into snapshot.profiles of the profiles that pass every choice */
	const matching = new Set<number>();

	snapshot.profiles.forEach((p, i) => {
		if (words && !words.has(p.userId)) return;
		if (!visibleIn(sets, p)) return;
		// The facets this profile fails; each facet's counts need every other one passed.
		let failed = 0;
		let failedFacet: Facet | null = null;
		for (const f of active) {
			if (!passes[f]!(p)) {
				failed++;
				failedFacet = f;
				if (failed > 1) return;
			}
		}
		const passesAllBut = (f: Facet) => failed === 0 || failedFacet === f;
		if (failed === 0) {
			matching.add(i);
			country(p.country).matched++;
		}
		if (passesAllBut('country')) country(p.country).count++;
		if (passesAllBut('mentoring') && p.openToMentoring) country(p.country).mentors++;
		if (passesAllBut('area')) tally(area, p.expertise);
		if (passesAllBut('language')) tally(language, p.languages);
		if (passesAllBut('network')) tally(network, p.memberOf.filter((n) => allowed.has(n)));
		if (passesAllBut('year')) tally(year, p.cohortYears);
	});

	// The page, in the order asked for: the snapshot is kept most recent first and by name; by
	// relevance to words, the database ranks the matching profiles (ts_rank reads each one's
	// document), then most recent first.
	const from = (search.page - 1) * pageSize;
	const cardsOf = db
		.selectFrom('directoryProfile as p')
		.select(['p.userId', 'p.displayName', 'p.headline', 'p.organisation', 'p.country', 'p.city', 'p.expertise', 'p.openToMentoring', 'p.photoVersion', sql<boolean>`p.photo_type is not null`.as('hasPhoto')]);
	let results;
	if (ranked) {
		const ids = [...matching].map((i) => snapshot.profiles[i]!.userId);
		results = ids.length
			? await cardsOf
					.where(sql<boolean>`p.user_id = any(${ids}::uuid[])`)
					.orderBy(sql`ts_rank(p.search_document, ${query})`, 'desc')
					.orderBy('p.updatedAt', 'desc')
					.orderBy('p.userId')
					.limit(pageSize)
					.offset(from)
					.execute()
			: [];
	} else {
		const order = search.sort === 'name' ? snapshot.byName.filter((i) => matching.has(i)) : [...matching].sort((a, b) => a - b);
		const ids = order.slice(from, from + pageSize).map((i) => snapshot.profiles[i]!.userId);
		const cards = ids.length ? await cardsOf.where('p.userId', 'in', ids).execute() : [];
		const byId = new Map(cards.map((c) => [c.userId, c]));
		// A profile deleted since the snapshot is left out, never an error.
		results = ids.flatMap((id) => byId.get(id) ?? []);
	}
	return {
		results,
		countries: [...countries.values()],
		area: found(area),
		language: found(language),
		network: found(network),
		year: found(year)
	};
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
