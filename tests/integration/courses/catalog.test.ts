import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCatalogSearch, type CatalogSearch } from '../../../src/lib/schemas/catalog';
import { searchCatalog } from '../../../src/lib/server/courses/catalog';
import { importCourse } from '../../../src/lib/server/courses/import';
import { parseCoursePackage } from '../../../src/lib/server/courses/package/parse';
import { importCourseFolder } from '../../../src/lib/server/courses/packages';
import { getCourseOverview, getLessonView } from '../../../src/lib/server/courses/reader';
import type { Actor } from '../../../src/lib/server/courses/access';
import { NotFoundError } from '../../../src/lib/server/errors';
import type { PackageFiles } from '../../../src/lib/server/courses/package/files';
import { validCourseFiles } from '../../course-package';
import { makeOrganisation, makeUser } from '../../factories';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const SAMPLES = join(import.meta.dirname, '../../../courses');
const search = (params: Record<string, string | string[]> = {}, page = 1): CatalogSearch => {
	const p = new URLSearchParams();
	for (const [k, v] of Object.entries(params)) for (const one of [v].flat()) p.append(k, one);
	return { ...parseCatalogSearch(p), page };
};
const slugsOf = (r: { courses: { slug: string }[] }) => r.courses.map((c) => c.slug);

/** A small course: the test package with its course.yaml fields replaced. */
function courseFiles(fields: Record<string, string>, body = 'Plain text.'): PackageFiles {
	const yaml = Object.entries({
		title: 'Generated course',
		summary: 'A generated course.',
		language: 'en',
		thematic_areas: '[waste]',
		level: 'intermediate',
		estimated_hours: '1',
		outcomes: '[Do a thing]',
		status: 'published',
		cover: 'assets/cover.png',
		...fields
	})
		.map(([k, v]) => `${k}: ${v}`)
		.join('\n');
	return validCourseFiles({
		'course.yaml': `${yaml}\n`,
		'01-water-basics/01-what-is-iwrm.md': `---\ntitle: First lesson\n---\n\n${body}\n`,
		'01-water-basics/02-basins.md': '---\ntitle: Second lesson\n---\n\nMore of the same.\n',
		'02-practice/01-field-visit.md': '---\ntitle: Third lesson\n---\n\nAnd the end.\n'
	});
}

async function importFiles(slug: string, files: PackageFiles) {
	const { course, problems } = parseCoursePackage(files, slug);
	expect(problems).toEqual([]);
	return db.transaction().execute((trx) => importCourse(trx, course!, { userId: null, sourceHash: null }));
}

const SAMPLE_SLUGS = ['calp-leadership', 'khimicheskaya-bezopasnost', 'water-saving-irrigation'];

beforeAll(async () => {
	for (const slug of SAMPLE_SLUGS) await importCourseFolder(db, join(SAMPLES, slug));
	const org = '{ name: Compost Collective, type: cso, country: KG }';
	for (let i = 1; i <= 15; i++) {
		await importFiles(`compost-${String(i).padStart(2, '0')}`, courseFiles({ title: `Home compost ${i}`, organisation: org }, 'Compost turns kitchen waste into soil.'));
	}
	await importFiles('kazakh-steppe', courseFiles({ title: 'Дала экожүйелері', language: 'kk', thematic_areas: '[biodiversity]', level: 'advanced' }, 'Дала өсімдіктері.'));
	await importFiles('secret-water-draft', courseFiles({ title: 'Water secrets', status: 'draft' }, 'Water water water водные воды.'));
	await importFiles('old-water-archive', courseFiles({ title: 'Old water course', status: 'archived' }, 'Water archive.'));
});

describe('searchCatalog', () => {
	it('lists published courses only, newest first, with their card details', async () => {
		const result = await searchCatalog(db, search(), { pageSize: 100 });
		expect(result.total).toBe(19);
		expect(slugsOf(result)).not.toContain('secret-water-draft');
		expect(slugsOf(result)).not.toContain('old-water-archive');
		expect(slugsOf(result)[0]).toBe('kazakh-steppe');
		const water = result.courses.find((c) => c.slug === 'water-saving-irrigation')!;
		expect(water).toMatchObject({
			title: 'Water-saving irrigation for farmers in Central Asia',
			language: 'en',
			level: 'introductory',
			estimatedHours: 3,
			thematicAreas: ['water-saving', 'iwrm'],
			organisationName: 'CAREC',
			coverUrl: null
		});
		expect(water.lessonCount).toBeGreaterThan(3);
		const generated = result.courses.find((c) => c.slug === 'compost-01')!;
		expect(generated.coverUrl).toMatch(/^\/files\/[0-9a-f-]{36}\/cover\.png$/);
		expect(generated.lessonCount).toBe(3);
	});

	it('finds English courses for "water", best match first, and never a draft', async () => {
		const result = await searchCatalog(db, search({ q: 'water' }));
		expect(slugsOf(result)[0]).toBe('water-saving-irrigation');
		expect(slugsOf(result)).toContain('calp-leadership');
		expect(slugsOf(result)).not.toContain('khimicheskaya-bezopasnost');
		expect(slugsOf(result)).not.toContain('secret-water-draft');
		expect(slugsOf(result)).not.toContain('old-water-archive');
		expect(result.total).toBe(result.courses.length);
	});

	it('finds the Russian course for "вода" through Russian stemming', async () => {
		const result = await searchCatalog(db, search({ q: 'вода' }));
		expect(slugsOf(result)).toEqual(['khimicheskaya-bezopasnost']);
		const stemmed = await searchCatalog(db, search({ q: 'водные ресурсы' }));
		expect(slugsOf(stemmed)).toEqual(['khimicheskaya-bezopasnost']);
	});

	it('matches words in a language without a dictionary as they are written', async () => {
		expect(slugsOf(await searchCatalog(db, search({ q: 'өсімдіктері' })))).toEqual(['kazakh-steppe']);
	});

	it('counts each facet over the search with the other facets applied', async () => {
		const all = await searchCatalog(db, search());
		const count = (values: { value: string; count: number }[], value: string) => values.find((v) => v.value === value)?.count ?? 0;
		expect(count(all.facets.languages, 'en')).toBe(17);
		expect(count(all.facets.languages, 'ru')).toBe(1);
		expect(count(all.facets.languages, 'kk')).toBe(1);
		expect(count(all.facets.areas, 'waste')).toBe(15);
		expect(count(all.facets.areas, 'iwrm')).toBe(2);
		expect(count(all.facets.levels, 'intermediate')).toBe(16);
		expect(all.facets.organisations.map((o) => [o.label, o.count])).toEqual([
			['CAREC', 3],
			['Compost Collective', 15]
		]);

		// Ticking an area narrows the other facets but not the area facet itself.
		const iwrm = await searchCatalog(db, search({ area: 'iwrm' }));
		expect(slugsOf(iwrm).sort()).toEqual(['calp-leadership', 'water-saving-irrigation']);
		expect(iwrm.total).toBe(2);
		expect(iwrm.facets.areas).toEqual(all.facets.areas.map((a) => ({ ...a, selected: a.value === 'iwrm' })));
		expect(iwrm.facets.languages.map((l) => [l.value, l.count])).toEqual([['en', 2]]);
		expect(iwrm.facets.levels.map((l) => [l.value, l.count])).toEqual([
			['introductory', 1],
			['intermediate', 1]
		]);

		// Two areas are alternatives; a language applies on top.
		const two = await searchCatalog(db, search({ area: ['iwrm', 'chemical-safety'], language: 'ru' }));
		expect(slugsOf(two)).toEqual(['khimicheskaya-bezopasnost']);
		expect(two.facets.languages.map((l) => [l.value, l.count, l.selected])).toEqual([
			['en', 2, false],
			['ru', 1, true]
		]);

		// The text search applies to every facet's counts.
		const water = await searchCatalog(db, search({ q: 'water' }));
		expect(count(water.facets.areas, 'waste')).toBe(0);
		expect(water.facets.organisations.map((o) => o.label)).toEqual(['CAREC']);
	});

	it('keeps a ticked value listed, at 0, when nothing else matches it', async () => {
		const carec = (await searchCatalog(db, search())).facets.organisations.find((o) => o.label === 'CAREC')!;
		const result = await searchCatalog(db, search({ q: 'compost', organisation: carec.value }));
		expect(result.total).toBe(0);
		expect(result.courses).toEqual([]);
		expect(result.facets.organisations).toContainEqual({ value: carec.value, label: 'CAREC', count: 0, selected: true });
		const level = await searchCatalog(db, search({ q: 'compost', level: 'advanced' }));
		expect(level.facets.levels).toContainEqual({ value: 'advanced', label: null, count: 0, selected: true });
	});

	it('pages through the results without repeating or skipping a course', async () => {
		const pages = await Promise.all([1, 2, 3, 4].map((p) => searchCatalog(db, search({ q: 'compost' }, p), { pageSize: 6 })));
		expect(pages.map((p) => [p.total, p.pages, p.courses.length])).toEqual([
			[15, 3, 6],
			[15, 3, 6],
			[15, 3, 3],
			[15, 3, 0]
		]);
		const seen = pages.flatMap(slugsOf);
		expect(new Set(seen).size).toBe(15);
	});

	it('drops unknown filter values and bad page numbers from the address', () => {
		const parsed = parseCatalogSearch(
			new URLSearchParams('q=%20%20soil%20%20&area=iwrm&area=nope&area=iwrm&language=xx&level=advanced&organisation=1;drop&page=-3')
		);
		expect(parsed).toEqual({ q: 'soil', areas: ['iwrm'], languages: [], levels: ['advanced'], organisationIds: [], page: 1 });
		expect(parseCatalogSearch(new URLSearchParams(`q=${'a'.repeat(5000)}`)).q.length).toBe(200);
	});

	it('answers any text without an error', async () => {
		const hostile = [
			'"',
			'"water',
			"water' OR 1=1 --",
			'water & | ! :* <->',
			'!',
			':*',
			'&&&',
			'a:* & !b | (c',
			'\\',
			'%_',
			"'; drop table course; --",
			'воды | water',
			'-water',
			'or',
			'the',
			'🙂',
			'\u0000'.replace('\u0000', ' '),
			'w'.repeat(5000),
			Array.from({ length: 500 }, (_, i) => `word${i}`).join(' ')
		];
		for (const q of hostile) {
			const result = await searchCatalog(db, { ...search(), q }, { pageSize: 100 });
			expect(result.total, q.slice(0, 40)).toBe(result.courses.length);
			expect(slugsOf(result)).not.toContain('secret-water-draft');
		}
		expect((await db.selectFrom('course').select('id').execute()).length).toBe(21);
	});
});

describe('reading a course', () => {
	let owner: Actor;
	let otherAuthor: Actor;
	let admin: Actor;
	let learner: Actor;

	beforeAll(async () => {
		await importFiles(
			'draft-course',
			courseFiles({ title: 'Unpublished course', status: 'draft', organisation: '{ name: Draft Makers, type: cso, country: TJ }' })
		);
		await importFiles('reader-course', validCourseFiles());
		const draftOrg = await db
			.selectFrom('organisation')
			.select('id')
			.where('name', '=', 'Draft Makers')
			.executeTakeFirstOrThrow();
		const other = await makeOrganisation(db);
		const actor = async (role: 'author' | 'admin' | 'learner', organisationId: string | null): Promise<Actor> => {
			const user = await makeUser(db, { role });
			await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
			return { id: user.id, role, organisationId };
		};
		owner = await actor('author', draftOrg.id);
		otherAuthor = await actor('author', other.id);
		admin = await actor('admin', null);
		learner = await actor('learner', draftOrg.id);
	});

	it('shows a published course to anyone, with its outline in order', async () => {
		const course = await getCourseOverview(db, 'reader-course', null);
		expect(course).toMatchObject({
			title: 'Water basics',
			language: 'en',
			level: 'introductory',
			estimatedHours: 2.5,
			outcomes: ['Explain what IWRM means'],
			authors: ['Test Author'],
			licence: 'CC-BY-4.0',
			organisationName: 'Test Water Institute',
			lessonCount: 3,
			firstLesson: 'what-is-iwrm',
			canEdit: false
		});
		expect(course.coverUrl).toMatch(/^\/files\/.+\/cover\.png$/);
		expect(course.descriptionHtml).toContain('<strong>water</strong>');
		expect(course.modules.map((mod) => [mod.slug, mod.lessons.map((l) => [l.slug, l.minutes, l.required])])).toEqual([
			[
				'water-basics',
				[
					['what-is-iwrm', 12, true],
					['basins', 10, false]
				]
			],
			['practice', [['field-visit', 10, true]]]
		]);
	});

	it('keeps drafts to their own authors and administrators, answering NotFound to everyone else', async () => {
		for (const actor of [null, learner, otherAuthor]) {
			await expect(getCourseOverview(db, 'draft-course', actor)).rejects.toThrow(NotFoundError);
			await expect(getLessonView(db, 'draft-course', 'what-is-iwrm', actor)).rejects.toThrow(NotFoundError);
		}
		for (const actor of [owner, admin]) {
			expect((await getCourseOverview(db, 'draft-course', actor)).canEdit).toBe(true);
			expect((await getLessonView(db, 'draft-course', 'what-is-iwrm', actor)).lesson.title).toBe('First lesson');
		}
	});

	it('answers NotFound for unknown courses and lessons and for malformed slugs', async () => {
		await expect(getCourseOverview(db, 'no-such-course', null)).rejects.toThrow(NotFoundError);
		await expect(getCourseOverview(db, "x' or 1=1", null)).rejects.toThrow(NotFoundError);
		await expect(getLessonView(db, 'reader-course', 'no-such-lesson', null)).rejects.toThrow('error_lesson_not_found');
		await expect(getLessonView(db, 'reader-course', '../basins', null)).rejects.toThrow(NotFoundError);
		// A lesson of another course is not found under this one.
		await expect(getLessonView(db, 'water-saving-irrigation', 'basins', null)).rejects.toThrow(NotFoundError);
	});

	it('renders a lesson with its files, and links the previous and next lessons across modules', async () => {
		const first = await getLessonView(db, 'reader-course', 'what-is-iwrm', null);
		expect(first.lesson).toMatchObject({ title: 'What is IWRM?', minutes: 12, number: 1, of: 3 });
		expect(first.module).toEqual({ slug: 'water-basics', title: 'Water basics' });
		expect(first.previous).toBeNull();
		expect(first.next).toEqual({ slug: 'basins', title: 'River basins' });
		expect(first.items).toHaveLength(1);
		expect(first.items[0]!.html).toContain('<strong>water</strong>');
		expect(first.items[0]!.html).toMatch(/<img src="\/files\/[0-9a-f-]{36}\/basin\.png" alt="A basin" loading="lazy"/);
		expect(first.attachments).toEqual([
			{ title: 'Notes', url: expect.stringMatching(/^\/files\/.+\/notes\.pdf$/), fileName: 'notes.pdf', size: expect.any(Number), contentType: 'application/pdf' }
		]);
		expect(first.video).toBeNull();

		const second = await getLessonView(db, 'reader-course', 'basins', null);
		expect(second.video).toEqual({
			kind: 'embed',
			provider: 'youtube',
			embedUrl: 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
			watchUrl: 'https://www.youtube.com/watch?v=dQw4w9WgXcQ'
		});
		expect([second.previous?.slug, second.next?.slug]).toEqual(['what-is-iwrm', 'field-visit']);

		const last = await getLessonView(db, 'reader-course', 'field-visit', null);
		expect(last.module.slug).toBe('practice');
		expect([last.previous?.slug, last.next]).toEqual(['basins', null]);
		expect(last.modules.flatMap((mod) => mod.lessons.map((l) => l.slug))).toEqual(['what-is-iwrm', 'basins', 'field-visit']);
	});

	it('plays an uploaded video file from the course files', async () => {
		const mp4 = new Uint8Array([0, 0, 0, 24, ...new TextEncoder().encode('ftypmp42'), 0, 0, 0, 0]);
		await importFiles(
			'video-course',
			validCourseFiles({
				'assets/clip.mp4': mp4,
				'02-practice/01-field-visit.md': '---\ntitle: A field visit\nvideo: assets/clip.mp4\n---\n\nWatch first.\n'
			})
		);
		const view = await getLessonView(db, 'video-course', 'field-visit', null);
		expect(view.video).toEqual({ kind: 'file', url: expect.stringMatching(/^\/files\/.+\/clip\.mp4$/), contentType: 'video/mp4' });
	});
});
