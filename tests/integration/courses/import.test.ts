import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportCourseFiles, exportCourseZip } from '../../../src/lib/server/courses/export';
import { importCourse } from '../../../src/lib/server/courses/import';
import { LIMITS, readCourseZip, type PackageFiles } from '../../../src/lib/server/courses/package/files';
import { parseCoursePackage, type ParsedCourse } from '../../../src/lib/server/courses/package/parse';
import { CoursePackageError, importCourseZip } from '../../../src/lib/server/courses/packages';
import { createHash } from 'node:crypto';
import { validCourseFiles } from '../../course-package';
import { testDatabase } from '../test-db';

const db = await testDatabase();
const enc = (s: string) => new TextEncoder().encode(s);

function parse(files: PackageFiles, slug = 'water-basics') {
	const { course, problems } = parseCoursePackage(files, slug);
	expect(problems).toEqual([]);
	return course!;
}
const write = (course: ParsedCourse) =>
	db.transaction().execute((trx) => importCourse(trx, course, { userId: null, sourceHash: null }));

/** A course with asset bytes replaced by their hashes: two imports compare equal when their files do. */
function canonical(course: ParsedCourse) {
	return {
		...course,
		assets: course.assets
			.map((a) => ({ path: a.path, contentType: a.contentType, sha256: createHash('sha256').update(a.data).digest('hex') }))
			.sort((a, b) => a.path.localeCompare(b.path))
	};
}

function zip(entries: Record<string, Uint8Array | [Uint8Array, { attrs: number }]>) {
	return zipSync(entries as Parameters<typeof zipSync>[0]);
}

describe('importing a course', () => {
	it('writes the course, its modules, lessons, items, assets and first revisions', async () => {
		const result = await write(parse(validCourseFiles()));
		expect(result.created).toBe(true);
		expect(result.lessons).toEqual({ created: 3, updated: 0, unchanged: 0, removed: 0 });
		const course = await db.selectFrom('course').selectAll().where('slug', '=', 'water-basics').executeTakeFirstOrThrow();
		expect([course.title, course.status, course.language, course.thematicAreas]).toEqual([
			'Water basics',
			'published',
			'en',
			['iwrm', 'water-saving']
		]);
		expect(course.outcomes).toEqual(['Explain what IWRM means']);
		expect(course.publishedAt).toBeInstanceOf(Date);
		expect(course.coverAssetId).not.toBeNull();
		const lessons = await db.selectFrom('lesson').select(['slug', 'position']).where('courseId', '=', course.id).orderBy('slug').execute();
		expect(lessons.map((l) => l.slug)).toEqual(['basins', 'field-visit', 'what-is-iwrm']);
		const org = await db.selectFrom('organisation').select('name').where('id', '=', course.organisationId!).executeTakeFirstOrThrow();
		expect(org.name).toBe('Test Water Institute');
		const revisions = await db.selectFrom('lessonRevision').select('source').execute();
		expect(revisions.length).toBe(3);
	});

	it('is idempotent: importing again duplicates nothing and keeps lesson ids', async () => {
		const before = await db.selectFrom('lesson').select(['id', 'slug']).orderBy('slug').execute();
		const result = await write(parse(validCourseFiles()));
		expect(result.created).toBe(false);
		expect(result.lessons).toEqual({ created: 0, updated: 0, unchanged: 3, removed: 0 });
		const after = await db.selectFrom('lesson').select(['id', 'slug']).orderBy('slug').execute();
		expect(after).toEqual(before);
		expect((await db.selectFrom('course').select('id').execute()).length).toBe(1);
		expect((await db.selectFrom('asset').select('id').execute()).length).toBe(3);
	});

	it('updates in place: a renamed lesson is new, a moved lesson keeps its id, a removed one goes', async () => {
		const ids = new Map((await db.selectFrom('lesson').select(['id', 'slug']).execute()).map((l) => [l.slug, l.id]));
		const files = validCourseFiles({
			// "basins" moves to module 2 with new text; "field-visit" is renamed to "site-visit".
			'01-water-basics/02-basins.md': null,
			'02-practice/01-field-visit.md': null,
			'02-practice/01-site-visit.md': '---\ntitle: A site visit\n---\n\nWalk the canal.\n',
			'02-practice/02-basins.md': '---\ntitle: River basins\n---\n\nNew text about basins.\n'
		});
		const result = await write(parse(files));
		expect(result.lessons).toEqual({ created: 1, updated: 1, unchanged: 1, removed: 1 });
		const after = new Map((await db.selectFrom('lesson').select(['id', 'slug']).execute()).map((l) => [l.slug, l.id]));
		expect(after.get('basins')).toBe(ids.get('basins'));
		expect(after.get('what-is-iwrm')).toBe(ids.get('what-is-iwrm'));
		expect(after.has('field-visit')).toBe(false);
		const history = await db
			.selectFrom('lessonRevision')
			.select('body')
			.where('lessonId', '=', ids.get('basins')!)
			.orderBy('createdAt')
			.execute();
		expect(history.map((h) => h.body.trim())).toEqual([
			'Rivers such as the Amu Darya and the Syr Darya cross borders.',
			'New text about basins.'
		]);
	});

	it('round-trips: import, export, import gives the same course', async () => {
		const original = parse(validCourseFiles(), 'round-trip');
		await write(original);
		const exported = await exportCourseFiles(db, 'round-trip');
		const again = parse(exported, 'round-trip');
		expect(canonical(again)).toEqual(canonical(original));
		await write(again);
		const twice = parse(await exportCourseFiles(db, 'round-trip'), 'round-trip');
		expect(canonical(twice)).toEqual(canonical(original));
	});

	it('round-trips through a zip file too', async () => {
		const data = await exportCourseZip(db, 'round-trip');
		const { slug, files, problems } = await readCourseZip(data, 'ignored');
		expect(problems).toEqual([]);
		expect(slug).toBe('round-trip');
		expect(canonical(parse(files, slug))).toEqual(canonical(parse(validCourseFiles(), 'round-trip')));
	});
});

describe('course zips', () => {
	const courseEntries = () => Object.fromEntries([...validCourseFiles()].map(([p, d]) => [`zipped/${p}`, d]));

	it('import from a zip with the course folder inside, or the files at the root', async () => {
		const result = await importCourseZip(db, zip(courseEntries()), 'whatever.zip');
		expect(result.slug).toBe('zipped');
		const flat = await importCourseZip(db, zip(Object.fromEntries(validCourseFiles())), 'flat-course.zip');
		expect(flat.slug).toBe('flat-course');
	});

	it('refuse paths that escape the folder and symbolic links, writing nothing', async () => {
		const before = await db.selectFrom('course').select('id').execute();
		const evil = zip({ ...courseEntries(), 'zipped/../../etc/evil.txt': enc('x') });
		const error = await importCourseZip(db, evil, 'evil.zip').catch((e) => e);
		expect(error).toBeInstanceOf(CoursePackageError);
		expect(error.problems).toEqual([expect.stringMatching(/evil\.zip\/zipped\/\.\.\/\.\.\/etc\/evil\.txt: path escapes the course folder/)]);

		const link = zip({ ...courseEntries(), 'zipped/assets/link.png': [enc('/etc/passwd'), { attrs: (0o120777 << 16) >>> 0 }] });
		const linkError = await importCourseZip(db, link, 'link.zip').catch((e) => e);
		expect(linkError.problems).toEqual([expect.stringMatching(/zipped\/assets\/link\.png: symbolic links are not allowed/)]);
		expect(await db.selectFrom('course').select('id').execute()).toEqual(before);
	});

	it('refuse zip bombs by their declared size before inflating, and files over the limit', async () => {
		const small = { ...LIMITS, zipUncompressedBytes: 1024 * 1024, fileBytes: 600 * 1024 };
		const zeros = new Uint8Array(500 * 1024);
		const bomb = zip({ 'a/course.yaml': enc('title: x'), 'a/assets/1.txt': zeros, 'a/assets/2.txt': zeros, 'a/assets/3.txt': zeros });
		expect(bomb.byteLength).toBeLessThan(10 * 1024);
		const { problems } = await readCourseZip(bomb, 'bomb', small);
		expect(problems).toEqual([{ file: '', message: 'the zip unpacks to 1 MB, over the limit of 1 MB' }]);
		const big = zip({ 'a/course.yaml': enc('title: x'), 'a/assets/big.txt': new Uint8Array(700 * 1024) });
		const tooBig = await readCourseZip(big, 'big', small);
		expect(tooBig.problems).toEqual([{ file: 'a/assets/big.txt', message: 'file is 1 MB, over the limit of 1 MB' }]);
	});

	it('refuse what is not a zip', async () => {
		const error = await importCourseZip(db, enc('not a zip at all'), 'x.zip').catch((e) => e);
		expect(error.problems[0]).toMatch(/^x\.zip: not a readable zip file/);
	});
});
