// Bench courses: published courses with generated lessons (~300 words each), half in
// English and half in Russian, written straight through Kysely in a few large inserts,
// then indexed for search with the app's own refreshCourseSearch.
import type { Database } from '../../src/lib/server/db/connect';
import type { CourseLevel } from '../../src/lib/server/db/schema';
import { refreshCourseSearch } from '../../src/lib/server/courses/search';
import { LEVELS, THEMATIC_AREAS } from '../../src/lib/courses/taxonomy';

export const BENCH_ORGANISATION = 'Bench Training Centre';
const MODULES_PER_COURSE = 5;
const BATCH = 500;

export function benchCourseSlug(i: number) {
	return `bench-course-${String(i).padStart(3, '0')}`;
}
export function benchLessonSlug(i: number) {
	return `lesson-${String(i).padStart(2, '0')}`;
}

const EN = (
	'water irrigation canal farmers basin river drought climate adaptation soil salinity crops ' +
	'community association monitoring pollution waste energy efficiency biodiversity forest steppe ' +
	'glacier mountain flood risk management cooperation policy training leadership project budget ' +
	'stakeholders evidence data survey village household health school youth partnership network'
).split(' ');
const RU = (
	'вода орошение канал фермеры бассейн река засуха климат адаптация почва засоление урожай ' +
	'сообщество ассоциация мониторинг загрязнение отходы энергия эффективность биоразнообразие лес степь ' +
	'ледник горы паводок риск управление сотрудничество политика обучение лидерство проект бюджет ' +
	'участники данные опрос село хозяйство здоровье школа молодёжь партнёрство сеть водных ресурсов'
).split(' ');

/** A small deterministic generator, so every run seeds the same text. */
function words(seed: number) {
	let state = seed >>> 0 || 1;
	return (list: string[], n: number) => {
		const out: string[] = [];
		for (let i = 0; i < n; i++) {
			state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
			out.push(list[state % list.length]!);
		}
		return out;
	};
}

const sentence = (w: string[]) => `${w[0]!.charAt(0).toUpperCase()}${w[0]!.slice(1)} ${w.slice(1).join(' ')}.`;

/** About 300 words of Markdown: headings, paragraphs, a list, emphasis. */
function lessonBody(language: 'en' | 'ru', seed: number) {
	const pick = words(seed);
	const list = language === 'en' ? EN : RU;
	const paragraph = () => Array.from({ length: 5 }, () => sentence(pick(list, 13))).join(' ');
	return [
		`## ${sentence(pick(list, 3)).slice(0, -1)}`,
		paragraph(),
		`**${pick(list, 2).join(' ')}** ${paragraph()}`,
		pick(list, 4)
			.map((w) => `- ${w}: ${pick(list, 6).join(' ')}`)
			.join('\n'),
		`## ${sentence(pick(list, 2)).slice(0, -1)}`,
		paragraph(),
		paragraph()
	].join('\n\n');
}

/** Creates the bench courses that are not there yet; returns how many it created. */
export async function seedCourses(db: Database, courses: number, lessonsPerCourse: number): Promise<number> {
	const existing = new Set(
		(await db.selectFrom('course').select('slug').where('slug', 'like', 'bench-course-%').execute()).map((c) => c.slug)
	);
	const wanted = Array.from({ length: courses }, (_, i) => i + 1).filter((i) => !existing.has(benchCourseSlug(i)));
	if (wanted.length === 0) return 0;

	const org =
		(await db.selectFrom('organisation').select('id').where('name', '=', BENCH_ORGANISATION).executeTakeFirst()) ??
		(await db
			.insertInto('organisation')
			.values({ name: BENCH_ORGANISATION, type: 'training_centre', country: 'KZ' })
			.returning('id')
			.executeTakeFirstOrThrow());

	const now = Date.now();
	const courseRows = await db
		.insertInto('course')
		.values(
			wanted.map((i) => {
				const language = i % 2 === 0 ? 'en' : 'ru';
				const pick = words(i);
				const title = language === 'en' ? `Bench course ${i}: ${pick(EN, 3).join(' ')}` : `Учебный курс ${i}: ${pick(RU, 3).join(' ')}`;
				return {
					slug: benchCourseSlug(i),
					title,
					summary: sentence(pick(language === 'en' ? EN : RU, 30)),
					description: lessonBody(language, i * 7919),
					language,
					thematicAreas: [THEMATIC_AREAS[i % THEMATIC_AREAS.length]!, THEMATIC_AREAS[(i * 3 + 1) % THEMATIC_AREAS.length]!],
					level: LEVELS[i % LEVELS.length] as CourseLevel,
					estimatedHours: (i % 10) + 1,
					outcomes: JSON.stringify([sentence(pick(language === 'en' ? EN : RU, 8))]),
					authors: JSON.stringify(['Bench Author']),
					organisationId: org.id,
					status: 'published' as const,
					publishedAt: new Date(now - i * 60_000)
				};
			})
		)
		.returning(['id', 'slug', 'language'])
		.execute();

	const moduleRows = courseRows.flatMap((c) =>
		Array.from({ length: MODULES_PER_COURSE }, (_, m) => ({
			courseId: c.id,
			slug: `module-${m + 1}`,
			title: c.language === 'en' ? `Module ${m + 1}` : `Модуль ${m + 1}`,
			position: m + 1
		}))
	);
	const modules: { id: string; courseId: string; position: number }[] = [];
	for (let from = 0; from < moduleRows.length; from += BATCH) {
		modules.push(
			...(await db
				.insertInto('courseModule')
				.values(moduleRows.slice(from, from + BATCH))
				.returning(['id', 'courseId', 'position'])
				.execute())
		);
	}
	const moduleOf = new Map(modules.map((m) => [`${m.courseId}/${m.position}`, m.id]));
	const perModule = Math.ceil(lessonsPerCourse / MODULES_PER_COURSE);

	const lessonRows = courseRows.flatMap((c) =>
		Array.from({ length: lessonsPerCourse }, (_, l) => ({
			courseId: c.id,
			moduleId: moduleOf.get(`${c.id}/${Math.floor(l / perModule) + 1}`)!,
			slug: benchLessonSlug(l + 1),
			title: c.language === 'en' ? `Lesson ${l + 1}: ${words(l + 17)(EN, 3).join(' ')}` : `Урок ${l + 1}: ${words(l + 17)(RU, 3).join(' ')}`,
			position: (l % perModule) + 1,
			estimatedMinutes: 10 + (l % 4) * 5
		}))
	);
	const languageOf = new Map(courseRows.map((c) => [c.id, c.language as 'en' | 'ru']));
	for (let from = 0; from < lessonRows.length; from += BATCH) {
		const lessons = await db
			.insertInto('lesson')
			.values(lessonRows.slice(from, from + BATCH))
			.returning(['id', 'courseId'])
			.execute();
		await db
			.insertInto('lessonItem')
			.values(
				lessons.map((lesson, j) => ({
					lessonId: lesson.id,
					position: 1,
					kind: 'text' as const,
					body: lessonBody(languageOf.get(lesson.courseId)!, from + j + 1)
				}))
			)
			.execute();
	}

	for (const course of courseRows) await refreshCourseSearch(db, course.id);
	return courseRows.length;
}
