import type { Transaction } from 'kysely';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { H5pLessonSchema } from '../../../src/lib/schemas/items';
import type { Actor } from '../../../src/lib/server/courses/access';
import { createCourse } from '../../../src/lib/server/courses/authoring';
import { exportCourseFiles } from '../../../src/lib/server/courses/export';
import {
	H5pPackageRefusedError,
	checkH5pUpload,
	getH5pEditorView,
	saveH5pLesson,
	setH5pPackage
} from '../../../src/lib/server/courses/h5p-editor';
import { addLesson, addModule } from '../../../src/lib/server/courses/outline';
import type { DB, Role } from '../../../src/lib/server/db/schema';
import { ForbiddenError, ValidationError } from '../../../src/lib/server/errors';
import { approveLibraries, contentReadiness, listLibraries, listWaitingContents } from '../../../src/lib/server/h5p/store';
import { makeOrganisation, makeUser } from '../../factories';
import { samplePackage } from '../../h5p-sample';
import { testDatabase } from '../test-db';

/** H5P activities in the browser: upload, refusal, pending libraries, approval (docs/authoring.md). */

const db = await testDatabase();
const tx = <T>(fn: (trx: Transaction<DB>) => Promise<T>) => db.transaction().execute(fn);
const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const enc = (s: string) => new TextEncoder().encode(s);

async function person(role: Role, organisationId: string | null): Promise<Actor> {
	const user = await makeUser(db, { role });
	await db.updateTable('appUser').set({ organisationId }).where('id', '=', user.id).execute();
	return { id: user.id, role, organisationId };
}

let author: Actor;
let admin: Actor;
let outsider: Actor;
let courseSlug = '';
let moduleId = '';

async function newActivity(title: string) {
	return tx((trx) => addLesson(trx, author, courseSlug, moduleId, title, 'h5p'));
}
async function itemData(lessonId: string) {
	const row = await db.selectFrom('lessonItem').select(['kind', 'data']).where('lessonId', '=', lessonId).executeTakeFirstOrThrow();
	return row;
}
const upload = (actor: Actor, lessonId: string, bytes: Uint8Array) =>
	checkH5pUpload(db, bytes).then((pkg) => tx((trx) => setH5pPackage(trx, actor, courseSlug, lessonId, pkg)));

beforeAll(async () => {
	const org = await makeOrganisation(db);
	author = await person('author', org.id);
	admin = await person('admin', null);
	outsider = await person('author', (await makeOrganisation(db)).id);
	const course = await tx((trx) => createCourse(trx, author, { title: 'Interactive practice', language: 'en' }));
	courseSlug = course.slug;
	moduleId = (await tx((trx) => addModule(trx, author, courseSlug, 'Practice'))).id;
});

describe('a new H5P activity', () => {
	it('starts without a package, and its editor asks for one', async () => {
		const lesson = await newActivity('Check yourself');
		expect(await itemData(lesson.id)).toEqual({ kind: 'h5p', data: {} });
		expect(await getH5pEditorView(db, author, courseSlug, {})).toEqual({ settings: null, content: null });
	});
});

describe('uploading a package', () => {
	it('refuses a file that is not a package, with the reason, storing nothing', async () => {
		const error = await rejection(checkH5pUpload(db, enc('not a zip at all')));
		expect(error).toBeInstanceOf(H5pPackageRefusedError);
		expect((error as H5pPackageRefusedError).problems.map((p) => p.key)).toEqual(['error_h5p_not_zip']);
	});

	it('lists every problem of a bad package, not only the first', async () => {
		const bad = zipSync({
			'content/content.json': enc('{}'),
			'tool.exe': enc('MZ'),
			'../../escape.json': enc('{}')
		});
		const error = (await rejection(checkH5pUpload(db, bad))) as H5pPackageRefusedError;
		const keys = error.problems.map((p) => p.key);
		expect(keys).toEqual(expect.arrayContaining(['error_h5p_json_missing', 'error_h5p_file_type', 'error_h5p_path_parent']));
		expect(await db.selectFrom('h5pContent').select('id').execute()).toEqual([]);
	});

	it("holds an author's package with a new library until an administrator approves it", async () => {
		const lesson = await newActivity('Waiting practice');
		const { contentId, pending } = await upload(author, lesson.id, samplePackage({ library: 'Bilim.NewType', title: 'New type' }));
		expect(pending).toEqual([{ machineName: 'Bilim.NewType', majorVersion: 1, minorVersion: 0 }]);
		expect((await itemData(lesson.id)).data).toEqual({ contentId, completion: 'score', passPercent: 50 });

		const view = await getH5pEditorView(db, author, courseSlug, (await itemData(lesson.id)).data);
		expect(view.content).toMatchObject({ id: contentId, title: 'New type', mainLibrary: 'Bilim.NewType 1.0', pending: ['Bilim.NewType 1.0'] });
		const waiting = await listWaitingContents(db);
		expect(waiting.map((w) => w.contentId)).toContain(contentId);

		const library = (await listLibraries(db)).find((l) => l.machineName === 'Bilim.NewType')!;
		expect(library).toMatchObject({ status: 'pending', contents: 1, contentsWaiting: 1 });
		await tx((trx) => approveLibraries(trx, [library.id], admin.id, new Date()));
		expect(await contentReadiness(db, contentId)).toEqual({ ready: true, pending: [] });
		expect((await listWaitingContents(db)).map((w) => w.contentId)).not.toContain(contentId);
	});

	it('lets content that only uses installed libraries straight in, even without their folders', async () => {
		const lesson = await newActivity('Installed practice');
		const { contentId, pending } = await upload(author, lesson.id, samplePackage({ library: 'Bilim.NewType', withoutLibrary: true }));
		expect(pending).toEqual([]);
		expect((await contentReadiness(db, contentId)).ready).toBe(true);
	});

	it("approves an administrator's new library at once", async () => {
		const lesson = await newActivity('Admin practice');
		const { contentId, pending } = await upload(admin, lesson.id, samplePackage({ library: 'Bilim.AdminType' }));
		expect(pending).toEqual([]);
		expect((await contentReadiness(db, contentId)).ready).toBe(true);
	});

	it('is for those who may edit the course, and only onto an H5P activity', async () => {
		const lesson = await newActivity('Guarded practice');
		const pkg = await checkH5pUpload(db, samplePackage());
		expect(await rejection(tx((trx) => setH5pPackage(trx, outsider, courseSlug, lesson.id, pkg)))).toBeInstanceOf(ForbiddenError);
		const text = await tx((trx) => addLesson(trx, author, courseSlug, moduleId, 'Plain text'));
		expect(await rejection(tx((trx) => setH5pPackage(trx, author, courseSlug, text.id, pkg)))).toBeInstanceOf(ValidationError);
		expect((await itemData(text.id)).kind).toBe('text');
	});
});

describe('settings and replacing', () => {
	it('saves completion and the pass mark, and a replacement keeps them with new content', async () => {
		const lesson = await newActivity('Settings practice');
		const first = await upload(author, lesson.id, samplePackage());
		const input = H5pLessonSchema.parse({
			lessonId: lesson.id,
			title: 'Settings practice',
			slug: 'settings-practice',
			minutes: '8',
			required: 'yes',
			completion: 'view',
			passPercent: '70'
		});
		await tx((trx) => saveH5pLesson(trx, author, courseSlug, lesson.id, input));
		expect((await itemData(lesson.id)).data).toEqual({ contentId: first.contentId, completion: 'view', passPercent: 70 });
		const row = await db.selectFrom('lesson').select(['completion', 'estimatedMinutes']).where('id', '=', lesson.id).executeTakeFirstOrThrow();
		expect(row).toEqual({ completion: 'on_view', estimatedMinutes: 8 });

		const second = await upload(author, lesson.id, samplePackage({ title: 'Second version' }));
		expect(second.contentId).not.toBe(first.contentId);
		expect((await itemData(lesson.id)).data).toEqual({ contentId: second.contentId, completion: 'view', passPercent: 70 });
		const history = await db.selectFrom('lessonRevision').select('body').where('lessonId', '=', lesson.id).orderBy('createdAt').execute();
		expect(history.at(-1)!.body).toMatch(/^H5P package "Second version" \(Bilim\.SelfCheck 1\.0\), sha256 [0-9a-f]{64}$/);
	});

	it('exports the course with its activities as .h5p files', async () => {
		const files = await exportCourseFiles(db, courseSlug);
		const names = [...files.keys()].filter((p) => p.includes('.h5p'));
		expect(names).toEqual(expect.arrayContaining(['01-practice/02-waiting-practice.h5p', '01-practice/07-settings-practice.h5p', '01-practice/07-settings-practice.h5p.yaml']));
		// An activity still without a package is left out.
		expect(names.some((n) => n.includes('check-yourself'))).toBe(false);
	});
});
