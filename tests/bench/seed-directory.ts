// The directory bench: BENCH_DIRECTORY_PROFILES (10,000) generated alumni with profiles across the
// six countries and a few more, thematic areas, languages and four networks; a third of them in
// one of three past cohorts (the year facet); half public, the rest for their networks only; a few
// hidden, some connected to the bench learner, who is a member of every bench network. The
// directory search (pages.ts, `directory-search`) is measured as that learner: every profile goes
// through visibility.ts's rule. Seeded once per database (a PostgreSQL one keeps it between runs),
// in large inserts, deterministic.
import { sql } from 'kysely';
import type { Database } from '../../src/lib/server/db/connect';
import type { Visibility } from '../../src/lib/server/db/schema';
import { THEMATIC_AREAS } from '../../src/lib/courses/taxonomy';
import { benchCourseSlug } from './seed-courses';

export const BENCH_DIRECTORY_PROFILES = 10_000;
export const BENCH_NETWORKS = ['bench-net-alumni', 'bench-net-climate', 'bench-net-academic', 'bench-net-water'];
/** The page the bench measures: a text search narrowed by country and area, as the bench learner. */
export const DIRECTORY_SEARCH_PATH = '/directory?q=water&country=UZ&area=iwrm';

const BATCH = 500;
const DAY = 24 * 60 * 60 * 1000;
const YEARS = [2023, 2024, 2025];
const email = (i: number) => `bench-dir-${String(i).padStart(6, '0')}@bench.example.org`;
const COUNTRIES = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF', 'KZ', 'UZ', 'TJ', 'KG', 'MN', 'RU', 'DE', 'TR'];
const LANGUAGES = ['ru', 'en', 'kk', 'ky', 'tg', 'tk', 'uz', 'fa', 'ps'];
const FIRST = ['Айгерим', 'Бакыт', 'Dilnoza', 'Farrukh', 'Gulnara', 'Нурлан', 'Saida', 'Тимур', 'Zarina', 'Алишер', 'Mariam', 'Merdan', 'Шахноза', 'Ahmad'];
const LAST = ['Абдуллаева', 'Karimov', 'Сейткали', 'Rahimova', 'Токтогулов', 'Yusupova', 'Назарова', 'Ismoilov', 'Haidari', 'Orazowa', 'Мирзоев'];
const ORGS = ['Aral Sea Youth Initiative', 'Green Osh', 'Kazakh National University', 'Ministry of Water Resources', 'Экологическое движение', 'Pamir Water Users', 'Kabul University', 'Garagum Green'];
const HEADLINES = [
	'Water governance specialist',
	'Climate adaptation researcher',
	'Специалист по управлению водными ресурсами',
	'Waste management campaigner',
	'Renewable energy engineer',
	'Эколог, биоразнообразие гор',
	'Irrigation and water-saving trainer',
	'Director of an environmental CSO',
	'Инспектор по химической безопасности',
	'Public health and environment officer',
	'Flood preparedness coordinator',
	'Policy adviser on transboundary rivers'
];
const SENTENCES = [
	'I work with farmers on drip irrigation and canal repairs.',
	'Our team monitors air quality in the city and publishes open data.',
	'Работаю с ассоциациями водопользователей в долине.',
	'I teach a university course on climate policy and ecosystems.',
	'We run school programmes on recycling and composting.',
	'Провожу тренинги по раннему оповещению о паводках.',
	'I advise local government on solar power for rural clinics.',
	'My research is on glaciers, snow cover and river flow.',
	'Организуем общественные слушания по охране природы.',
	'I coordinate a network of volunteers cleaning river banks.'
];
const VISIBILITIES: Visibility[] = ['self', 'connections', 'networks', 'public'];

/** Deterministic 0..1 from an integer, as in the demo seeds. */
function noise(i: number): number {
	let x = Math.imul(i + 0x9e3779b9, 0x85ebca6b) >>> 0;
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
	return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}
const pick = <T>(list: readonly T[], i: number, salt: number) => list[Math.floor(noise(i * 31 + salt) * list.length)]!;

async function insertAll<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>) {
	for (let from = 0; from < rows.length; from += BATCH) await insert(rows.slice(from, from + BATCH));
}

/**
 * Seeds the directory unless it is there already; makes the bench learner a member of every
 * bench network either way. Returns the number of bench profiles in the database.
 */
export async function seedBenchDirectory(db: Database, passwordHash: string, learnerId: string, facilitatorId: string, count = BENCH_DIRECTORY_PROFILES): Promise<number> {
	const existing = await db.selectFrom('network').select('id').where('slug', '=', BENCH_NETWORKS[0]!).executeTakeFirst();
	if (!existing) await seedProfiles(db, passwordHash, facilitatorId, count);
	const networks = await db.selectFrom('network').select('id').where('slug', 'in', BENCH_NETWORKS).execute();
	await db
		.insertInto('networkMember')
		.values(networks.map((n) => ({ networkId: n.id, userId: learnerId, status: 'member' as const, source: 'admin' as const, joinedAt: new Date() })))
		.onConflict((oc) => oc.columns(['networkId', 'userId']).doUpdateSet({ status: 'member' }))
		.execute();
	await db
		.insertInto('directoryProfile')
		.values({ userId: learnerId, displayName: 'Bench Learner', country: 'KZ', headline: 'Bench learner', expertise: ['iwrm'], languages: ['ru', 'en'] })
		.onConflict((oc) => oc.column('userId').doNothing())
		.execute();
	// A few connections of the learner's (accepted), with people outside its networks.
	const strangers = await db
		.selectFrom('appUser')
		.select('id')
		.where('email', 'like', 'bench-dir-%')
		.where((w) => w.not(w.exists(w.selectFrom('networkMember as nm').select('nm.userId').whereRef('nm.userId', '=', 'appUser.id'))))
		.orderBy('email')
		.limit(50)
		.execute();
	if (strangers.length) {
		await db
			.insertInto('connection')
			.values(strangers.map((s) => ({ requesterId: learnerId, addresseeId: s.id, status: 'accepted' as const, respondedAt: new Date() })))
			.onConflict((oc) => oc.doNothing())
			.execute();
	}
	const row = await db
		.selectFrom('directoryProfile as p')
		.innerJoin('appUser as u', 'u.id', 'p.userId')
		.select((s) => s.fn.countAll<number>().as('n'))
		.where('u.email', 'like', 'bench-dir-%')
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

async function seedProfiles(db: Database, passwordHash: string, facilitatorId: string, count: number) {
	const now = Date.now();
	const networks = await db
		.insertInto('network')
		.values(BENCH_NETWORKS.map((slug) => ({ slug, name: `Bench network ${slug.slice('bench-net-'.length)}`, description: 'A network seeded by the bench.' })))
		.returning(['id', 'slug'])
		.execute();
	await db.insertInto('networkModerator').values(networks.map((n) => ({ networkId: n.id, userId: facilitatorId }))).execute();

	const course = await db.selectFrom('course').select('id').where('slug', '=', benchCourseSlug(1)).executeTakeFirstOrThrow();
	const cohorts = await db
		.insertInto('cohort')
		.values(
			YEARS.map((year) => ({
				courseId: course.id,
				slug: `bench-dir-${year}`,
				name: `Bench alumni ${year}`,
				startsOn: `${year}-03-01`,
				endsOn: `${year}-06-30`,
				capacity: 10_000,
				enrolmentMode: 'open' as const,
				status: 'finished' as const,
				createdBy: facilitatorId
			}))
		)
		.returning('id')
		.execute();

	const people = Array.from({ length: count }, (_, i) => i + 1);
	const ids: string[] = [];
	await insertAll(people, async (chunk) => {
		const rows = await db
			.insertInto('appUser')
			.values(chunk.map((i) => ({ email: email(i), name: `${pick(FIRST, i, 1)} ${pick(LAST, i, 2)} ${i}`, passwordHash, country: pick(COUNTRIES, i, 3), role: 'learner' as const })))
			.returning(['id', 'email'])
			.execute();
		const byEmail = new Map(rows.map((r) => [r.email, r.id]));
		for (const i of chunk) ids[i] = byEmail.get(email(i))!;
	});

	await insertAll(people, (chunk) =>
		db
			.insertInto('directoryProfile')
			.values(
				chunk.map((i) => {
					const areas = [pick(THEMATIC_AREAS, i, 4), ...(noise(i + 5) < 0.6 ? [pick(THEMATIC_AREAS, i, 6)] : []), ...(noise(i + 7) < 0.25 ? [pick(THEMATIC_AREAS, i, 8)] : [])];
					const at = new Date(now - Math.floor(noise(i + 9) * 700) * DAY);
					return {
						userId: ids[i]!,
						displayName: `${pick(FIRST, i, 1)} ${pick(LAST, i, 2)} ${i}`,
						country: pick(COUNTRIES, i, 3),
						city: pick(['Almaty', 'Bishkek', 'Dushanbe', 'Ashgabat', 'Tashkent', 'Kabul', 'Osh', 'Khujand', 'Nukus'], i, 10),
						organisation: pick(ORGS, i, 11),
						headline: pick(HEADLINES, i, 12),
						bio: [pick(SENTENCES, i, 13), pick(SENTENCES, i, 14), pick(SENTENCES, i, 15)].join(' '),
						expertise: [...new Set(areas)],
						languages: [...new Set([pick(LANGUAGES, i, 16), pick(LANGUAGES, i, 17), 'ru'])],
						openToMentoring: noise(i + 18) < 0.25,
						visibility: noise(i + 19) < 0.5 ? ('public' as const) : ('networks' as const),
						contactEmail: email(i),
						contactEmailVisibility: pick(VISIBILITIES, i, 20),
						telegram: `@bench_dir_${i}`,
						telegramVisibility: pick(VISIBILITIES, i, 21),
						hiddenAt: noise(i + 22) < 0.01 ? new Date(now - DAY) : null,
						createdAt: at,
						updatedAt: at
					};
				})
			)
			.execute()
	);

	// Each person in one or two networks; one in ten in none (seen only if public, or by a connection).
	const memberships = people.flatMap((i) => {
		const r = noise(i + 23);
		if (r < 0.1) return [];
		const first = networks[Math.floor(noise(i + 24) * networks.length)]!.id;
		const second = networks[Math.floor(noise(i + 25) * networks.length)]!.id;
		return [...new Set(r < 0.5 ? [first, second] : [first])].map((networkId) => ({ networkId, userId: ids[i]!, status: 'member' as const, source: 'completion' as const, joinedAt: new Date(now - 30 * DAY) }));
	});
	await insertAll(memberships, (chunk) => db.insertInto('networkMember').values(chunk).execute());

	// A third of them attended one of the past cohorts.
	const enrolled = people.filter((i) => noise(i + 26) < 0.33);
	await insertAll(enrolled, (chunk) =>
		db
			.insertInto('enrolment')
			.values(chunk.map((i) => ({ cohortId: cohorts[i % cohorts.length]!.id, userId: ids[i]!, status: 'enrolled' as const, source: 'open' as const, enrolledAt: new Date(now - 800 * DAY) })))
			.execute()
	);
	// Fresh statistics, so the planner sees the new rows at once (autovacuum would, later).
	await sql`analyze directory_profile, network_member, enrolment, connection, user_block`.execute(db);
}
