import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { importCoursesAtStartup } from '../../../src/lib/server/courses/packages';
import { seedDemoCohorts } from '../../../src/lib/server/demo/cohorts';
import { DIRECTORY_PEOPLE, directoryPeople, type DemoDirectoryOutcome } from '../../../src/lib/server/demo/directory';
import { seedDemo } from '../../../src/lib/server/demo/seed';
import { parseDirectorySearch } from '../../../src/lib/schemas/directory-search';
import { searchDirectory, type DirectoryViewer } from '../../../src/lib/server/directory/search';
import { testDatabase } from '../test-db';

// The directory a fresh `npm start` shows: the demo (accounts, sample courses, cohorts and their
// alumni) and then seedDirectory, searched as a visitor and as the demo learner.
const db = await testDatabase();
const COURSES_DIR = fileURLToPath(new URL('../../../courses', import.meta.url));
const NOW = new Date('2026-03-10T06:30:00Z');
let outcome: DemoDirectoryOutcome;
let learner: DirectoryViewer;
const search = (query = '') => parseDirectorySearch(new URLSearchParams(query));

beforeAll(async () => {
	await db.transaction().execute((trx) => seedDemo(trx, 'demo-test-password'));
	await importCoursesAtStartup(db, COURSES_DIR);
	// The demo cohorts seed the directory too (seedDirectory, after the alumni): counted here.
	await db.transaction().execute((trx) => seedDemoCohorts(trx, NOW));
	const networks = await db.selectFrom('network').select(['id', 'slug']).execute();
	const members = await db
		.selectFrom('networkMember as m')
		.innerJoin('network as n', 'n.id', 'm.networkId')
		.select(['n.slug', (eb) => eb.fn.countAll<string>().as('n')])
		.where('m.status', '=', 'member')
		.groupBy('n.slug')
		.execute();
	const profiles = await db.selectFrom('directoryProfile').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
	outcome = {
		networks: networks.length,
		profiles: Number(profiles.n),
		members: Object.fromEntries(members.map((m) => [m.slug, Number(m.n)])) as DemoDirectoryOutcome['members']
	};
	const row = await db.selectFrom('appUser').select(['id', 'role']).where('email', '=', 'learner@example.org').executeTakeFirstOrThrow();
	learner = { id: row.id, role: row.role };
});

describe('the demo directory', () => {
	it('seeds three networks and sixty-seven profiles', () => {
		expect(outcome).toEqual({ networks: 3, profiles: DIRECTORY_PEOPLE + 7, members: expect.any(Object) });
		expect(outcome.members['calp-alumni']).toBe(directoryPeople().filter((p) => p.networks.includes('calp-alumni')).length + 7);
	});

	it('is the same every time: the generated people do not depend on the run', () => {
		expect(directoryPeople()).toEqual(directoryPeople());
		expect(new Set(directoryPeople().map((p) => p.country))).toEqual(new Set(['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF']));
		expect(directoryPeople().every((p) => p.networks.length > 0)).toBe(true);
	});

	it('shows a visitor the public profiles of all six countries', async () => {
		const r = await searchDirectory(db, null, search(), { pageSize: 100 });
		const publicCount = directoryPeople().filter((p) => p.profile.visibility === 'public').length + 3;
		expect(r.total).toBe(publicCount);
		expect(r.byCountry.map((c) => c.country).sort()).toEqual(['AF', 'KG', 'KZ', 'TJ', 'TM', 'UZ']);
		expect(r.facets.network).toEqual([]);
	});

	it('shows the demo learner his network, and finds a water-governance expert in Uzbekistan', async () => {
		const all = await searchDirectory(db, learner, search(), { pageSize: 100 });
		expect(all.facets.network.map((n) => n.value)).toEqual(['calp-alumni']);
		expect(all.total).toBeGreaterThan(45);
		const r = await searchDirectory(db, learner, search('q=water&country=UZ'));
		expect(r.total).toBeGreaterThan(0);
		expect(r.results.every((c) => c.country === 'UZ')).toBe(true);
		const mentors = await searchDirectory(db, learner, search('mentoring=1'));
		expect(mentors.total).toBe(mentors.facets.mentoring.count);
	});

	it('lets the moderator filter by each network, and counts years from the alumni cohorts', async () => {
		const row = await db.selectFrom('appUser').select(['id', 'role']).where('email', '=', 'facilitator@example.org').executeTakeFirstOrThrow();
		const r = await searchDirectory(db, { id: row.id, role: row.role }, search(), { pageSize: 100 });
		expect(r.facets.network.map((n) => [n.value, n.count])).toEqual([
			['academic-community', outcome.members['academic-community']],
			['calp-alumni', outcome.members['calp-alumni']],
			['cso-climate', outcome.members['cso-climate']]
		]);
		expect(r.total).toBe(DIRECTORY_PEOPLE + 7);
		expect(r.facets.year.length).toBeGreaterThan(0);
	});
});
