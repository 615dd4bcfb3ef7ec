import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportCourseFiles, exportCourseZip } from '../../../src/lib/server/courses/export';
import { importCourse } from '../../../src/lib/server/courses/import';
import { readCourseDirectory, type PackageFiles } from '../../../src/lib/server/courses/package/files';
import { parseCoursePackage, type ParsedCourse } from '../../../src/lib/server/courses/package/parse';
import { CoursePackageError, importCourseZip } from '../../../src/lib/server/courses/packages';
import { importCourseZipAs } from '../../../src/lib/server/courses/zip-import';
import { contentReadiness } from '../../../src/lib/server/h5p/store';
import { validCourseFiles } from '../../course-package';
import { makeOrganisation, makeUser } from '../../factories';
import { FIXTURES, REFLECTION_SAMPLE, SAMPLE_COURSE, SCORED_SAMPLE, folderFiles, samplePackage } from '../../h5p-sample';
import { testDatabase } from '../test-db';

/** The courses/ format's H5P activities (docs/course-format.md, "H5P activities"). */

const db = await testDatabase();
const enc = (s: string) => new TextEncoder().encode(s);
const text = (data: Uint8Array | undefined) => new TextDecoder().decode(data);

function parse(files: PackageFiles, slug: string) {
	const { course, problems } = parseCoursePackage(files, slug);
	expect(problems).toEqual([]);
	return course!;
}
const write = (course: ParsedCourse, options: { trusted?: boolean } = {}) =>
	db.transaction().execute((trx) => importCourse(trx, course, { userId: null, sourceHash: null, label: `courses/${course.slug}`, ...options }));
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

async function lessonItem(courseSlug: string, lessonSlug: string) {
	return db
		.selectFrom('lesson')
		.innerJoin('course', 'course.id', 'lesson.courseId')
		.innerJoin('lessonItem', 'lessonItem.lessonId', 'lesson.id')
		.select(['lesson.id', 'lesson.title', 'lesson.estimatedMinutes', 'lesson.required', 'lesson.completion', 'lessonItem.kind', 'lessonItem.data'])
		.where('course.slug', '=', courseSlug)
		.where('lesson.slug', '=', lessonSlug)
		.executeTakeFirstOrThrow();
}

/** A small course whose module 01-water-basics holds the given extra files. */
function courseWith(files: Record<string, Uint8Array | string | null>) {
	return validCourseFiles(Object.fromEntries(Object.entries(files).map(([k, v]) => [`01-water-basics/${k}`, v])));
}

describe('the sample course', () => {
	it('keeps identical copies of the Bilim.SelfCheck library in both of its packages', () => {
		const a = folderFiles(join(SCORED_SAMPLE, 'Bilim.SelfCheck-1.0'));
		const b = folderFiles(join(REFLECTION_SAMPLE, 'Bilim.SelfCheck-1.0'));
		expect(Object.keys(a).sort()).toEqual(['library.json', 'selfcheck.css', 'selfcheck.js']);
		expect(b).toEqual(a);
	});

	it('imports its two activities, with one shared library, approved', async () => {
		const { files, problems } = await readCourseDirectory(SAMPLE_COURSE);
		expect(problems).toEqual([]);
		const result = await write(parse(files, 'calp-leadership'));
		expect(result.pendingLibraries).toEqual([]);

		const scored = await lessonItem('calp-leadership', 'early-warning-self-check');
		expect(scored).toMatchObject({ kind: 'h5p', title: 'Early warning: a self-check', estimatedMinutes: 5, required: true, completion: 'manual' });
		expect(scored.data).toMatchObject({ completion: 'score', passPercent: 60 });
		const reflection = await lessonItem('calp-leadership', 'reflect-on-your-role');
		expect(reflection).toMatchObject({ kind: 'h5p', title: 'Reflect: your organisation and the SDGs', required: false, completion: 'on_view' });
		expect(reflection.data).toMatchObject({ completion: 'view', passPercent: 50 });

		const libraries = await db.selectFrom('h5pLibrary').select(['machineName', 'majorVersion', 'minorVersion', 'status']).execute();
		expect(libraries).toEqual([{ machineName: 'Bilim.SelfCheck', majorVersion: 1, minorVersion: 0, status: 'approved' }]);
		for (const item of [scored, reflection]) {
			const contentId = (item.data as { contentId: string }).contentId;
			expect(await contentReadiness(db, contentId)).toEqual({ ready: true, pending: [] });
		}
	});

	it('keeps the content when the package did not change, and makes new content when it did', async () => {
		const { files } = await readCourseDirectory(SAMPLE_COURSE);
		const before = await lessonItem('calp-leadership', 'early-warning-self-check');
		await write(parse(files, 'calp-leadership'));
		const same = await lessonItem('calp-leadership', 'early-warning-self-check');
		expect(same.data).toEqual(before.data);

		const path = '03-climate-adaptation-drr/05-early-warning-self-check.h5p/content/content.json';
		const changed = new Map(files);
		changed.set(path, enc(text(files.get(path)).replace('Three questions', 'Three short questions')));
		await write(parse(changed, 'calp-leadership'));
		const after = await lessonItem('calp-leadership', 'early-warning-self-check');
		expect(after.id).toBe(before.id);
		expect((after.data as { contentId: string }).contentId).not.toBe((before.data as { contentId: string }).contentId);
		const count = await db.selectFrom('h5pLibrary').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
		expect(Number(count.n)).toBe(1);
	});

	it('exports each activity as an .h5p file with its settings, and the export imports as the same course', async () => {
		const files = await exportCourseFiles(db, 'calp-leadership');
		const h5p = files.get('03-climate-adaptation-drr/05-early-warning-self-check.h5p')!;
		const entries = unzipSync(h5p);
		expect(Object.keys(entries)).toEqual(expect.arrayContaining(['h5p.json', 'content/content.json', 'Bilim.SelfCheck-1.0/library.json', 'Bilim.SelfCheck-1.0/selfcheck.js']));
		expect(text(files.get('03-climate-adaptation-drr/05-early-warning-self-check.h5p.yaml'))).toBe('minutes: 5\npass_percent: 60\n');
		expect(text(files.get('01-sustainable-development/04-reflect-on-your-role.h5p.yaml'))).toBe('required: false\ncompletion: view\n');

		const again = parse(files, 'calp-leadership');
		const original = parse((await readCourseDirectory(SAMPLE_COURSE)).files, 'calp-leadership');
		const settings = (c: ParsedCourse) =>
			c.modules.flatMap((m) => m.lessons).filter((l) => l.kind === 'h5p').map(({ data, ...rest }) => ({ ...rest, passPercent: data.passPercent ?? 50 }));
		expect(settings(again)).toEqual(settings(original));

		const zip = await exportCourseZip(db, 'calp-leadership');
		await db.updateTable('course').set({ slug: 'calp-leadership-old' }).where('slug', '=', 'calp-leadership').execute();
		const result = await importCourseZip(db, zip, 'calp-leadership.zip');
		expect(result.created).toBe(true);
		const imported = await lessonItem('calp-leadership', 'early-warning-self-check');
		expect(imported.data).toMatchObject({ completion: 'score', passPercent: 60 });
	});
});

describe('H5P items in a course folder', () => {
	it('reads an .h5p file and a settings file beside it', async () => {
		const course = parse(courseWith({ '03-practice.h5p': samplePackage({ title: 'Practice' }), '03-practice.h5p.yaml': 'minutes: 7\npass_percent: 80\n' }), 'h5p-file');
		const lesson = course.modules[0]!.lessons.find((l) => l.slug === 'practice')!;
		expect(lesson).toMatchObject({ kind: 'h5p', title: 'Practice', minutes: 7 });
		await write(course);
		expect((await lessonItem('h5p-file', 'practice')).data).toMatchObject({ completion: 'score', passPercent: 80 });
	});

	it('reports every problem of the settings file on its line, and a settings file without a package', () => {
		const { problems } = parseCoursePackage(
			courseWith({
				'03-practice.h5p': samplePackage(),
				'03-practice.h5p.yaml': 'minutes: 7\ncompletion: sometimes\npass_percent: 120\ncolour: blue\n',
				'04-gone.h5p.yaml': 'minutes: 3\n'
			}),
			'h5p-settings'
		);
		expect(problems.map((p) => `${p.file}:${p.line ?? ''}: ${p.message}`)).toEqual([
			'01-water-basics/03-practice.h5p.yaml:2: completion must be score (passed at pass_percent) or view (complete when opened), not "sometimes"',
			'01-water-basics/03-practice.h5p.yaml:3: pass_percent must be a number from 0 to 100, not 120',
			'01-water-basics/03-practice.h5p.yaml:4: unknown field "colour"; known fields: title, minutes, required, completion, pass_percent',
			'01-water-basics/04-gone.h5p.yaml:: settings of an H5P activity, but there is no 04-gone.h5p (a .h5p file or folder) beside it'
		].sort());
	});

	it('refuses a course whose packages have problems, listing each with its path, and writes nothing', async () => {
		const broken = zipSync({ 'content/content.json': enc('{}'), 'run.php': enc('<?php ?>') });
		const files = courseWith({
			'03-broken.h5p': broken,
			'04-not-a-zip.h5p': enc('hello'),
			'05-missing.h5p': samplePackage({ library: 'Bilim.Absent', withoutLibrary: true })
		});
		const error = await rejection(write(parse(files, 'h5p-broken')));
		expect(error).toBeInstanceOf(CoursePackageError);
		const problems = (error as CoursePackageError).problems;
		expect(problems.some((p) => p.startsWith('courses/h5p-broken/01-water-basics/03-broken.h5p: ') && p.includes('h5p.json'))).toBe(true);
		expect(problems.some((p) => p.startsWith('courses/h5p-broken/01-water-basics/03-broken.h5p: ') && p.includes('.php'))).toBe(true);
		expect(problems.some((p) => p.startsWith('courses/h5p-broken/01-water-basics/04-not-a-zip.h5p: '))).toBe(true);
		expect(problems).toContain('courses/h5p-broken/01-water-basics/05-missing.h5p: Missing library Bilim.Absent 1.0.');
		expect(await db.selectFrom('course').select('id').where('slug', '=', 'h5p-broken').executeTakeFirst()).toBeUndefined();
	});

	it("holds new libraries of an author's zip for an administrator, and approves an administrator's at once", async () => {
		const org = await makeOrganisation(db);
		const author = await makeUser(db, { role: 'author' });
		await db.updateTable('appUser').set({ organisationId: org.id }).where('id', '=', author.id).execute();
		const zipOf = (slug: string, library: string) => {
			const entries: Record<string, Uint8Array> = {};
			for (const [path, data] of validCourseFiles({ '01-water-basics/03-practice.h5p': samplePackage({ library }) })) entries[`${slug}/${path}`] = data;
			return zipSync(entries);
		};
		const authored = await importCourseZipAs(db, { id: author.id, role: 'author', organisationId: org.id }, zipOf('h5p-by-author', 'Bilim.AuthorLib'), 'h5p-by-author.zip');
		expect(authored.pendingLibraries).toEqual([{ machineName: 'Bilim.AuthorLib', majorVersion: 1, minorVersion: 0 }]);
		const item = await lessonItem('h5p-by-author', 'practice');
		expect((await contentReadiness(db, (item.data as { contentId: string }).contentId)).ready).toBe(false);

		const admin = await makeUser(db, { role: 'admin' });
		const byAdmin = await importCourseZipAs(db, { id: admin.id, role: 'admin', organisationId: null }, zipOf('h5p-by-admin', 'Bilim.AdminLib'), 'h5p-by-admin.zip');
		expect(byAdmin.pendingLibraries).toEqual([]);
		const status = await db.selectFrom('h5pLibrary').select('status').where('machineName', '=', 'Bilim.AdminLib').executeTakeFirstOrThrow();
		expect(status.status).toBe('approved');
	});

	it('refuses an H5P activity with learners\' statements becoming another kind', async () => {
		await write(parse(courseWith({ '03-practice.h5p': samplePackage() }), 'h5p-kind'));
		const item = await lessonItem('h5p-kind', 'practice');
		const learner = await makeUser(db, { role: 'learner' });
		await db
			.insertInto('xapiStatement')
			.values({
				id: crypto.randomUUID(),
				userId: learner.id,
				lessonId: item.id,
				contentId: (item.data as { contentId: string }).contentId,
				verb: 'answered',
				topLevel: true,
				statement: JSON.stringify({})
			})
			.execute();
		const files = courseWith({ '03-practice.md': '---\ntitle: Practice\n---\n\nNow text.\n' });
		const error = await rejection(write(parse(files, 'h5p-kind')));
		expect(error).toBeInstanceOf(CoursePackageError);
		expect((error as CoursePackageError).problems[0]).toContain('was an H5P activity with learners\' results; it cannot become a text lesson');
	});
});

describe.skipIf(!existsSync(FIXTURES))('real H5P packages in a course folder', () => {
	if (!existsSync(FIXTURES)) console.warn(`skipped: ${FIXTURES} is absent (the real H5P packages are test data in ../shared)`);

	it('imports truefalse.h5p and dialogcards.h5p as files, each with its default completion', async () => {
		const files = courseWith({
			'03-oslo.h5p': new Uint8Array(readFileSync(join(FIXTURES, 'truefalse.h5p'))),
			'04-cards.h5p': new Uint8Array(readFileSync(join(FIXTURES, 'dialogcards.h5p')))
		});
		await write(parse(files, 'h5p-fixtures'));
		expect((await lessonItem('h5p-fixtures', 'oslo')).data).toMatchObject({ completion: 'score', passPercent: 50 });
		const cards = await lessonItem('h5p-fixtures', 'cards');
		expect(cards).toMatchObject({ completion: 'on_view' });
		expect(cards.data).toMatchObject({ completion: 'view' });
	});
});
