import { beforeAll, describe, expect, it } from 'vitest';
import { parseDirectorySearch } from '../../../src/lib/schemas/directory-search';
import { exportMyData } from '../../../src/lib/server/account/my-data';
import { getProfileView } from '../../../src/lib/server/directory/profiles';
import { searchDirectory } from '../../../src/lib/server/directory/search';
import { CONTACT_FIELDS, VISIBILITIES } from '../../../src/lib/server/directory/visibility';
import type { Visibility } from '../../../src/lib/server/db/schema';
import { testDatabase } from '../test-db';
import { makePerson } from '../cohorts/enrolment-fixtures';

/**
 * The visibility matrix of the issue: every contact field × every viewer relation × every
 * output. Four owners, one per visibility level, each with all five channels set to that level
 * and filled with a value unique to owner and channel. Their profiles are public, so a visitor
 * reaches the profile and only the channel visibility decides. Viewers: a visitor, a signed-in
 * non-member, a member of the owners' network, a connection of each owner (not a member), the
 * owner, and the network's moderator (not a member). Outputs: the profile (page and JSON are the
 * same view), search results, facet counts and the country chart, the data export. "Page
 * source" is checked in the browser test (tests/e2e/directory.test.ts).
 */

const db = await testDatabase();

type Viewer = 'visitor' | 'non-member' | 'member' | 'connection' | 'self' | 'moderator';
const VIEWERS: Viewer[] = ['visitor', 'non-member', 'member', 'connection', 'self', 'moderator'];

/** Who may see a channel of each visibility (on a public profile). */
const SEES: Record<Visibility, Viewer[]> = {
	self: ['self'],
	connections: ['connection', 'self'],
	networks: ['member', 'connection', 'self'],
	public: VIEWERS
};

const VALUES: Record<(typeof CONTACT_FIELDS)[number], (tag: string) => string> = {
	contactEmail: (tag) => `mail-${tag}@example.org`,
	phone: (tag) => `+99890${tag.replace(/\D/g, '').padEnd(7, '1').slice(0, 7)}`,
	telegram: (tag) => `@tg_${tag}`,
	linkedin: (tag) => `https://www.linkedin.com/in/li-${tag}`,
	website: (tag) => `https://site-${tag}.example.org`
};

const owners = {} as Record<Visibility, { id: string; name: string; tag: string }>;
const viewerIds = {} as Record<Exclude<Viewer, 'visitor' | 'self'>, string>;

function valuesOf(level: Visibility): string[] {
	return CONTACT_FIELDS.map((f) => VALUES[f](owners[level].tag));
}

function viewerFor(viewer: Viewer, level: Visibility): { id: string; role: 'learner' } | null {
	if (viewer === 'visitor') return null;
	if (viewer === 'self') return { id: owners[level].id, role: 'learner' };
	return { id: viewerIds[viewer], role: 'learner' };
}

beforeAll(async () => {
	const network = await db.insertInto('network').values({ slug: 'matrix', name: 'Matrix network' }).returning('id').executeTakeFirstOrThrow();
	for (const [i, level] of VISIBILITIES.entries()) {
		const person = await makePerson(db);
		const tag = `m${i}x${person.id.slice(0, 6)}`;
		const name = `Matrixowner ${tag}`;
		await db
			.insertInto('directoryProfile')
			.values({
				userId: person.id,
				displayName: name,
				country: 'KZ',
				visibility: 'public',
				contactEmail: VALUES.contactEmail(tag),
				contactEmailVisibility: level,
				phone: VALUES.phone(tag),
				phoneVisibility: level,
				telegram: VALUES.telegram(tag),
				telegramVisibility: level,
				linkedin: VALUES.linkedin(tag),
				linkedinVisibility: level,
				website: VALUES.website(tag),
				websiteVisibility: level
			})
			.execute();
		await db.insertInto('networkMember').values({ networkId: network.id, userId: person.id, status: 'member', source: 'admin', joinedAt: new Date() }).execute();
		owners[level] = { id: person.id, name, tag };
	}
	for (const viewer of ['non-member', 'member', 'connection', 'moderator'] as const) viewerIds[viewer] = (await makePerson(db)).id;
	await db.insertInto('networkMember').values({ networkId: network.id, userId: viewerIds.member, status: 'member', source: 'admin', joinedAt: new Date() }).execute();
	await db.insertInto('networkModerator').values({ networkId: network.id, userId: viewerIds.moderator }).execute();
	for (const level of VISIBILITIES) {
		await db.insertInto('connection').values({ requesterId: viewerIds.connection, addresseeId: owners[level].id, status: 'accepted', respondedAt: new Date() }).execute();
	}
});

describe('the visibility matrix: contact field × viewer × output', () => {
	for (const level of VISIBILITIES) {
		for (const viewer of VIEWERS) {
			const sees = SEES[level].includes(viewer);
			it(`channels set to "${level}": the ${viewer} ${sees ? 'sees' : 'does not see'} them, in every output`, async () => {
				const values = valuesOf(level);
				const who = viewerFor(viewer, level);

				// The profile page and its JSON (one view).
				const view = await getProfileView(db, who, owners[level].id);
				expect(view, 'the profile itself is public').toBeDefined();
				const shown = JSON.stringify(view);
				for (const [i, field] of CONTACT_FIELDS.entries()) {
					expect(shown.includes(values[i]!), `${field} on the profile`).toBe(sees);
					expect(field in view!.contacts, `${field} key in the profile's contacts`).toBe(sees);
				}

				// Search results, facet counts and the chart: never a contact, whoever looks.
				const found = await searchDirectory(db, who, parseDirectorySearch(new URLSearchParams({ q: owners[level].tag })));
				expect(found.total).toBe(1);
				const listed = JSON.stringify(found);
				for (const value of values) expect(listed.includes(value), 'a contact in search output').toBe(false);
				expect(found.facets.country.find((c) => c.value === 'KZ')?.count).toBe(1);

				// A search for the channel's value finds nothing (contacts are not searchable).
				const byValue = await searchDirectory(db, who, parseDirectorySearch(new URLSearchParams({ q: owners[level].tag.slice(0, 3) + 'zzz' })));
				expect(byValue.total).toBe(0);

				// The data export: the owner's own export has every channel; anyone else's has none.
				if (who) {
					const exported = JSON.stringify(await exportMyData(db, who.id));
					for (const value of values) expect(exported.includes(value), 'a contact in the data export').toBe(viewer === 'self');
				}
			});
		}
	}

	it('shows a profile left at "members of my networks" to no visitor and no non-member, in any output', async () => {
		const level: Visibility = 'public';
		await db.updateTable('directoryProfile').set({ visibility: 'networks' }).where('userId', '=', owners[level].id).execute();
		try {
			for (const viewer of ['visitor', 'non-member'] as const) {
				const who = viewerFor(viewer, level);
				expect(await getProfileView(db, who, owners[level].id)).toBeUndefined();
				const found = await searchDirectory(db, who, parseDirectorySearch(new URLSearchParams({ q: owners[level].tag })));
				expect(found.total).toBe(0);
				expect(found.facets.country.reduce((n, c) => n + c.count, 0)).toBe(0);
				expect(found.byCountry).toEqual([]);
			}
			for (const viewer of ['member', 'connection', 'self', 'moderator'] as const) {
				expect(await getProfileView(db, viewerFor(viewer, level), owners[level].id), viewer).toBeDefined();
			}
		} finally {
			await db.updateTable('directoryProfile').set({ visibility: 'public' }).where('userId', '=', owners[level].id).execute();
		}
	});
});
