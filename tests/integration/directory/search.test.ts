import { beforeAll, describe, expect, it } from 'vitest';
import { parseDirectorySearch, type DirectorySearch } from '../../../src/lib/schemas/directory-search';
import { searchDirectory, type DirectoryPage, type DirectoryViewer } from '../../../src/lib/server/directory/search';
import { canSeeProfile, relationTo } from '../../../src/lib/server/directory/visibility';
import { readViewer, snapshotAt } from '../../../src/lib/server/directory/search-index';
import { sql } from 'kysely';
import type { Visibility } from '../../../src/lib/server/db/schema';
import { makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();

const search = (params: Record<string, string | string[]> = {}): DirectorySearch => {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) p.append(k, one);
	return parseDirectorySearch(p);
};
const names = (r: DirectoryPage) => r.results.map((c) => c.displayName).sort();
const counts = (values: { value: string; count: number }[]) => Object.fromEntries(values.map((v) => [v.value, v.count]));

interface Person {
	name: string;
	country: string;
	visibility?: 'networks' | 'public';
	expertise?: string[];
	languages?: string[];
	mentoring?: boolean;
	headline?: string;
	organisation?: string;
	bio?: string;
	networks?: string[];
	years?: number[];
	hidden?: boolean;
	telegram?: string;
	telegramVisibility?: Visibility;
}

// Networks: 'alumni' and 'climate'. The viewer (Vera) belongs to 'alumni' only; Mona moderates
// 'climate' without belonging to it; Otto belongs to none; Ada is an administrator.
const PEOPLE: Record<string, Person> = {
	vera: { name: 'Vera Viewer', country: 'KG', networks: ['alumni'], expertise: ['waste'], languages: ['ru'] },
	aliya: {
		name: 'Aliya Public',
		country: 'KZ',
		visibility: 'public',
		expertise: ['iwrm', 'transboundary-water'],
		languages: ['kk', 'ru', 'en'],
		mentoring: true,
		headline: 'Water governance expert',
		bio: 'I work on water governance in the Syr Darya basin.',
		networks: ['alumni'],
		years: [2025],
		telegram: '@aliya',
		telegramVisibility: 'public'
	},
	bakhrom: {
		name: 'Bakhrom Network',
		country: 'UZ',
		expertise: ['iwrm', 'climate-change'],
		languages: ['uz', 'ru'],
		headline: 'Irrigation engineer',
		bio: 'Водные ресурсы и орошение в Ферганской долине.',
		networks: ['alumni'],
		years: [2024, 2025]
	},
	dilya: { name: 'Dilya Climate', country: 'TJ', expertise: ['climate-change'], languages: ['tg'], mentoring: true, networks: ['climate'], years: [2024] },
	gulya: { name: 'Gulya Hidden', country: 'KZ', visibility: 'public', expertise: ['iwrm'], networks: ['alumni'], hidden: true, headline: 'Water policy' },
	bolat: { name: 'Bolat Blocker', country: 'KZ', visibility: 'public', expertise: ['iwrm'], languages: ['kk'], headline: 'Water quality' },
	kamila: { name: 'Kamila Connection', country: 'TM', expertise: ['waste', 'iwrm'], languages: ['tk'] },
	pavel: { name: 'Pavel Pending', country: 'AF', expertise: ['waste'], languages: ['fa'] },
	sara: { name: 'Sara Public', country: 'AF', visibility: 'public', expertise: ['biodiversity'], languages: ['ps', 'en'], mentoring: true, networks: ['climate'], organisation: 'Kabul Water Trust' },
	mona: { name: 'Mona Moderator', country: 'UZ' },
	otto: { name: 'Otto Outsider', country: 'KG' },
	ada: { name: 'Ada Admin', country: 'KZ' }
};

const ids: Record<string, string> = {};
const networks: Record<string, string> = {};
const viewer = (key: string): DirectoryViewer => ({ id: ids[key]!, role: key === 'ada' ? 'admin' : 'learner' });

beforeAll(async () => {
	for (const key of Object.keys(PEOPLE)) {
		const user = await makeUser(db, { name: PEOPLE[key]!.name, role: key === 'ada' ? 'admin' : 'learner' });
		ids[key] = user.id;
	}
	for (const slug of ['alumni', 'climate']) {
		const n = await db.insertInto('network').values({ slug, name: slug === 'alumni' ? 'Alumni network' : 'Climate network' }).returning('id').executeTakeFirstOrThrow();
		networks[slug] = n.id;
	}
	await db.insertInto('networkModerator').values({ networkId: networks.climate!, userId: ids.mona! }).execute();
	const course = await db.insertInto('course').values({ slug: 'dir-course', title: 'Course', language: 'en', status: 'published', access: 'cohort' }).returning('id').executeTakeFirstOrThrow();
	const cohorts: Record<number, string> = {};
	for (const year of [2024, 2025]) {
		const c = await db
			.insertInto('cohort')
			.values({ courseId: course.id, slug: `dir-${year}`, name: `Cohort ${year}`, startsOn: `${year}-03-01`, endsOn: `${year}-06-01`, capacity: 30, enrolmentMode: 'open' })
			.returning('id')
			.executeTakeFirstOrThrow();
		cohorts[year] = c.id;
	}
	for (const [key, p] of Object.entries(PEOPLE)) {
		if (['mona', 'otto', 'ada'].includes(key)) continue;
		await db
			.insertInto('directoryProfile')
			.values({
				userId: ids[key]!,
				displayName: p.name,
				country: p.country,
				visibility: p.visibility ?? 'networks',
				expertise: p.expertise ?? [],
				languages: p.languages ?? [],
				openToMentoring: p.mentoring ?? false,
				headline: p.headline ?? '',
				organisation: p.organisation ?? '',
				bio: p.bio ?? '',
				telegram: p.telegram ?? '',
				telegramVisibility: p.telegramVisibility ?? 'self',
				hiddenAt: p.hidden ? new Date() : null
			})
			.execute();
		for (const slug of p.networks ?? []) {
			await db.insertInto('networkMember').values({ networkId: networks[slug]!, userId: ids[key]!, status: 'member', source: 'admin' }).execute();
		}
		for (const year of p.years ?? []) {
			await db.insertInto('enrolment').values({ cohortId: cohorts[year]!, userId: ids[key]!, status: 'enrolled', source: 'open' }).execute();
		}
	}
	// Pavel is only on the 2024 waiting list: no cohort year.
	await db.insertInto('enrolment').values({ cohortId: cohorts[2024]!, userId: ids.pavel!, status: 'waitlisted', source: 'open', waitlistPosition: 1 }).execute();
	// Vera has only asked to join 'climate'; she is connected to Kamila; Pavel's request to her waits; Bolat blocked her.
	await db.insertInto('networkMember').values({ networkId: networks.climate!, userId: ids.vera!, status: 'requested', source: 'request' }).execute();
	await db.insertInto('connection').values({ requesterId: ids.vera!, addresseeId: ids.kamila!, status: 'accepted' }).execute();
	await db.insertInto('connection').values({ requesterId: ids.pavel!, addresseeId: ids.vera!, status: 'pending' }).execute();
	await db.insertInto('userBlock').values({ blockerId: ids.bolat!, blockedId: ids.vera! }).execute();
});

/** The profiles a viewer may see, by the one rule in visibility.ts, one at a time. */
async function visibleTo(key: string | null): Promise<string[]> {
	const profiles = await db.selectFrom('directoryProfile').select(['userId', 'displayName', 'visibility', 'hiddenAt', 'ownerActive']).execute();
	const seen: string[] = [];
	for (const p of profiles) {
		const relation = await relationTo(db, key ? ids[key]! : null, p.userId);
		if (canSeeProfile(p, relation)) seen.push(p.displayName);
	}
	return seen.sort();
}

describe('searchDirectory: visibility', () => {
	it('shows a visitor the public profiles only, no hidden one, and no network facet', async () => {
		const r = await searchDirectory(db, null, search(), { pageSize: 100 });
		expect(names(r)).toEqual(['Aliya Public', 'Bolat Blocker', 'Sara Public']);
		expect(names(r)).toEqual(await visibleTo(null));
		expect(r.total).toBe(3);
		expect(r.facets.network).toEqual([]);
		expect(counts(r.facets.country)).toEqual({ KZ: 2, AF: 1 });
	});

	it('shows a member the profiles of their networks, their connections and their own; never a blocker, a hidden or a pending one', async () => {
		const r = await searchDirectory(db, viewer('vera'), search(), { pageSize: 100 });
		expect(names(r)).toEqual(['Aliya Public', 'Bakhrom Network', 'Kamila Connection', 'Sara Public', 'Vera Viewer']);
		expect(names(r)).toEqual(await visibleTo('vera'));
	});

	it('agrees with visibility.ts for every viewer, and every count comes from the visible profiles only', async () => {
		for (const key of [null, ...Object.keys(PEOPLE)]) {
			const r = await searchDirectory(db, key ? viewer(key) : null, search(), { pageSize: 100 });
			const expected = await visibleTo(key);
			expect(names(r), `viewer ${key}`).toEqual(expected);
			const seen = Object.values(PEOPLE).filter((p) => expected.includes(p.name));
			const tally = (values: string[]) => values.reduce<Record<string, number>>((t, v) => ({ ...t, [v]: (t[v] ?? 0) + 1 }), {});
			expect(counts(r.facets.country), `viewer ${key}`).toEqual(tally(seen.map((p) => p.country)));
			expect(counts(r.facets.area), `viewer ${key}`).toEqual(tally(seen.flatMap((p) => p.expertise ?? [])));
			expect(counts(r.facets.language), `viewer ${key}`).toEqual(tally(seen.flatMap((p) => p.languages ?? [])));
			expect(counts(r.facets.year), `viewer ${key}`).toEqual(tally(seen.flatMap((p) => (p.years ?? []).map(String))));
			expect(r.facets.mentoring.count, `viewer ${key}`).toBe(seen.filter((p) => p.mentoring).length);
			expect(r.byCountry.reduce((s, c) => s + c.count, 0)).toBe(r.total);
			expect(r.total).toBe(expected.length);
		}
	});

	it('finds no hidden profile by its words, and carries no contact channel in a result', async () => {
		const r = await searchDirectory(db, viewer('vera'), search({ q: 'water' }), { pageSize: 100 });
		expect(names(r)).toEqual(['Aliya Public', 'Sara Public']);
		for (const card of r.results) {
			expect(Object.keys(card).sort()).toEqual(['city', 'country', 'displayName', 'expertise', 'headline', 'initials', 'openToMentoring', 'organisation', 'photoUrl', 'userId']);
		}
		expect(JSON.stringify(r)).not.toContain('@aliya');
		const visitor = await searchDirectory(db, null, search({ q: 'policy' }));
		expect(visitor.total).toBe(0);
	});

	it('shows a moderator the profiles of the network they moderate, and lets them filter by it', async () => {
		const r = await searchDirectory(db, viewer('mona'), search({ network: 'climate' }), { pageSize: 100 });
		expect(names(r)).toEqual(['Dilya Climate', 'Sara Public']);
		expect(r.facets.network).toEqual([{ value: 'climate', label: 'Climate network', count: 2, selected: true }]);
	});
});

describe('searchDirectory: networks facet', () => {
	it('offers a member only their own networks, and ignores a network they do not belong to', async () => {
		const mine = await searchDirectory(db, viewer('vera'), search(), { pageSize: 100 });
		expect(mine.facets.network).toEqual([{ value: 'alumni', label: 'Alumni network', count: 3, selected: false }]);
		// Vera only asked to join 'climate': choosing it changes nothing, and is not reported back.
		const forged = await searchDirectory(db, viewer('vera'), search({ network: 'climate' }), { pageSize: 100 });
		expect(forged.search.network).toEqual([]);
		expect(names(forged)).toEqual(names(mine));
	});

	it('lets an outsider learn nothing about who belongs to a network', async () => {
		const all = await searchDirectory(db, viewer('otto'), search(), { pageSize: 100 });
		const forged = await searchDirectory(db, viewer('otto'), search({ network: ['alumni', 'climate'] }), { pageSize: 100 });
		expect(all.facets.network).toEqual([]);
		expect(names(forged)).toEqual(names(all));
		expect(names(all)).toEqual(['Aliya Public', 'Bolat Blocker', 'Sara Public']);
	});

	it('offers an administrator every network, counted over the profiles they may see', async () => {
		const r = await searchDirectory(db, viewer('ada'), search(), { pageSize: 100 });
		expect(r.facets.network.map((n) => [n.value, n.count])).toEqual([
			['alumni', 1],
			['climate', 1]
		]);
	});
});

describe('searchDirectory: facets', () => {
	it('counts each facet with every other choice applied, but not its own', async () => {
		const r = await searchDirectory(db, viewer('vera'), search({ country: 'KZ' }), { pageSize: 100 });
		expect(names(r)).toEqual(['Aliya Public']);
		// Country counts ignore the country choice: the other countries stay offered.
		expect(counts(r.facets.country)).toEqual({ KZ: 1, KG: 1, UZ: 1, TM: 1, AF: 1 });
		expect(r.facets.country.find((c) => c.value === 'KZ')!.selected).toBe(true);
		// Every other facet counts within Kazakhstan.
		expect(counts(r.facets.area)).toEqual({ iwrm: 1, 'transboundary-water': 1 });
		expect(counts(r.facets.language)).toEqual({ kk: 1, ru: 1, en: 1 });
		expect(r.facets.mentoring.count).toBe(1);
		expect(r.byCountry).toEqual([{ country: 'KZ', count: 1 }]);
	});

	it('treats choices within a facet as alternatives and across facets as all applying', async () => {
		const either = await searchDirectory(db, viewer('vera'), search({ area: ['waste', 'biodiversity'] }), { pageSize: 100 });
		expect(names(either)).toEqual(['Kamila Connection', 'Sara Public', 'Vera Viewer']);
		const both = await searchDirectory(db, viewer('vera'), search({ area: ['waste', 'biodiversity'], language: 'en' }), { pageSize: 100 });
		expect(names(both)).toEqual(['Sara Public']);
		// 'waste' is ticked, so it stays listed, at 0.
		expect(counts(both.facets.area)).toEqual({ iwrm: 1, 'transboundary-water': 1, biodiversity: 1, waste: 0 });
		expect(counts(both.facets.language)).toEqual({ ru: 1, tk: 1, ps: 1, en: 1 });
	});

	it('filters by cohort year from enrolments (not a waitlist place), and by mentoring', async () => {
		const r = await searchDirectory(db, viewer('mona'), search({ year: '2024' }), { pageSize: 100 });
		expect(names(r)).toEqual(['Dilya Climate']);
		expect(counts(r.facets.year)).toEqual({ '2024': 1, '2025': 1 });
		const v = await searchDirectory(db, viewer('vera'), search({ year: '2024' }), { pageSize: 100 });
		expect(names(v)).toEqual(['Bakhrom Network']);
		expect(counts(v.facets.year)).toEqual({ '2024': 1, '2025': 2 });
		const mentors = await searchDirectory(db, viewer('vera'), search({ mentoring: '1', year: '2025' }), { pageSize: 100 });
		expect(names(mentors)).toEqual(['Aliya Public']);
		expect(mentors.facets.mentoring).toEqual({ count: 1, selected: true });
	});

	it('keeps a ticked choice listed at 0 so it can be unticked', async () => {
		const r = await searchDirectory(db, viewer('vera'), search({ country: 'FR', area: 'chemical-safety' }), { pageSize: 100 });
		expect(r.total).toBe(0);
		expect(r.facets.country.find((c) => c.value === 'FR')).toEqual({ value: 'FR', label: null, count: 0, selected: true });
		expect(r.facets.area.find((c) => c.value === 'chemical-safety')).toMatchObject({ count: 0, selected: true });
	});
});

describe('searchDirectory: text, sorting and paging', () => {
	it('finds words in English and Russian, by name and organisation', async () => {
		const v = viewer('vera');
		expect(names(await searchDirectory(db, v, search({ q: 'governance' })))).toEqual(['Aliya Public']);
		// Russian stems: "водных ресурсов" meets "Водные ресурсы".
		expect(names(await searchDirectory(db, v, search({ q: 'водных ресурсов' })))).toEqual(['Bakhrom Network']);
		expect(names(await searchDirectory(db, v, search({ q: 'Kamila' })))).toEqual(['Kamila Connection']);
		expect(names(await searchDirectory(db, v, search({ q: 'Kabul' })))).toEqual(['Sara Public']);
		// Any text is a search, never an error.
		expect((await searchDirectory(db, v, search({ q: '"unclosed & | ! :*' }))).total).toBe(0);
	});

	it('sorts by relevance, name or recent change, and pages through the results', async () => {
		const v = viewer('vera');
		const byName = await searchDirectory(db, v, search({ sort: 'name' }), { pageSize: 2 });
		expect(byName.results.map((c) => c.displayName)).toEqual(['Aliya Public', 'Bakhrom Network']);
		expect(byName.pages).toBe(3);
		const page3 = await searchDirectory(db, v, { ...search({ sort: 'name' }), page: 3 }, { pageSize: 2 });
		expect(page3.results.map((c) => c.displayName)).toEqual(['Vera Viewer']);
		await db.updateTable('directoryProfile').set({ updatedAt: new Date(Date.now() + 60_000) }).where('userId', '=', ids.kamila!).execute();
		const recent = await searchDirectory(db, v, search({ sort: 'recent' }), { pageSize: 1 });
		expect(recent.results.map((c) => c.displayName)).toEqual(['Kamila Connection']);
		const relevant = await searchDirectory(db, v, search({ q: 'water', sort: 'relevance' }));
		expect(relevant.results[0]!.displayName).toBe('Aliya Public');
	});

	it('gives initials, or a photo address when there is a photo', async () => {
		const r = await searchDirectory(db, viewer('vera'), search({ q: 'Aliya' }));
		expect(r.results[0]).toMatchObject({ initials: 'AP', photoUrl: null });
		await db
			.updateTable('directoryProfile')
			.set({ photo: new Uint8Array([1, 2, 3]), photoType: 'image/png', photoVersion: 2 })
			.where('userId', '=', ids.aliya!)
			.execute();
		const again = await searchDirectory(db, viewer('vera'), search({ q: 'Aliya' }));
		expect(again.results[0]!.photoUrl).toBe(`/directory-photos/${ids.aliya}?v=2`);
	});
});

describe('searchDirectory: what the search reads from the profile row follows the records (triggers, migration 21)', () => {
	/** The whole check of the visibility test above, for one viewer: names and every count. */
	async function agrees(key: string) {
		const r = await searchDirectory(db, viewer(key), search(), { pageSize: 100 });
		expect(names(r), `viewer ${key}`).toEqual(await visibleTo(key));
		return r;
	}
	const row = (key: string) => db.selectFrom('directoryProfile').select(['memberOf', 'cohortYears', 'ownerActive']).where('userId', '=', ids[key]!).executeTakeFirstOrThrow();

	it("hides a deactivated account's profile from every viewer and every count, and shows it again on reactivation", async () => {
		const before = await agrees('vera');
		expect(names(before)).toContain('Aliya Public');
		await db.updateTable('appUser').set({ deactivatedAt: new Date() }).where('id', '=', ids.aliya!).execute();
		expect((await row('aliya')).ownerActive).toBe(false);
		for (const key of [null, 'vera', 'mona', 'ada', 'kamila']) {
			const r = await searchDirectory(db, key ? viewer(key) : null, search(), { pageSize: 100 });
			expect(names(r), `viewer ${key}`).not.toContain('Aliya Public');
			expect(names(r), `viewer ${key}`).toEqual(await visibleTo(key));
		}
		const after = await searchDirectory(db, viewer('vera'), search(), { pageSize: 100 });
		expect(after.facets.mentoring.count).toBe(before.facets.mentoring.count - 1);
		expect(counts(after.facets.year)['2025']).toBe((counts(before.facets.year)['2025'] ?? 0) - 1);
		await db.updateTable('appUser').set({ deactivatedAt: null }).where('id', '=', ids.aliya!).execute();
		expect((await row('aliya')).ownerActive).toBe(true);
		expect(names(await agrees('vera'))).toContain('Aliya Public');
	});

	it('follows leaving and rejoining a network: visibility and the network facet', async () => {
		expect((await row('bakhrom')).memberOf).toEqual([networks.alumni]);
		await db.updateTable('networkMember').set({ status: 'left' }).where('userId', '=', ids.bakhrom!).execute();
		expect((await row('bakhrom')).memberOf).toEqual([]);
		const r = await agrees('vera');
		expect(names(r)).not.toContain('Bakhrom Network');
		expect(r.facets.network).toEqual([{ value: 'alumni', label: 'Alumni network', count: 2, selected: false }]);
		await db.updateTable('networkMember').set({ status: 'member' }).where('userId', '=', ids.bakhrom!).execute();
		expect(names(await agrees('vera'))).toContain('Bakhrom Network');
	});

	it('follows enrolments and cohort dates: the cohort-year facet', async () => {
		expect((await row('bakhrom')).cohortYears).toEqual([2024, 2025]);
		const cohort2024 = await db.selectFrom('cohort').select('id').where('slug', '=', 'dir-2024').executeTakeFirstOrThrow();
		await db.updateTable('enrolment').set({ status: 'withdrawn' }).where('userId', '=', ids.bakhrom!).where('cohortId', '=', cohort2024.id).execute();
		expect((await row('bakhrom')).cohortYears).toEqual([2025]);
		const narrowed = await searchDirectory(db, viewer('vera'), search({ year: '2024' }), { pageSize: 100 });
		expect(names(narrowed)).not.toContain('Bakhrom Network');
		await db.updateTable('enrolment').set({ status: 'enrolled' }).where('userId', '=', ids.bakhrom!).where('cohortId', '=', cohort2024.id).execute();
		// A cohort moved to another year moves its people's year.
		await db.updateTable('cohort').set({ startsOn: '2023-09-01' }).where('id', '=', cohort2024.id).execute();
		expect((await row('bakhrom')).cohortYears).toEqual([2023, 2025]);
		expect((await row('dilya')).cohortYears).toEqual([2023]);
		await db.updateTable('cohort').set({ startsOn: '2024-03-01' }).where('id', '=', cohort2024.id).execute();
		expect((await row('bakhrom')).cohortYears).toEqual([2024, 2025]);
	});

	it('fills a profile made after the person joined networks and cohorts', async () => {
		const late = await makeUser(db, { name: 'Late Profile' });
		await db.insertInto('networkMember').values({ networkId: networks.alumni!, userId: late.id, status: 'member', source: 'admin' }).execute();
		const cohort2025 = await db.selectFrom('cohort').select('id').where('slug', '=', 'dir-2025').executeTakeFirstOrThrow();
		await db.insertInto('enrolment').values({ cohortId: cohort2025.id, userId: late.id, status: 'enrolled', source: 'open' }).execute();
		await db.insertInto('directoryProfile').values({ userId: late.id, displayName: 'Late Profile', country: 'KZ' }).execute();
		const stored = await db.selectFrom('directoryProfile').select(['memberOf', 'cohortYears', 'ownerActive']).where('userId', '=', late.id).executeTakeFirstOrThrow();
		expect(stored).toEqual({ memberOf: [networks.alumni], cohortYears: [2025], ownerActive: true });
		expect(names(await agrees('vera'))).toContain('Late Profile');
		// The search's narrow copy follows every change of the profile, and goes with it.
		await db.updateTable('directoryProfile').set({ country: 'UZ', expertise: ['waste'], visibility: 'public' }).where('userId', '=', late.id).execute();
		const copy = await db.selectFrom('directorySearch').select(['displayName', 'country', 'expertise', 'visibility', 'memberOf', 'cohortYears', 'ownerActive']).where('userId', '=', late.id).executeTakeFirstOrThrow();
		expect(copy).toEqual({ displayName: 'Late Profile', country: 'UZ', expertise: ['waste'], visibility: 'public', memberOf: [networks.alumni], cohortYears: [2025], ownerActive: true });
		await db.deleteFrom('directoryProfile').where('userId', '=', late.id).execute();
		expect(await db.selectFrom('directorySearch').select('userId').where('userId', '=', late.id).executeTakeFirst()).toBeUndefined();
	});
});

describe('searchDirectory: the instance snapshot (search-index.ts)', () => {
	it('is read once per data version, and again after any change, whoever makes it', async () => {
		const { version } = await readViewer(db, null);
		const first = await snapshotAt(db, version);
		expect(await snapshotAt(db, version)).toBe(first);
		// Another instance on the same database: here a second Kysely over the same connection, with its own snapshot.
		const other = db.withoutPlugins();
		const before = await searchDirectory(db, null, search(), { pageSize: 100 });
		expect(names(before)).not.toContain('Kamila Connection');
		await sql`update directory_profile set visibility = 'public' where user_id = ${ids.kamila!}::uuid`.execute(other);
		try {
			const moved = (await readViewer(db, null)).version;
			expect(moved).not.toBe(version);
			const after = await searchDirectory(db, null, search(), { pageSize: 100 });
			expect(names(after)).toContain('Kamila Connection');
			expect(names(after)).toEqual(await visibleTo(null));
			expect(await snapshotAt(db, moved)).not.toBe(first);
		} finally {
			await sql`update directory_profile set visibility = 'networks' where user_id = ${ids.kamila!}::uuid`.execute(other);
		}
		expect(names(await searchDirectory(db, null, search(), { pageSize: 100 }))).not.toContain('Kamila Connection');
	});

	it('reads one snapshot for many searches at once', async () => {
		await db.updateTable('directoryProfile').set({ city: 'Osh' }).where('userId', '=', ids.kamila!).execute();
		const { version } = await readViewer(db, null);
		const [a, b, c] = await Promise.all([snapshotAt(db, version), snapshotAt(db, version), snapshotAt(db, version)]);
		expect(a).toBe(b);
		expect(b).toBe(c);
	});
});
