import type { Gender, OrganisationType } from '../db/schema';

/**
 * The demo's applicants to CALP 2026: people from the six countries, writing in English or
 * Russian as such applicants do, with organisations, positions and problems of their own
 * country. Deterministic, so every fresh demo reads the same.
 */

type Country = 'KZ' | 'KG' | 'TJ' | 'TM' | 'UZ' | 'AF';
type Language = 'en' | 'ru';

/** The options of the demo's "thematic areas" question (labels as the form shows them). */
export const AREA_OPTIONS = [
	'Climate change',
	'Integrated water resources management',
	'Transboundary water cooperation',
	'Biodiversity and ecosystems',
	'Efficient consumption and waste management'
] as const;
type Area = (typeof AREA_OPTIONS)[number];

export interface DemoApplicant {
	/** 1-based: applicant-01@example.org ... */
	n: number;
	email: string;
	name: string;
	gender: Gender;
	country: Country;
	locale: Language;
	organisationName: string;
	organisationType: OrganisationType;
	position: string;
	yearsExperience: number;
	motivation: string;
	/** the answer to "Which environmental problem in your community ..." */
	problem: string;
	areas: Area[];
}

const PEOPLE: [string, Gender, Country][] = [
	['Aruzhan Seitkali', 'female', 'KZ'],
	['Данияр Жумабаев', 'male', 'KZ'],
	['Айгуль Сарсенбаева', 'female', 'KZ'],
	['Yerlan Abenov', 'male', 'KZ'],
	['Madina Ospanova', 'female', 'KZ'],
	['Асель Тулегенова', 'female', 'KZ'],
	['Nurlan Kassymov', 'prefer_not_to_say', 'KZ'],
	['Жанар Ахметова', 'female', 'KZ'],
	['Айпери Бакирова', 'female', 'KG'],
	['Nurbek Asanov', 'male', 'KG'],
	['Чолпон Мамытова', 'female', 'KG'],
	['Emil Dzhumaliev', 'male', 'KG'],
	['Aizada Turdubekova', 'female', 'KG'],
	['Бекболот Султанов', 'male', 'KG'],
	['Гульзат Осмонова', 'female', 'KG'],
	['Nilufar Yusupova', 'female', 'UZ'],
	['Шохрух Алимов', 'male', 'UZ'],
	['Malika Tursunova', 'female', 'UZ'],
	['Jasur Rakhimov', 'male', 'UZ'],
	['Гулнора Саидова', 'female', 'UZ'],
	['Sardor Normatov', 'male', 'UZ'],
	['Дилфуза Эргашева', 'female', 'UZ'],
	['Bobur Khasanov', 'prefer_not_to_say', 'UZ'],
	['Мехринисо Назарова', 'female', 'TJ'],
	['Firuz Sharipov', 'male', 'TJ'],
	['Zarina Davlatova', 'female', 'TJ'],
	['Сухроб Каримов', 'male', 'TJ'],
	['Manizha Qodirova', 'female', 'TJ'],
	['Парвиз Рахмонов', 'male', 'TJ'],
	['Sitora Mirzoeva', 'female', 'TJ'],
	['Ayna Berdiyeva', 'female', 'TM'],
	['Merdan Orazov', 'male', 'TM'],
	['Огулджахан Мамедова', 'female', 'TM'],
	['Maral Atayeva', 'female', 'TM'],
	['Batyr Hojayev', 'male', 'TM'],
	['Mariam Ahmadzai', 'female', 'AF'],
	['Farid Rahimi', 'male', 'AF'],
	['Zahra Hosseini', 'female', 'AF'],
	['Ahmad Shah Noori', 'male', 'AF'],
	['Freshta Sultani', 'female', 'AF']
];

/** [English name, Russian name, type, whether English says "the" before the name] */
const ORGANISATIONS: Record<Country, [string, string, OrganisationType, boolean?][]> = {
	KZ: [
		['Aral Revival Public Foundation', 'Общественный фонд «Возрождение Арала»', 'cso', true],
		['Al-Farabi Kazakh National University', 'Казахский национальный университет имени аль-Фараби', 'university'],
		['Kyzylorda Region Department of Natural Resources', 'Управление природных ресурсов Кызылординской области', 'government', true],
		['Green Steppe Consulting', 'ТОО «Зелёная степь Консалтинг»', 'business']
	],
	KG: [
		['Green Osh', 'Общественное объединение «Зелёный Ош»', 'cso'],
		['Kyrgyz National Agrarian University', 'Кыргызский национальный аграрный университет', 'university', true],
		['Issyk-Kul Ecological Movement', 'Экологическое движение «Иссык-Куль»', 'cso', true],
		['Ministry of Emergency Situations of the Kyrgyz Republic', 'Министерство чрезвычайных ситуаций Кыргызской Республики', 'government', true]
	],
	UZ: [
		['Tashkent Institute of Irrigation and Agricultural Mechanization Engineers', 'Ташкентский институт инженеров ирригации и механизации сельского хозяйства', 'university', true],
		['Fergana Water User Association Support Centre', 'Центр поддержки ассоциаций водопотребителей Ферганы', 'training_centre', true],
		['Ecological Society of Karakalpakstan', 'Экологическое общество Каракалпакстана', 'cso', true],
		['AgroSmart Solutions', 'ООО «АгроСмарт Солюшнс»', 'business']
	],
	TJ: [
		['Youth for Nature Khatlon', 'Общественная организация «Молодёжь за природу Хатлона»', 'cso'],
		['Tajik Agrarian University', 'Таджикский аграрный университет', 'university', true],
		['Committee for Environmental Protection, Sughd office', 'Комитет охраны окружающей среды, Согдийское отделение', 'government', true],
		['Pamir Mountain Training Centre', 'Памирский горный учебный центр', 'training_centre', true]
	],
	TM: [
		['Nature Protection Society of Turkmenistan', 'Общество охраны природы Туркменистана', 'cso', true],
		['Turkmen Agricultural University', 'Туркменский сельскохозяйственный университет', 'university', true],
		['Dashoguz Farmers Training Centre', 'Учебный центр для фермеров Дашогуза', 'training_centre', true]
	],
	AF: [
		['Afghan Water and Environment Network', 'Afghan Water and Environment Network', 'cso', true],
		['Kabul University', 'Kabul University', 'university'],
		['Herat Provincial Agriculture Directorate', 'Herat Provincial Agriculture Directorate', 'government', true],
		['Community Resilience Programme (UNDP)', 'Community Resilience Programme (UNDP)', 'international', true]
	]
};

/** [English, Russian] by organisation type, so a lecturer works at a university. */
const POSITIONS: Record<OrganisationType, [string, string][]> = {
	cso: [
		['Project coordinator', 'Координатор проектов'],
		['Volunteer coordinator', 'Координатор волонтёров'],
		['Director', 'Директор']
	],
	university: [
		['Lecturer', 'Преподаватель'],
		['Junior researcher', 'Младший научный сотрудник'],
		['Senior lecturer', 'Старший преподаватель']
	],
	government: [
		['Chief specialist', 'Главный специалист'],
		['Environmental inspector', 'Государственный экологический инспектор']
	],
	training_centre: [
		['Trainer', 'Тренер'],
		['Extension officer', 'Специалист по консультированию фермеров']
	],
	business: [
		['Environmental engineer', 'Инженер-эколог'],
		['Sustainability manager', 'Менеджер по устойчивому развитию']
	],
	international: [['Programme officer', 'Специалист программы']]
};

/**
 * Problems of each country, each a singular noun phrase in both languages (the motivation
 * texts build sentences around them), with the thematic areas the applicant ticks.
 */
const PROBLEMS: Record<Country, [string, string, Area[]][]> = {
	KZ: [
		['salt and dust blowing from the dried Aral seabed around Aralsk', 'вынос соли и пыли с осушенного дна Арала в районе Аральска', ['Climate change', 'Biodiversity and ecosystems']],
		['coal smoke over the private-housing districts of Almaty in winter', 'загрязнение воздуха угольным дымом в частном секторе Алматы зимой', ['Efficient consumption and waste management', 'Climate change']],
		['the shrinking of the Ili river delta and Lake Balkhash', 'обмеление дельты Или и озера Балхаш', ['Transboundary water cooperation', 'Integrated water resources management', 'Biodiversity and ecosystems']]
	],
	KG: [
		['the mudflow risk for villages in the Alamedin gorge', 'угроза селей для сёл Аламединского ущелья', ['Climate change']],
		['plastic waste on the shores of Issyk-Kul', 'загрязнение берегов Иссык-Куля пластиковыми отходами', ['Efficient consumption and waste management', 'Biodiversity and ecosystems']],
		['radioactive waste from the uranium tailings near Mailuu-Suu', 'опасность урановых хвостохранилищ возле Майлуу-Суу', ['Transboundary water cooperation', 'Efficient consumption and waste management']]
	],
	UZ: [
		['soil salinity on irrigated land in Karakalpakstan', 'засоление орошаемых земель в Каракалпакстане', ['Integrated water resources management', 'Climate change']],
		['water loss from earthen canals in the Fergana valley', 'потеря воды в земляных каналах Ферганской долины', ['Integrated water resources management', 'Transboundary water cooperation']],
		['the storage of obsolete pesticides near farmland in the Syrdarya region', 'хранение устаревших пестицидов рядом с полями в Сырдарьинской области', ['Efficient consumption and waste management']]
	],
	TJ: [
		['summer water shortage in the Zarafshan valley as glaciers retreat', 'летняя нехватка воды в долине Зеравшана из-за отступления ледников', ['Climate change', 'Transboundary water cooperation']],
		['the lack of safe drinking water in rural schools of Khatlon', 'отсутствие безопасной питьевой воды в сельских школах Хатлона', ['Integrated water resources management']],
		['landslide risk after tree cutting on the slopes above Rasht', 'угроза оползней после вырубки деревьев на склонах над Раштом', ['Climate change', 'Biodiversity and ecosystems']]
	],
	TM: [
		['unfair water sharing along the Murgab river', 'несправедливое распределение воды на реке Мургаб', ['Integrated water resources management', 'Transboundary water cooperation']],
		['the desertification of pastures around Dashoguz', 'опустынивание пастбищ вокруг Дашогуза', ['Climate change', 'Biodiversity and ecosystems']],
		['household waste burning on the edges of Ashgabat', 'сжигание бытовых отходов на окраинах Ашхабада', ['Efficient consumption and waste management']]
	],
	AF: [
		['flash flooding in the Kabul river basin', 'паводки в бассейне реки Кабул', ['Climate change', 'Transboundary water cooperation']],
		['groundwater depletion in Herat province', 'истощение подземных вод в провинции Герат', ['Integrated water resources management']],
		['the loss of pistachio woodland in Badghis', 'исчезновение фисташковых лесов в Бадгисе', ['Biodiversity and ecosystems', 'Climate change']]
	]
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const article = (word: string) => (/^[aeiou]/i.test(word) ? 'an' : 'a');

function yearsRu(n: number) {
	const mod10 = n % 10;
	const mod100 = n % 100;
	if (mod10 === 1 && mod100 !== 11) return `${n} год`;
	if (mod10 >= 2 && mod10 <= 4 && (mod100 < 12 || mod100 > 14)) return `${n} года`;
	return `${n} лет`;
}

interface Slots {
	org: string;
	position: string;
	years: number;
	problem: string;
}

/** Early-career applicants (up to three years) get the first template; others one of the rest. */
const MOTIVATION: Record<Language, ((s: Slots) => string)[]> = {
	en: [
		(s) =>
			`I am at the start of my career (${s.years} years of work so far) and I want to work on the environmental problems of my country. ` +
			`I have joined student expeditions and volunteer clean-ups, and now I want to lead a project of my own on ${s.problem}. ` +
			`I will share what I learn with the young people in our network at ${s.org}.`,
		(s) =>
			`I have worked for ${s.years} years at ${s.org}, now as ${s.position.toLowerCase()}. Most of our projects are small and stop when the grant ends. ` +
			`I want to learn how to design a project on ${s.problem} that local authorities and farmers will keep running after we leave, ` +
			`and to meet people from neighbouring countries who face the same problem.`,
		(s) =>
			`${capitalise(s.problem)} affects thousands of families in my region, yet decisions about it are made without the people who live with it. ` +
			`At ${s.org} I organise meetings and trainings, but I lack the tools to turn what we hear into proposals the authorities take seriously. ` +
			`CALP would give me those tools and a network across Central Asia.`,
		(s) =>
			`My team at ${s.org} has collected data on ${s.problem} for several years, but the results rarely reach decision-makers. ` +
			`I want to learn advocacy and partnership skills, and to understand how the water-energy-food nexus can help us speak to several ministries at once.`,
		(s) =>
			`As ${article(s.position)} ${s.position.toLowerCase()} I see every day how ${s.problem} affects health and incomes in rural communities. ` +
			`I would like to use the programme to prepare a concept note with colleagues from other countries and to bring a regional perspective to my work at ${s.org}.`
	],
	ru: [
		(s) =>
			`Я только начинаю профессиональный путь (опыт работы — ${yearsRu(s.years)}), за плечами студенческие экспедиции и волонтёрские акции. ` +
			`Теперь я хочу руководить собственным проектом. Больше всего меня беспокоит ${s.problem}. ` +
			`Всем, чему научусь, я поделюсь с молодёжью нашей сети.`,
		(s) =>
			`Мой опыт работы в сфере охраны окружающей среды — ${yearsRu(s.years)}. Наша организация — ${s.org} — реализует небольшие проекты, ` +
			`которые часто заканчиваются вместе с грантом. Я хочу научиться разрабатывать проекты, которые местные власти и жители продолжат сами, ` +
			`и начать с проблемы, которая волнует наше сообщество: ${s.problem}.`,
		(s) =>
			`${capitalise(s.problem)} — проблема, от которой страдают тысячи семей в моём регионе, но решения по ней принимаются без участия местных жителей. ` +
			`Я провожу встречи и тренинги, однако мне не хватает инструментов, чтобы превращать услышанное в предложения для государственных органов. ` +
			`Программа CALP даст мне эти инструменты и связи с коллегами по всей Центральной Азии.`,
		(s) =>
			`Наша организация — ${s.org} — уже несколько лет собирает данные по теме «${s.problem}», но результаты редко доходят до тех, кто принимает решения. ` +
			`Я хочу освоить навыки адвокации и построения партнёрств и понять, как подход «вода — энергия — продовольствие» помогает говорить сразу с несколькими министерствами.`,
		(s) =>
			`Каждый день я вижу, как ${s.problem} сказывается на здоровье и доходах сельских жителей. ` +
			`В рамках программы мне хотелось бы вместе с коллегами из соседних стран подготовить концепцию проекта и привнести региональный взгляд в работу нашей организации (${s.org}).`
	]
};

const isCyrillic = (s: string) => /[а-яё]/i.test(s);

export function applicantEmail(n: number) {
	return `applicant-${String(n).padStart(2, '0')}@example.org`;
}

export function demoApplicants(): DemoApplicant[] {
	const seenInCountry = new Map<Country, number>();
	return PEOPLE.map(([name, gender, country], i) => {
		const k = seenInCountry.get(country) ?? 0;
		seenInCountry.set(country, k + 1);
		const locale: Language = isCyrillic(name) ? 'ru' : 'en';
		const ru = locale === 'ru';
		const orgs = ORGANISATIONS[country];
		const [orgEn, orgRu, organisationType, the] = orgs[k % orgs.length]!;
		const positions = POSITIONS[organisationType];
		const [positionEn, positionRu] = positions[i % positions.length]!;
		const problems = PROBLEMS[country];
		const [problemEn, problemRu, areas] = problems[k % problems.length]!;
		// 2..14 years, spread so that it does not follow the list's order.
		const yearsExperience = 2 + ((i * 5 + 3) % 13);
		const slots: Slots = {
			org: ru ? orgRu : the ? `the ${orgEn}` : orgEn,
			position: ru ? positionRu : positionEn,
			years: yearsExperience,
			problem: ru ? problemRu : problemEn
		};
		const templates = MOTIVATION[locale];
		const template = yearsExperience <= 3 ? templates[0]! : templates[1 + (i % (templates.length - 1))]!;
		return {
			n: i + 1,
			email: applicantEmail(i + 1),
			name,
			gender,
			country,
			locale,
			organisationName: ru ? orgRu : orgEn,
			organisationType,
			position: slots.position,
			yearsExperience,
			motivation: template(slots),
			problem: capitalise(slots.problem),
			areas
		};
	});
}
