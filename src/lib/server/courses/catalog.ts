import { sql, type RawBuilder } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { COURSE_LANGUAGES, LEVELS, THEMATIC_AREAS } from '../../courses/taxonomy';
import { CATALOG_PAGE_SIZE, MAX_QUERY, type CatalogSearch } from '../../courses/catalog-search';
import type { Database } from '../db/connect';
import { assetUrl } from './assets';

/**
 * The public catalog: published courses only, found by full-text search and narrowed by
 * facets (thematic area, language, level, organisation). Within a facet the choices are
 * alternatives (any of the ticked areas); across facets they all apply.
 */

export interface FacetValue {
	value: string;
	/** The organisation's name; the other facets' labels are translated by the page. */
	label: string | null;
	count: number;
	selected: boolean;
}

export interface CatalogCard {
	slug: string;
	title: string;
	summary: string;
	language: string;
	level: string;
	estimatedHours: number;
	thematicAreas: string[];
	organisationName: string | null;
	coverUrl: string | null;
	lessonCount: number;
}

export interface CatalogPage {
	courses: CatalogCard[];
	total: number;
	page: number;
	pages: number;
	facets: Record<'areas' | 'languages' | 'levels' | 'organisations', FacetValue[]>;
}

/**
 * The search document is built with each course's own dictionary (see search.ts), and a
 * reader's words may be in any language, so the query is the union of the English, Russian
 * and dictionary-less readings: "water" meets English stems, "вода" meets "воды" in a
 * Russian course, and a Kazakh word at least matches itself. websearch_to_tsquery accepts
 * any text (quotes, `&`, `|`, `!`, `:*` are words or ignored, never syntax errors).
 */
function textQuery(q: string) {
	return sql`(websearch_to_tsquery('english', ${q}) || websearch_to_tsquery('russian', ${q}) || websearch_to_tsquery('simple', ${q}))`;
}

/** One facet's choices as a condition (true when nothing is ticked). */
function choices(search: CatalogSearch) {
	const oneOf = (values: string[], condition: (list: RawBuilder<unknown>) => RawBuilder<boolean>) =>
		values.length ? condition(sql.join(values)) : sql<boolean>`true`;
	return {
		area: oneOf(search.areas, (list) => sql<boolean>`course.thematic_areas && array[${list}]::text[]`),
		language: oneOf(search.languages, (list) => sql<boolean>`course.language in (${list})`),
		level: oneOf(search.levels, (list) => sql<boolean>`course.level in (${list})`),
		organisation: oneOf(search.organisationIds, (list) => sql<boolean>`course.organisation_id in (${list})`)
	};
}

/**
 * The whole catalog page in one statement, so the course table is read once (an embedded
 * database answers one query at a time): `matched` holds the published courses that match
 * the text, with one flag per facet saying whether the course passes that facet's choices.
 * The cards need every flag; each facet's counts need every flag but its own (standard
 * faceted search, so ticking "Russian" does not hide the count of English courses).
 */
function catalogQuery(db: Database, search: CatalogSearch, pageSize: number) {
	const passes = choices(search);
	const query = search.q ? textQuery(search.q) : null;
	const matched = db
		.selectFrom('course')
		.select([
			'course.id',
			'course.thematicAreas',
			'course.language',
			'course.level',
			'course.organisationId',
			'course.publishedAt',
			passes.area.as('inArea'),
			passes.language.as('inLanguage'),
			passes.level.as('inLevel'),
			passes.organisation.as('inOrganisation'),
			(query ? sql<number>`ts_rank(course.search_document, ${query})` : sql<number>`0`).as('rank')
		])
		.where('course.status', '=', 'published')
		.$if(query !== null, (qb) => qb.where(sql<boolean>`course.search_document @@ ${query}`));

	return db
		.with('matched', () => matched)
		.selectNoFrom((eb) => [
			// The page of results is chosen on the narrow rows first; only its courses are read in full.
			jsonArrayFrom(
				eb
					.selectFrom(
						eb
							.selectFrom('matched')
							.where((w) => w.and([w('inArea', '=', true), w('inLanguage', '=', true), w('inLevel', '=', true), w('inOrganisation', '=', true)]))
							.select(['matched.id', 'matched.rank', 'matched.publishedAt'])
							.orderBy('matched.rank', 'desc')
							.orderBy(sql`matched.published_at desc nulls last`)
							.orderBy('matched.id')
							.limit(pageSize)
							.offset((search.page - 1) * pageSize)
							.as('hit')
					)
					.innerJoin('course', 'course.id', 'hit.id')
					.leftJoin('organisation', 'organisation.id', 'course.organisationId')
					.leftJoin('asset as cover', 'cover.id', 'course.coverAssetId')
					.select((c) => [
						'course.slug',
						'course.title',
						'course.summary',
						'course.language',
						'course.level',
						'course.estimatedHours',
						'course.thematicAreas',
						'organisation.name as organisationName',
						'cover.id as coverId',
						'cover.path as coverPath',
						c
							.selectFrom('lesson')
							.select(c.fn.countAll<number>().as('n'))
							.whereRef('lesson.courseId', '=', 'course.id')
							.as('lessonCount')
					])
					.orderBy('hit.rank', 'desc')
					.orderBy(sql`hit.published_at desc nulls last`)
					.orderBy('hit.id')
			).as('courses'),
			jsonArrayFrom(
				eb
					.selectFrom(
						eb
							.selectFrom('matched')
							.where((w) => w.and([w('inLanguage', '=', true), w('inLevel', '=', true), w('inOrganisation', '=', true)]))
							.select(sql<string>`unnest(matched.thematic_areas)`.as('value'))
							.as('a')
					)
					.select((c) => ['a.value', c.fn.countAll<number>().as('count')])
					.groupBy('a.value')
			).as('areas'),
			jsonArrayFrom(
				eb
					.selectFrom('matched')
					.where((w) => w.and([w('inArea', '=', true), w('inLevel', '=', true), w('inOrganisation', '=', true)]))
					.select((c) => ['matched.language as value', c.fn.countAll<number>().as('count')])
					.groupBy('matched.language')
			).as('languages'),
			jsonArrayFrom(
				eb
					.selectFrom('matched')
					.where((w) => w.and([w('inArea', '=', true), w('inLanguage', '=', true), w('inOrganisation', '=', true)]))
					.select((c) => ['matched.level as value', c.fn.countAll<number>().as('count')])
					.groupBy('matched.level')
			).as('levels'),
			// Ticked organisations stay listed, at 0, so they can be unticked.
			jsonArrayFrom(
				eb
					.selectFrom('organisation')
					.leftJoin('matched', (join) =>
						join
							.onRef('matched.organisationId', '=', 'organisation.id')
							.on('inArea', '=', true)
							.on('inLanguage', '=', true)
							.on('inLevel', '=', true)
					)
					.where((w) =>
						search.organisationIds.length
							? w.or([w('matched.id', 'is not', null), w('organisation.id', 'in', search.organisationIds)])
							: w('matched.id', 'is not', null)
					)
					.select((c) => [
						sql<string>`organisation.id::text`.as('value'),
						'organisation.name as label',
						c.fn.count<number>('matched.id').as('count')
					])
					.groupBy(['organisation.id', 'organisation.name'])
			).as('organisations')
		])
		.executeTakeFirstOrThrow();
}

export async function searchCatalog(
	db: Database,
	input: CatalogSearch,
	options: { pageSize?: number } = {}
): Promise<CatalogPage> {
	const search = { ...input, q: input.q.trim().slice(0, MAX_QUERY), page: Math.max(1, Math.floor(input.page) || 1) };
	const pageSize = Math.min(100, Math.max(1, options.pageSize ?? CATALOG_PAGE_SIZE));
	const result = await catalogQuery(db, search, pageSize);

	const facet = (
		found: { value: string; label?: string | null; count: number }[],
		order: readonly string[] | null,
		selected: string[]
	): FacetValue[] => {
		const values = found.map((c) => ({ value: c.value, label: c.label ?? null, count: Number(c.count), selected: selected.includes(c.value) }));
		for (const value of selected) {
			if (!values.some((v) => v.value === value)) values.push({ value, label: null, count: 0, selected: true });
		}
		return order
			? values.sort((a, b) => order.indexOf(a.value) - order.indexOf(b.value))
			: values.sort((a, b) => (a.label ?? '').localeCompare(b.label ?? ''));
	};
	const languages = facet(result.languages, COURSE_LANGUAGES, search.languages);
	// Every course has one language, and the language counts apply every other choice, so
	// the chosen languages' counts (or all of them) add up to the number of matches.
	const total = languages
		.filter((l) => search.languages.length === 0 || l.selected)
		.reduce((sum, l) => sum + l.count, 0);

	return {
		courses: result.courses.map(({ coverId, coverPath, ...card }) => ({
			...card,
			lessonCount: Number(card.lessonCount ?? 0),
			coverUrl: coverId && coverPath ? assetUrl({ id: coverId, path: coverPath }) : null
		})),
		total,
		page: search.page,
		pages: Math.max(1, Math.ceil(total / pageSize)),
		facets: {
			areas: facet(result.areas, THEMATIC_AREAS, search.areas),
			languages,
			levels: facet(result.levels, LEVELS, search.levels),
			organisations: facet(result.organisations, null, search.organisationIds).filter((o) => o.label !== null)
		}
	};
}
