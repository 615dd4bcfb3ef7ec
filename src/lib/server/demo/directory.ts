import type { Transaction } from 'kysely';
import type { DB, Visibility } from '../db/schema';
import { slugify, THEMATIC_AREAS, type ThematicArea } from '../../courses/taxonomy';
import { ALUMNI_PEOPLE } from './alumni';

/**
 * The alumni directory of a fresh `npm start`: the seed's three networks (the CALP alumni
 * network, the regional CSO climate network, the academic community network), moderated by the
 * demo facilitator, the CALP network tied to the CALP leadership course; sixty generated alumni
 * across the six countries with profiles (some public, most for their networks only), contact
 * channels with every kind of visibility, and memberships; and profiles for the autumn alumni
 * (alumni.ts) and the demo learner, all in the CALP network (the learner's Telegram is for his
 * connections only). Deterministic. Written in the caller's transaction, after seedAlumni.
 */

const DAY = 86_400_000;

export const DEMO_NETWORKS = [
	{
		slug: 'calp-alumni',
		name: 'CALP alumni network',
		description:
			'Graduates of the Central Asian Leadership Programme on environment and sustainable development. Completing the CALP leadership course makes you a member: find each other across the six countries, share projects and ask for advice.'
	},
	{
		slug: 'cso-climate',
		name: 'Regional CSO climate network',
		description:
			'Civil-society organisations of Central Asia and Afghanistan working on climate adaptation, water and disaster risk. Members exchange campaigns, funding calls and field experience. Ask to join if your organisation works on climate.'
	},
	{
		slug: 'academic-community',
		name: 'Academic community network',
		description:
			'Researchers and lecturers from the region’s universities and institutes working on water, climate and the environment: joint research, supervision, guest lectures and data.'
	}
] as const;
export type DemoNetwork = (typeof DEMO_NETWORKS)[number]['slug'];

/** How many generated people: ten in each of the six countries. */
export const DIRECTORY_PEOPLE = 60;
export const directoryEmail = (i: number) => `directory-${String(i + 1).padStart(2, '0')}@example.org`;

type Kind = 'cso' | 'university' | 'government';
interface Country {
	code: string;
	/** mostly Cyrillic or mostly Latin names, alternating */
	names: string[];
	/** English and Russian names */
	cities: [string, string][];
	organisations: [string, Kind][];
	languages: string[];
	phone: string;
}

const COUNTRIES: Country[] = [
	{
		code: 'KZ',
		names: ['Айгүл Сейітқызы', 'Dana Zhaksylykova', 'Нұржан Әбдіров', 'Aizhan Tulegenova', 'Ерлан Мұхамеджанов', 'Timur Ospanov', 'Жанар Қалиева', 'Marat Iskakov', 'Гульнара Сарсенова', 'Assel Bekova'],
		cities: [['Almaty', 'Алматы'], ['Astana', 'Астана'], ['Shymkent', 'Шымкент'], ['Kyzylorda', 'Кызылорда'], ['Aktobe', 'Актобе']],
		organisations: [
			['Syr Darya Basin Partnership', 'cso'],
			['Kazakh National University', 'university'],
			['Ministry of Ecology, Water Resources Committee', 'government'],
			['Жасыл Шымкент', 'cso']
		],
		languages: ['kk', 'ru'],
		phone: '+7 701 555 '
	},
	{
		code: 'KG',
		names: ['Айпери Турдубаева', 'Bektur Asanov', 'Нурлан Жумабеков', 'Cholpon Abdyldaeva', 'Эрмек Сыдыков', 'Gulzat Mamytova', 'Азамат Токтосунов', 'Aida Kurmanbekova', 'Жылдыз Осмонова', 'Urmat Isakov'],
		cities: [['Bishkek', 'Бишкек'], ['Osh', 'Ош'], ['Karakol', 'Каракол'], ['Naryn', 'Нарын'], ['Jalal-Abad', 'Джалал-Абад']],
		organisations: [
			['Green Osh', 'cso'],
			['Kyrgyz National Agrarian University', 'university'],
			['Issyk-Kul Biosphere Directorate', 'government'],
			['Тоо Суу', 'cso']
		],
		languages: ['ky', 'ru'],
		phone: '+996 555 12 '
	},
	{
		code: 'TJ',
		names: ['Фарангис Назарова', 'Rustam Sharipov', 'Мехрубон Саидова', 'Dilovar Qodirov', 'Шаҳноза Раҳимова', 'Firdavs Mirzoev', 'Зарина Каримова', 'Bahodur Ismoilov', 'Нигина Юсупова', 'Sorbon Davlatov'],
		cities: [['Dushanbe', 'Душанбе'], ['Khujand', 'Худжанд'], ['Kulob', 'Куляб'], ['Khorog', 'Хорог'], ['Bokhtar', 'Бохтар']],
		organisations: [
			['Pamir Mountain Water Users', 'cso'],
			['Khujand State University', 'university'],
			['Committee for Environmental Protection', 'government'],
			['Обшорон', 'cso']
		],
		languages: ['tg', 'ru'],
		phone: '+992 93 555 '
	},
	{
		code: 'TM',
		names: ['Aýna Orazowa', 'Огулджан Аннаева', 'Merdan Gurbanow', 'Батыр Нурыев', 'Jennet Hojayewa', 'Serdar Amanow', 'Гульшат Бердыева', 'Maýsa Öwezowa', 'Dowlet Saparow', 'Атаджан Мырадов'],
		cities: [['Ashgabat', 'Ашхабад'], ['Mary', 'Мары'], ['Türkmenabat', 'Туркменабат'], ['Daşoguz', 'Дашогуз'], ['Balkanabat', 'Балканабат']],
		organisations: [
			['Amu Darya Delta Friends', 'cso'],
			['Turkmen Agricultural University', 'university'],
			['State Committee for Water Management', 'government'],
			['Garagum Green Initiative', 'cso']
		],
		languages: ['tk', 'ru'],
		phone: '+993 65 55 '
	},
	{
		code: 'UZ',
		names: ['Nodira Yusupova', 'Шерзод Алимов', 'Dilfuza Rasulova', 'Jasur Toshmatov', 'Гулнора Хасанова', 'Bobur Ergashev', 'Malika Ahmedova', 'Улугбек Каримов', 'Zulfiya Nazarova', 'Сардор Мирзаев'],
		cities: [['Tashkent', 'Ташкент'], ['Samarkand', 'Самарканд'], ['Nukus', 'Нукус'], ['Fergana', 'Фергана'], ['Bukhara', 'Бухара']],
		organisations: [
			['Aral Sea Youth Initiative', 'cso'],
			['Tashkent Institute of Irrigation and Agricultural Mechanization', 'university'],
			['Ministry of Water Resources', 'government'],
			['Фергана Эко', 'cso']
		],
		languages: ['uz', 'ru'],
		phone: '+998 90 555 '
	},
	{
		code: 'AF',
		names: ['Mariam Haidari', 'Ahmad Shah Noori', 'Farzana Rahimi', 'Hamid Sultani', 'Zahra Mohammadi', 'Najibullah Safi', 'Shabnam Azizi', 'Mohammad Qasim Karimi', 'Laila Sadat', 'Wahid Ahmadzai'],
		cities: [['Kabul', 'Кабул'], ['Herat', 'Герат'], ['Mazar-i-Sharif', 'Мазари-Шариф'], ['Kunduz', 'Кундуз'], ['Jalalabad', 'Джелалабад']],
		organisations: [
			['Afghan Water and Environment Network', 'cso'],
			['Kabul University', 'university'],
			['National Environmental Protection Agency', 'government'],
			['Herat Women’s Environment Collective', 'cso']
		],
		languages: ['fa', 'ps'],
		phone: '+93 70 555 '
	}
];

const HEADLINES: Record<ThematicArea, [en: string, ru: string]> = {
	'climate-change': ['Climate adaptation researcher', 'Исследователь адаптации к изменению климата'],
	iwrm: ['Water governance specialist', 'Специалист по управлению водными ресурсами'],
	'transboundary-water': ['Adviser on transboundary water cooperation', 'Советник по трансграничному водному сотрудничеству'],
	'flood-emergency': ['Flood and mudflow preparedness coordinator', 'Координатор готовности к паводкам и селям'],
	biodiversity: ['Ecologist working on mountain biodiversity', 'Эколог, биоразнообразие горных экосистем'],
	waste: ['Waste sorting and recycling campaigner', 'Организатор раздельного сбора и переработки отходов'],
	'chemical-safety': ['Chemical safety and pesticides inspector', 'Инспектор по химической безопасности и пестицидам'],
	'cso-leadership': ['Director of an environmental CSO', 'Руководитель экологической НКО'],
	'environment-health': ['Environment and public health officer', 'Специалист по экологии и здоровью населения'],
	'clean-energy': ['Renewable energy engineer', 'Инженер по возобновляемой энергетике'],
	'water-saving': ['Trainer in water-saving irrigation', 'Тренер по водосберегающему орошению']
};

const TOPICS: Record<ThematicArea, [en: string, ru: string]> = {
	'climate-change': ['adapting villages to a changing climate', 'адаптация сёл к изменению климата'],
	iwrm: ['fair and sustainable water management', 'справедливое и устойчивое управление водой'],
	'transboundary-water': ['water cooperation across borders', 'трансграничное водное сотрудничество'],
	'flood-emergency': ['early warning of floods and mudflows', 'раннее оповещение о паводках и селях'],
	biodiversity: ['protected areas and mountain ecosystems', 'охраняемые территории и горные экосистемы'],
	waste: ['sorting and recycling household waste', 'раздельный сбор и переработка бытовых отходов'],
	'chemical-safety': ['safe use and disposal of pesticides', 'безопасное применение и утилизация пестицидов'],
	'cso-leadership': ['stronger civil-society organisations', 'развитие некоммерческих организаций'],
	'environment-health': ['clean air and safe drinking water', 'чистый воздух и безопасная питьевая вода'],
	'clean-energy': ['solar and small hydro power for rural communities', 'солнечная энергия и малые ГЭС для сёл'],
	'water-saving': ['water-saving irrigation', 'водосберегающее орошение']
};

const BIOS: Record<Kind, [en: string, ru: string]> = {
	government: [
		'I work with farmers and water user associations in **{city}**: {topic}. Ask me about field trainings, drip irrigation pilots and how to talk to local authorities.',
		'Работаю с фермерами и ассоциациями водопользователей в **{city}**: {topic}. Спросите меня о полевых тренингах, пилотах капельного орошения и о работе с местными властями.'
	],
	university: [
		'Researcher and lecturer in {city}. My work: {topic}. I supervise students and I am glad to share data, methods and reading lists.',
		'Исследователь и преподаватель, {city}. Моя тема: {topic}. Руковожу студентами, охотно делюсь данными, методиками и литературой.'
	],
	cso: [
		'I lead a small team in {city} running community campaigns on {topic}.\n\n- public hearings\n- school programmes\n- small grants',
		'Руковожу небольшой командой в {city}, проводим кампании в местных сообществах: {topic}.\n\n- общественные слушания\n- школьные программы\n- малые гранты'
	]
};

const VISIBILITIES: Visibility[] = ['self', 'connections', 'networks', 'public'];
const isCyrillic = (name: string) => /[\u0400-\u04ff]/.test(name);
/** Deterministic 0..1 from an integer (as in cohorts.ts), so every fresh demo is the same. */
function noise(i: number): number {
	let x = Math.imul(i + 0x9e3779b9, 0x85ebca6b) >>> 0;
	x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
	return ((x ^ (x >>> 16)) >>> 0) / 2 ** 32;
}

interface GeneratedPerson {
	email: string;
	name: string;
	country: string;
	locale: 'en' | 'ru';
	profile: {
		headline: string;
		organisation: string;
		city: string;
		expertise: ThematicArea[];
		languages: string[];
		bio: string;
		openToMentoring: boolean;
		visibility: 'networks' | 'public';
		contactEmail: string;
		contactEmailVisibility: Visibility;
		phone: string;
		phoneVisibility: Visibility;
		telegram: string;
		telegramVisibility: Visibility;
		linkedin: string;
		linkedinVisibility: Visibility;
		website: string;
		websiteVisibility: Visibility;
	};
	networks: DemoNetwork[];
}

/** The sixty generated people, in order (pure: the demo test can compare against it). */
export function directoryPeople(): GeneratedPerson[] {
	return Array.from({ length: DIRECTORY_PEOPLE }, (_, i) => {
		const country = COUNTRIES[i % COUNTRIES.length]!;
		const k = Math.floor(i / COUNTRIES.length);
		const name = country.names[k]!;
		const ru = isCyrillic(name);
		const [organisation, kind] = country.organisations[(k + i) % country.organisations.length]!;
		const first = THEMATIC_AREAS[(i * 7 + k) % THEMATIC_AREAS.length]!;
		const expertise = [first];
		if (noise(i) < 0.7) expertise.push(THEMATIC_AREAS[(i * 3 + 5) % THEMATIC_AREAS.length]!);
		if (noise(i + 100) < 0.3) expertise.push(THEMATIC_AREAS[(i + 2) % THEMATIC_AREAS.length]!);
		const unique = [...new Set(expertise)];
		const city = country.cities[k % country.cities.length]![ru ? 1 : 0];
		const [bioEn, bioRu] = BIOS[kind]!;
		const topic = TOPICS[first][ru ? 1 : 0];
		const handle = slugify(name).replace(/-/g, '.');
		const networks: DemoNetwork[] = [];
		if (i % 3 !== 2) networks.push('calp-alumni');
		if (kind === 'cso' || unique.includes('climate-change')) networks.push('cso-climate');
		if (kind === 'university') networks.push('academic-community');
		if (!networks.length) networks.push('cso-climate');
		const vis = (offset: number) => VISIBILITIES[(i + offset) % VISIBILITIES.length]!;
		return {
			email: directoryEmail(i),
			name,
			country: country.code,
			locale: ru ? 'ru' : 'en',
			profile: {
				headline: HEADLINES[first][ru ? 1 : 0],
				organisation,
				city,
				expertise: unique,
				languages: [...new Set([...country.languages, ...(noise(i + 200) < 0.6 ? ['en'] : []), ...(country.code === 'AF' ? [] : ['ru'])])],
				bio: (ru ? bioRu : bioEn).replace('{city}', city).replace('{topic}', topic),
				openToMentoring: i % 3 === 0,
				visibility: i % 5 === 0 || i % 5 === 2 ? 'public' : 'networks',
				contactEmail: `${handle.replace(/\./g, '-')}@example.org`,
				contactEmailVisibility: vis(0),
				phone: `${country.phone}${String(1000 + i).slice(-4)}`,
				phoneVisibility: vis(1),
				telegram: `@${handle.replace(/\./g, '_')}`,
				telegramVisibility: vis(2),
				linkedin: `https://www.linkedin.com/in/${handle.replace(/\./g, '-')}-demo`,
				linkedinVisibility: vis(3),
				website: kind === 'cso' && i % 2 === 0 ? `https://example.org/${handle.replace(/\./g, '-')}` : '',
				websiteVisibility: kind === 'cso' && i % 2 === 0 ? 'public' : 'self'
			},
			networks
		};
	});
}

/** Profiles of the autumn alumni (alumni.ts) and the demo learner, by email. */
const NAMED_PROFILES: Record<string, { headline: string; organisation: string; city: string; expertise: ThematicArea[]; languages: string[]; bio: string; openToMentoring: boolean; visibility: 'networks' | 'public' }> = {
	'learner@example.org': {
		headline: 'Water user association coordinator',
		organisation: 'Zarafshon Water Users',
		city: 'Panjakent',
		expertise: ['water-saving', 'iwrm'],
		languages: ['tg', 'ru', 'en'],
		bio: 'I help farmers in the Zarafshon valley share water fairly and save it: **drip irrigation** pilots and canal repairs.',
		openToMentoring: false,
		visibility: 'networks'
	},
	'alumni-01@example.org': {
		headline: 'Специалист по водосбережению',
		organisation: 'Арал-Сырдария',
		city: 'Kyzylorda',
		expertise: ['water-saving', 'transboundary-water'],
		languages: ['kk', 'ru'],
		bio: 'Внедряю водосберегающие технологии в хозяйствах Кызылординской области.',
		openToMentoring: true,
		visibility: 'public'
	},
	'alumni-02@example.org': {
		headline: 'Агроном, капельное орошение',
		organisation: 'Ассоциация фермеров Согда',
		city: 'Khujand',
		expertise: ['water-saving', 'climate-change'],
		languages: ['tg', 'ru'],
		bio: 'Обучаю фермеров Согдийской области капельному орошению и учёту воды.',
		openToMentoring: false,
		visibility: 'networks'
	},
	'alumni-03@example.org': {
		headline: 'Irrigation engineer',
		organisation: 'Fergana Valley Water Council',
		city: 'Fergana',
		expertise: ['iwrm', 'water-saving'],
		languages: ['uz', 'ru', 'en'],
		bio: 'I design and rehabilitate on-farm irrigation systems and train water user associations.',
		openToMentoring: true,
		visibility: 'public'
	},
	'alumni-04@example.org': {
		headline: 'Координатор проектов по климату',
		organisation: 'Green Osh',
		city: 'Osh',
		expertise: ['climate-change', 'flood-emergency'],
		languages: ['ky', 'ru'],
		bio: 'Готовлю сообщества юга Кыргызстана к паводкам и селям.',
		openToMentoring: false,
		visibility: 'networks'
	},
	'alumni-05@example.org': {
		headline: 'Environmental educator',
		organisation: 'Amu Darya Delta Friends',
		city: 'Türkmenabat',
		expertise: ['water-saving', 'environment-health'],
		languages: ['tk', 'ru', 'en'],
		bio: 'I teach schools and farmers about saving water in the Amu Darya delta.',
		openToMentoring: true,
		visibility: 'networks'
	},
	'alumni-06@example.org': {
		headline: 'Water and gender specialist',
		organisation: 'Herat Women’s Environment Collective',
		city: 'Herat',
		expertise: ['water-saving', 'cso-leadership'],
		languages: ['fa', 'ps', 'en'],
		bio: 'I work with women farmers in Herat province on water-saving kitchen gardens.',
		openToMentoring: false,
		visibility: 'public'
	}
};

export interface DemoDirectoryOutcome {
	networks: number;
	profiles: number;
	members: Record<DemoNetwork, number>;
}

export async function seedDirectory(db: Transaction<DB>, now: Date): Promise<DemoDirectoryOutcome> {
	const staff = await db
		.selectFrom('appUser')
		.select(['id', 'email', 'passwordHash'])
		.where('email', 'in', ['facilitator@example.org', 'learner@example.org', 'admin@example.org'])
		.execute();
	const facilitator = staff.find((a) => a.email === 'facilitator@example.org');
	const learner = staff.find((a) => a.email === 'learner@example.org');
	const admin = staff.find((a) => a.email === 'admin@example.org');

	const networks = await db
		.insertInto('network')
		.values(DEMO_NETWORKS.map((n, i) => ({ ...n, createdBy: admin?.id ?? null, createdAt: new Date(now.getTime() - (400 - i) * DAY) })))
		.returning(['id', 'slug'])
		.execute();
	const networkId = (slug: DemoNetwork) => networks.find((n) => n.slug === slug)!.id;
	if (facilitator) await db.insertInto('networkModerator').values(networks.map((n) => ({ networkId: n.id, userId: facilitator.id }))).execute();
	const calp = await db.selectFrom('course').select('id').where('slug', '=', 'calp-leadership').executeTakeFirst();
	if (calp) await db.insertInto('networkLink').values({ networkId: networkId('calp-alumni'), courseId: calp.id }).execute();

	// The generated people get the demo password: their hash is the demo learner's.
	const people = directoryPeople();
	const passwordHash = learner?.passwordHash ?? '!';
	const users = await db
		.insertInto('appUser')
		.values(people.map((p) => ({ email: p.email, name: p.name, passwordHash, country: p.country, locale: p.locale, role: 'learner' as const })))
		.returning(['id', 'email'])
		.execute();
	const userId = new Map(users.map((u) => [u.email, u.id]));
	const when = (i: number) => new Date(now.getTime() - Math.floor(5 + noise(i + 300) * 300) * DAY);
	await db
		.insertInto('directoryProfile')
		.values(people.map((p, i) => ({ userId: userId.get(p.email)!, displayName: p.name, country: p.country, ...p.profile, createdAt: when(i), updatedAt: when(i) })))
		.execute();

	const named = await db.selectFrom('appUser').select(['id', 'email', 'name', 'country']).where('email', 'in', Object.keys(NAMED_PROFILES)).execute();
	await db
		.insertInto('directoryProfile')
		.values(
			named.map((u, i) => ({
				userId: u.id,
				displayName: u.name.slice(0, 120),
				country: u.country,
				...NAMED_PROFILES[u.email]!,
				...(u.email === 'learner@example.org'
					? { telegram: '@farrukh_rahimov', telegramVisibility: 'connections' as const, contactEmail: 'learner@example.org', contactEmailVisibility: 'networks' as const }
					: { contactEmail: u.email, contactEmailVisibility: 'connections' as const }),
				createdAt: new Date(now.getTime() - (20 + i) * DAY),
				updatedAt: new Date(now.getTime() - (2 + i) * DAY)
			}))
		)
		.execute();

	const memberships = [
		...people.flatMap((p, i) => p.networks.map((slug) => ({ slug, userId: userId.get(p.email)!, joinedAt: when(i + 1000) }))),
		...named.map((u, i) => ({ slug: 'calp-alumni' as DemoNetwork, userId: u.id, joinedAt: new Date(now.getTime() - (30 + i) * DAY) }))
	];
	await db
		.insertInto('networkMember')
		.values(memberships.map((m) => ({ networkId: networkId(m.slug), userId: m.userId, status: 'member' as const, source: 'admin' as const, joinedAt: m.joinedAt, createdAt: m.joinedAt })))
		.execute();

	const members = Object.fromEntries(DEMO_NETWORKS.map((n) => [n.slug, memberships.filter((m) => m.slug === n.slug).length])) as Record<DemoNetwork, number>;
	return { networks: networks.length, profiles: people.length + named.length, members };
}

/** For the demo's documentation and tests: the autumn alumni whose profiles are seeded here. */
export const NAMED_PROFILE_EMAILS = ['learner@example.org', ...ALUMNI_PEOPLE.map((p) => p.email)];
