import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { ValidationError } from '../../../src/lib/server/errors';
import {
	buildPackage,
	libraryLabel,
	packDirectory,
	readH5pPackage,
	type H5pPackage,
	type InstalledLookup
} from '../../../src/lib/server/h5p/package';
import {
	approveLibraries,
	contentFile,
	contentReadiness,
	findContent,
	installPackage,
	installedLibraries,
	libraryFile,
	listLibraries,
	listWaitingContents,
	type InstallOptions
} from '../../../src/lib/server/h5p/store';
import { makeUser } from '../../factories';
import { makePackage, packageFiles } from '../../unit/h5p/h5p-zips';
import { testDatabase } from '../test-db';

/**
 * Storing H5P packages: libraries once per major.minor and shared, content per upload, new
 * libraries from authors held for an administrator, files read back for serving and export.
 * "A second app instance sees both": every read here goes through the database, nothing is
 * cached in the process; on PGlite the second instance is the same database object (one
 * embedded database per process), on PostgreSQL (TEST_DATABASE_URL) it is the same server.
 */

const db = await testDatabase();
const admin = await makeUser(db, { role: 'admin', name: 'Ada Admin' });
const author = await makeUser(db, { role: 'author', name: 'Asel Author' });
const course = await db
	.insertInto('course')
	.values({ slug: 'h5p-store', title: 'H5P storage', language: 'en', status: 'draft' })
	.returning('id')
	.executeTakeFirstOrThrow();

const trusted: InstallOptions = { courseId: course.id, actorId: admin.id, trusted: true };
const byAuthor: InstallOptions = { courseId: course.id, actorId: author.id, trusted: false };

async function read(bytes: Uint8Array): Promise<H5pPackage> {
	const result = await readH5pPackage(bytes, { installed: await installedLibraries(db) });
	if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.problems)}`);
	return result.pkg;
}
const install = async (bytes: Uint8Array, options: InstallOptions) => {
	const pkg = await read(bytes);
	return db.transaction().execute((trx) => installPackage(trx, pkg, options));
};
const count = async (table: 'h5pLibrary' | 'h5pLibraryFile' | 'h5pContent' | 'h5pContentFile' | 'h5pContentLibrary') =>
	Number((await db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
const text = (f: { data: Uint8Array } | undefined) => (f ? new TextDecoder().decode(f.data) : undefined);

describe('installing packages', () => {
	it('stores a trusted package: approved libraries, content, files, closure; readable back', async () => {
		const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 9, 9]);
		const { contentId, pending } = await install(makePackage({ contentFiles: { 'images/sky.png': png } }), trusted);
		expect(pending).toEqual([]);
		expect(await contentReadiness(db, contentId)).toEqual({ ready: true, pending: [] });

		const content = await findContent(db, contentId);
		expect(content).toMatchObject({ courseId: course.id, title: 'A test quiz', mainLibrary: 'Test.Quiz 1.2', createdBy: admin.id });

		expect(JSON.parse(text(await contentFile(db, contentId, 'h5p.json'))!)).toMatchObject({ mainLibrary: 'Test.Quiz' });
		expect(JSON.parse(text(await contentFile(db, contentId, 'content/content.json'))!)).toEqual({ question: 'Is the sky blue?', correct: true });
		// pg gives a Buffer, PGlite a Uint8Array: the same bytes either way.
		const sky = await contentFile(db, contentId, 'content/images/sky.png');
		expect(sky && { ...sky, data: new Uint8Array(sky.data) }).toEqual({ data: png, contentType: 'image/png', size: png.byteLength });
		expect(await contentFile(db, contentId, 'content/images/none.png')).toBeUndefined();
		expect(await contentFile(db, contentId, 'Test.Quiz-1.2/library.json')).toBeUndefined();
		expect(await contentFile(db, 'not-a-uuid', 'h5p.json')).toBeUndefined();

		const js = await libraryFile(db, 'Test.Quiz-1.2', 'scripts/main.js');
		expect(js?.contentType).toBe('text/javascript; charset=utf-8');
		expect(text(js)).toBe('/* Test.Quiz 1.2.3 */');
		expect(JSON.parse(text(await libraryFile(db, 'Test.Base-1.0', 'library.json'))!)).toMatchObject({ machineName: 'Test.Base' });
		expect(await libraryFile(db, 'Test.Base-1.0', 'nope.js')).toBeUndefined();
		expect(await libraryFile(db, '../Test.Base-1.0', 'library.json')).toBeUndefined();

		const libraries = await listLibraries(db);
		expect(libraries.map((l) => [libraryLabel(l), l.patchVersion, l.status, l.runnable, l.contents, l.contentsWaiting])).toEqual([
			['Test.Base 1.0', 0, 'approved', false, 1, 0],
			['Test.Quiz 1.2', 3, 'approved', true, 1, 0]
		]);
	});

	it('stores a library once per major.minor: a later package with a newer patch uses the installed one', async () => {
		const before = { libraries: await count('h5pLibrary'), files: await count('h5pLibraryFile') };
		const newer = makePackage({
			title: 'Another quiz',
			libraries: [
				{ machineName: 'Test.Quiz', major: 1, minor: 2, patch: 9, runnable: true, deps: [['Test.Base', 1, 0]] },
				{ machineName: 'Test.Base', major: 1, minor: 0, patch: 4 }
			]
		});
		const { contentId, pending } = await install(newer, byAuthor);
		expect(pending).toEqual([]);
		expect((await contentReadiness(db, contentId)).ready).toBe(true);
		expect({ libraries: await count('h5pLibrary'), files: await count('h5pLibraryFile') }).toEqual(before);
		expect(text(await libraryFile(db, 'Test.Quiz-1.2', 'scripts/main.js'))).toBe('/* Test.Quiz 1.2.3 */');
		expect((await listLibraries(db)).map((l) => l.contents)).toEqual([2, 2]);
	});

	it('holds new libraries from an author until an administrator approves them', async () => {
		const bytes = makePackage({
			main: ['Test.Essay', 2, 0],
			libraries: [
				{ machineName: 'Test.Essay', major: 2, minor: 0, runnable: true, deps: [['Test.Base', 1, 0], ['Test.Editor', 1, 1]] },
				{ machineName: 'Test.Editor', major: 1, minor: 1 }
			]
		});
		const { contentId, pending } = await install(bytes, byAuthor);
		expect(pending.map(libraryLabel)).toEqual(['Test.Editor 1.1', 'Test.Essay 2.0']);
		expect(await contentReadiness(db, contentId)).toEqual({ ready: false, pending });
		// Not served to players while pending.
		expect(await libraryFile(db, 'Test.Essay-2.0', 'scripts/main.js')).toBeUndefined();
		expect(text(await libraryFile(db, 'Test.Essay-2.0', 'scripts/main.js', { includePending: true }))).toBe('/* Test.Essay 2.0.0 */');

		const libraries = await listLibraries(db);
		expect(libraries.map((l) => [libraryLabel(l), l.status, l.uploadedByName, l.contents, l.contentsWaiting])).toEqual([
			['Test.Editor 1.1', 'pending', 'Asel Author', 1, 1],
			['Test.Essay 2.0', 'pending', 'Asel Author', 1, 1],
			['Test.Base 1.0', 'approved', 'Ada Admin', 3, 1],
			['Test.Quiz 1.2', 'approved', 'Ada Admin', 2, 0]
		]);
		const waiting = await listWaitingContents(db);
		expect(waiting).toHaveLength(1);
		expect(waiting[0]).toMatchObject({ contentId, title: 'A test quiz', mainLibrary: 'Test.Essay 2.0', courseTitle: 'H5P storage', createdByName: 'Asel Author' });
		expect(waiting[0]!.pending.map(libraryLabel)).toEqual(['Test.Editor 1.1', 'Test.Essay 2.0']);

		// A second upload of content using the same pending library waits as well.
		const again = await install(bytes, byAuthor);
		expect(again.pending.map(libraryLabel)).toEqual(['Test.Editor 1.1', 'Test.Essay 2.0']);
		expect(await listWaitingContents(db)).toHaveLength(2);

		const ids = libraries.filter((l) => l.status === 'pending').map((l) => l.id);
		const now = new Date('2026-12-01T10:00:00Z');
		expect(await db.transaction().execute((trx) => approveLibraries(trx, [ids[0]!], admin.id, now))).toBe(1);
		expect((await contentReadiness(db, contentId)).pending.map(libraryLabel)).toEqual(['Test.Essay 2.0']);
		expect(await db.transaction().execute((trx) => approveLibraries(trx, [...ids, 'junk'], admin.id, now))).toBe(1);
		expect(await db.transaction().execute((trx) => approveLibraries(trx, ids, admin.id, now))).toBe(0);
		expect(await contentReadiness(db, contentId)).toEqual({ ready: true, pending: [] });
		expect(await contentReadiness(db, again.contentId)).toEqual({ ready: true, pending: [] });
		expect(await listWaitingContents(db)).toEqual([]);
		const approved = await db.selectFrom('h5pLibrary').select(['approvedBy', 'approvedAt']).where('id', 'in', ids).execute();
		expect(approved).toEqual([
			{ approvedBy: admin.id, approvedAt: now },
			{ approvedBy: admin.id, approvedAt: now }
		]);
		expect(text(await libraryFile(db, 'Test.Essay-2.0', 'scripts/main.js'))).toBe('/* Test.Essay 2.0.0 */');
	});

	it('approves a pending library when an administrator uploads a package carrying it', async () => {
		const bytes = makePackage({ main: ['Test.Poll', 1, 0], libraries: [{ machineName: 'Test.Poll', major: 1, minor: 0, runnable: true }] });
		const first = await install(bytes, byAuthor);
		expect(first.pending.map(libraryLabel)).toEqual(['Test.Poll 1.0']);
		const second = await install(bytes, trusted);
		expect(second.pending).toEqual([]);
		expect((await contentReadiness(db, first.contentId)).ready).toBe(true);
		const row = await db.selectFrom('h5pLibrary').select(['status', 'approvedBy', 'uploadedBy']).where('machineName', '=', 'Test.Poll').executeTakeFirstOrThrow();
		expect(row).toEqual({ status: 'approved', approvedBy: admin.id, uploadedBy: author.id });
	});

	it('lets an author upload content that only uses installed libraries straight in, even leaving them out', async () => {
		const bytes = makePackage({ libraries: [] });
		const { contentId, pending } = await install(bytes, byAuthor);
		expect(pending).toEqual([]);
		expect((await contentReadiness(db, contentId)).ready).toBe(true);
		const closure = await db
			.selectFrom('h5pContentLibrary as cl')
			.innerJoin('h5pLibrary as l', 'l.id', 'cl.libraryId')
			.select('l.machineName')
			.where('cl.contentId', '=', contentId)
			.orderBy('l.machineName')
			.execute();
		// The closure follows the installed Test.Quiz's own dependencies.
		expect(closure.map((r) => r.machineName)).toEqual(['Test.Base', 'Test.Quiz']);
	});

	it('stores nothing when a needed library turns out to be missing', async () => {
		const before = await Promise.all((['h5pLibrary', 'h5pLibraryFile', 'h5pContent', 'h5pContentFile', 'h5pContentLibrary'] as const).map(count));
		const lying: InstalledLookup = () => true;
		const result = await readH5pPackage(makePackage({ main: ['Test.Ghost', 1, 0], libraries: [{ machineName: 'Test.Other', major: 1, minor: 0 }] }), { installed: lying });
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		const attempt = db.transaction().execute((trx) => installPackage(trx, result.pkg, trusted));
		await expect(attempt).rejects.toBeInstanceOf(ValidationError);
		const after = await Promise.all((['h5pLibrary', 'h5pLibraryFile', 'h5pContent', 'h5pContentFile', 'h5pContentLibrary'] as const).map(count));
		expect(after).toEqual(before);
	});

	it('inserts the files of a package in a few multi-row statements, not one per file', async () => {
		const contentFiles: Record<string, Uint8Array> = {};
		for (let i = 0; i < 250; i++) contentFiles[`images/p${i}.png`] = new Uint8Array([i % 256]);
		const pkg = await read(
			makePackage({
				main: ['Test.Gallery', 1, 0],
				contentFiles,
				libraries: [
					{
						machineName: 'Test.Gallery',
						major: 1,
						minor: 0,
						files: Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`styles/s${i}.css`, `.s${i}{}`]))
					}
				]
			})
		);
		const counter = new InsertCounter();
		const { contentId } = await db.withPlugin(counter).transaction().execute((trx) => installPackage(trx, pkg, trusted));
		expect(counter.inserts.get('h5p_content_file')).toBe(3);
		expect(counter.inserts.get('h5p_library_file')).toBe(2);
		expect(counter.inserts.get('h5p_library')).toBe(1);
		expect(counter.inserts.get('h5p_content_library')).toBe(1);
		expect(await db.selectFrom('h5pContentFile').select((eb) => eb.fn.countAll().as('n')).where('contentId', '=', contentId).executeTakeFirstOrThrow()).toEqual({ n: 250 });
	});
});

describe('packing and export', () => {
	const dirs: string[] = [];
	afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

	it('zips a package folder (the courses/ format) into a valid package', async () => {
		const dir = mkdtempSync(join(tmpdir(), 'h5p-pack-'));
		dirs.push(dir);
		for (const [path, data] of Object.entries(packageFiles({ title: 'From a folder' }))) {
			mkdirSync(dirname(join(dir, path)), { recursive: true });
			writeFileSync(join(dir, path), data);
		}
		writeFileSync(join(dir, '.DS_Store'), 'junk');
		const result = await readH5pPackage(await packDirectory(dir));
		expect(result.ok && result.pkg.title).toBe('From a folder');
	});

	it('builds an .h5p of stored content that validates and carries the same content and libraries', async () => {
		const png = new Uint8Array([1, 2, 3]);
		const { contentId } = await install(makePackage({ title: 'Round trip', contentFiles: { 'images/a.png': png } }), trusted);
		const result = await readH5pPackage(await buildPackage(db, contentId));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.pkg.title).toBe('Round trip');
		expect(result.pkg.contentFiles).toEqual([{ path: 'images/a.png', data: png }]);
		expect(result.pkg.libraries.map((l) => l.folder)).toEqual(['Test.Base-1.0', 'Test.Quiz-1.2']);
		expect(result.pkg.libraries.find((l) => l.folder === 'Test.Quiz-1.2')?.patchVersion).toBe(3);
	});
});

const FIXTURES = join(import.meta.dirname, '../../../../shared/fixtures/h5p');
const haveFixtures = existsSync(FIXTURES);
if (!haveFixtures) console.warn(`H5P fixtures not found at ${FIXTURES}: skipping storage of the real packages`);

describe.skipIf(!haveFixtures)('the real packages in ../shared/fixtures/h5p', () => {
	it('install side by side, sharing their common libraries, and export again', async () => {
		const names = readdirSync(FIXTURES).filter((n) => n.endsWith('.h5p')).sort();
		const seen = new Set<string>();
		for (const name of names) {
			const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
			const pkg = await read(bytes);
			pkg.closure.forEach((ref) => seen.add(libraryLabel(ref)));
			const { contentId, pending } = await db.transaction().execute((trx) => installPackage(trx, pkg, { ...trusted, actorId: null }));
			expect(pending, name).toEqual([]);
			const exported = await readH5pPackage(await buildPackage(db, contentId));
			expect(exported.ok, name).toBe(true);
		}
		const stored = await db
			.selectFrom('h5pLibrary')
			.select(['machineName', 'majorVersion', 'minorVersion'])
			.where('machineName', 'not like', 'Test.%')
			.execute();
		expect(stored.map(libraryLabel).sort()).toEqual([...seen].sort());
		expect(await libraryFile(db, 'H5P.TrueFalse-1.6', 'library.json')).toMatchObject({ contentType: 'application/json' });
	}, 120_000);
});

/** Counts insert statements per table, to check that files go in batches. */
class InsertCounter implements KyselyPlugin {
	inserts = new Map<string, number>();
	transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
		const node = args.node;
		if (node.kind === 'InsertQueryNode') {
			const table = node.into?.table.identifier.name ?? '?';
			this.inserts.set(table, (this.inserts.get(table) ?? 0) + 1);
		}
		return node;
	}
	async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
		return args.result;
	}
}
