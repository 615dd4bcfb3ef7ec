import { sql, type Kysely, type Transaction } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { DB, H5pLibraryStatus } from '$lib/server/db/schema';
import { ValidationError } from '$lib/server/errors';
import { H5P_INSERT_BATCH } from './limits';
import {
	dependencyRefs,
	libraryLabel,
	parseLibraryFolder,
	refKey,
	type H5pFile,
	type H5pPackage,
	type H5pPackageLibrary,
	type InstalledLookup,
	type LibraryRef
} from './package';
import { contentTypeFor } from './mime';

/**
 * H5P libraries and content in the database (docs/h5p.md). Libraries are stored once per
 * machineName-major.minor: the first patch installed is kept and later packages use it. Files
 * are inserted with multi-row statements in batches (a package has hundreds of files).
 */

export interface InstallOptions {
	courseId: string;
	actorId: string | null;
	/** An administrator or the courses/ folder: new library versions are approved at once. */
	trusted: boolean;
}

export interface InstallResult {
	contentId: string;
	/** Libraries of the content that wait for an administrator (empty when playable). */
	pending: LibraryRef[];
}

export interface ContentReadiness {
	/** Every library of the content is approved (false for content that does not exist). */
	ready: boolean;
	pending: LibraryRef[];
}

export interface LibraryListing extends LibraryRef {
	id: string;
	patchVersion: number;
	title: string;
	runnable: boolean;
	status: H5pLibraryStatus;
	uploadedBy: string | null;
	uploadedByName: string | null;
	approvedAt: Date | null;
	createdAt: Date;
	/** Contents that use the library. */
	contents: number;
	/** Of those, contents not playable yet (some library of theirs is pending). */
	contentsWaiting: number;
}

export interface WaitingContent {
	contentId: string;
	title: string;
	mainLibrary: string;
	courseId: string;
	courseTitle: string;
	createdBy: string | null;
	createdByName: string | null;
	createdAt: Date;
	pending: (LibraryRef & { id: string })[];
}

export interface StoredContent {
	id: string;
	courseId: string;
	title: string;
	/** "H5P.TrueFalse 1.6" */
	mainLibrary: string;
	h5pJson: Record<string, unknown>;
	size: number;
	createdBy: string | null;
	createdAt: Date;
}

export interface StoredFile {
	data: Uint8Array;
	contentType: string;
	size: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Bytes per multi-row insert of files, so one statement stays a reasonable size. */
const BATCH_BYTES = 8 * 1024 * 1024;

/** Every library version the site has (any status), as a lookup for readH5pPackage. */
export async function installedLibraries(db: Kysely<DB>): Promise<InstalledLookup> {
	const rows = await db.selectFrom('h5pLibrary').select(['machineName', 'majorVersion', 'minorVersion']).execute();
	const keys = new Set(rows.map(refKey));
	return (machineName, majorVersion, minorVersion) => keys.has(refKey({ machineName, majorVersion, minorVersion }));
}

interface Resolved {
	ref: LibraryRef;
	id: string | null;
	status: H5pLibraryStatus;
	dependencies: LibraryRef[];
	packaged: H5pPackageLibrary | null;
}

/**
 * Stores a validated package (readH5pPackage): the libraries it needs that the site lacks (approved
 * when trusted, else pending; an installed major.minor is used whatever patch the package brings),
 * a new content row with its files, and the content's library closure, followed through the
 * libraries actually used. Libraries the content does not need (editor libraries) are not stored.
 * A trusted install also approves pending libraries that the package itself carries.
 * Call inside a transaction; concurrent installs of the same new library keep one row.
 */
export async function installPackage(trx: Transaction<DB>, pkg: H5pPackage, options: InstallOptions): Promise<InstallResult> {
	const packaged = new Map(pkg.libraries.map((l) => [refKey(l), l]));
	const existing = new Map<string, Resolved>();
	const queried = new Set<string>();
	async function loadNames(names: string[]) {
		const fresh = [...new Set(names)].filter((n) => !queried.has(n));
		if (!fresh.length) return;
		fresh.forEach((n) => queried.add(n));
		const rows = await trx
			.selectFrom('h5pLibrary')
			.select(['id', 'machineName', 'majorVersion', 'minorVersion', 'status', 'metadata'])
			.where('machineName', 'in', fresh)
			.execute();
		for (const row of rows) {
			const ref = { machineName: row.machineName, majorVersion: row.majorVersion, minorVersion: row.minorVersion };
			existing.set(refKey(ref), { ref, id: row.id, status: row.status, dependencies: dependencyRefs(row.metadata.preloadedDependencies), packaged: null });
		}
	}

	// Breadth first over the libraries that will really be used: the installed one when the
	// site has the major.minor, else the packaged one.
	const closure = new Map<string, Resolved>();
	const missing: string[] = [];
	let queue = dependencyRefs(pkg.h5pJson.preloadedDependencies);
	while (queue.length) {
		await loadNames(queue.map((r) => r.machineName));
		const next: LibraryRef[] = [];
		for (const ref of queue) {
			const key = refKey(ref);
			if (closure.has(key)) continue;
			const library = packaged.get(key);
			const resolved: Resolved | undefined =
				existing.get(key) ??
				(library && { ref, id: null, status: options.trusted ? 'approved' : 'pending', dependencies: library.dependencies, packaged: library });
			if (!resolved) {
				missing.push(libraryLabel(ref));
				continue;
			}
			closure.set(key, resolved);
			next.push(...resolved.dependencies);
		}
		queue = next;
	}
	if (missing.length) throw new ValidationError('file', 'error_h5p_library_missing', { library: missing.join(', ') });

	const toInsert = [...closure.values()].filter((r) => r.id === null);
	if (toInsert.length) {
		const inserted = await trx
			.insertInto('h5pLibrary')
			.values(
				toInsert.map(({ packaged: lib, status }) => ({
					machineName: lib!.machineName,
					majorVersion: lib!.majorVersion,
					minorVersion: lib!.minorVersion,
					patchVersion: lib!.patchVersion,
					title: lib!.title,
					runnable: lib!.runnable,
					metadata: JSON.stringify(lib!.metadata),
					status,
					uploadedBy: options.actorId,
					approvedBy: status === 'approved' ? options.actorId : null,
					approvedAt: status === 'approved' ? sql<Date>`now()` : null
				}))
			)
			.onConflict((oc) => oc.columns(['machineName', 'majorVersion', 'minorVersion']).doNothing())
			.returning(['id', 'machineName', 'majorVersion', 'minorVersion'])
			.execute();
		const files: { libraryId: string; file: H5pFile }[] = [];
		for (const row of inserted) {
			const resolved = closure.get(refKey(row))!;
			resolved.id = row.id;
			for (const file of resolved.packaged!.files) files.push({ libraryId: row.id, file });
		}
		await insertBatched(files, (batch) =>
			trx
				.insertInto('h5pLibraryFile')
				.values(batch.map(({ libraryId, file }) => ({ libraryId, ...fileRow(file) })))
				.execute()
		);
		// Another install got there first: use its row (and its status).
		const raced = toInsert.filter((r) => r.id === null);
		if (raced.length) {
			queried.clear();
			existing.clear();
			await loadNames(raced.map((r) => r.ref.machineName));
			for (const r of raced) {
				const row = existing.get(refKey(r.ref))!;
				r.id = row.id;
				r.status = row.status;
			}
		}
	}

	// A trusted package (an administrator's upload, the courses/ folder) that carries a library
	// still waiting for approval approves it: installing it is then the administrator's decision.
	if (options.trusted) {
		const approve = [...closure.values()].filter((r) => r.status === 'pending' && packaged.has(refKey(r.ref)));
		if (approve.length) {
			await trx
				.updateTable('h5pLibrary')
				.set({ status: 'approved', approvedBy: options.actorId, approvedAt: sql<Date>`now()` })
				.where('id', 'in', approve.map((r) => r.id!))
				.where('status', '=', 'pending')
				.execute();
			approve.forEach((r) => (r.status = 'approved'));
		}
	}

	const content = await trx
		.insertInto('h5pContent')
		.values({
			courseId: options.courseId,
			title: pkg.title,
			mainLibrary: libraryLabel(pkg.mainLibrary),
			h5pJson: JSON.stringify(pkg.h5pJson),
			contentJson: pkg.contentJson,
			sha256: pkg.sha256,
			size: pkg.size,
			createdBy: options.actorId
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	await insertBatched(
		pkg.contentFiles.map((file) => ({ file })),
		(batch) =>
			trx
				.insertInto('h5pContentFile')
				.values(batch.map(({ file }) => ({ contentId: content.id, ...fileRow(file) })))
				.execute()
	);
	await trx
		.insertInto('h5pContentLibrary')
		.values([...closure.values()].map((r) => ({ contentId: content.id, libraryId: r.id! })))
		.execute();
	const pending = [...closure.values()].filter((r) => r.status === 'pending').map((r) => r.ref);
	return { contentId: content.id, pending: sortRefs(pending) };
}

function fileRow(file: H5pFile) {
	return { path: file.path, contentType: contentTypeFor(file.path), size: file.data.byteLength, data: file.data };
}

/** Runs `insert` on batches of at most H5P_INSERT_BATCH rows and about BATCH_BYTES of data. */
async function insertBatched<T extends { file: H5pFile }>(rows: T[], insert: (batch: T[]) => Promise<unknown>) {
	let batch: T[] = [];
	let bytes = 0;
	for (const row of rows) {
		if (batch.length && (batch.length >= H5P_INSERT_BATCH || bytes + row.file.data.byteLength > BATCH_BYTES)) {
			await insert(batch);
			batch = [];
			bytes = 0;
		}
		batch.push(row);
		bytes += row.file.data.byteLength;
	}
	if (batch.length) await insert(batch);
}

function sortRefs<T extends LibraryRef>(refs: T[]): T[] {
	return refs.sort(
		(a, b) => a.machineName.localeCompare(b.machineName) || a.majorVersion - b.majorVersion || a.minorVersion - b.minorVersion
	);
}

/** Whether the content is playable (all its libraries approved) and which libraries wait. */
export async function contentReadiness(db: Kysely<DB>, contentId: string): Promise<ContentReadiness> {
	if (!UUID.test(contentId)) return { ready: false, pending: [] };
	const rows = await db
		.selectFrom('h5pContent as c')
		.leftJoin('h5pContentLibrary as cl', 'cl.contentId', 'c.id')
		.leftJoin('h5pLibrary as l', (join) => join.onRef('l.id', '=', 'cl.libraryId').on('l.status', '=', 'pending'))
		.select(['l.machineName', 'l.majorVersion', 'l.minorVersion'])
		.where('c.id', '=', contentId)
		.execute();
	if (!rows.length) return { ready: false, pending: [] };
	const pending = rows.flatMap((r) =>
		r.machineName === null ? [] : [{ machineName: r.machineName, majorVersion: r.majorVersion!, minorVersion: r.minorVersion! }]
	);
	return { ready: pending.length === 0, pending: sortRefs(pending) };
}

/** Approves pending libraries; the number approved now (approved ones stay as they were). */
export async function approveLibraries(trx: Transaction<DB>, libraryIds: string[], adminId: string, now: Date): Promise<number> {
	const ids = libraryIds.filter((id) => UUID.test(id));
	if (!ids.length) return 0;
	const result = await trx
		.updateTable('h5pLibrary')
		.set({ status: 'approved', approvedBy: adminId, approvedAt: now })
		.where('id', 'in', ids)
		.where('status', '=', 'pending')
		.executeTakeFirst();
	return Number(result.numUpdatedRows);
}

/** Every library, pending first, then by name and version, with how many contents use it and wait for it. */
export async function listLibraries(db: Kysely<DB>): Promise<LibraryListing[]> {
	return db
		.selectFrom('h5pLibrary as l')
		.leftJoin('appUser as u', 'u.id', 'l.uploadedBy')
		.select([
			'l.id',
			'l.machineName',
			'l.majorVersion',
			'l.minorVersion',
			'l.patchVersion',
			'l.title',
			'l.runnable',
			'l.status',
			'l.uploadedBy',
			'u.name as uploadedByName',
			'l.approvedAt',
			'l.createdAt',
			sql<number>`(select count(*)::int from h5p_content_library cl where cl.library_id = l.id)`.as('contents'),
			sql<number>`(select count(*)::int from h5p_content_library cl where cl.library_id = l.id and exists (
				select 1 from h5p_content_library cl2 join h5p_library l2 on l2.id = cl2.library_id
				where cl2.content_id = cl.content_id and l2.status = 'pending'))`.as('contentsWaiting')
		])
		.orderBy(sql`case when l.status = 'pending' then 0 else 1 end`)
		.orderBy('l.machineName')
		.orderBy('l.majorVersion')
		.orderBy('l.minorVersion')
		.execute();
}

/** Contents not playable yet, oldest first, with their pending libraries. */
export async function listWaitingContents(db: Kysely<DB>): Promise<WaitingContent[]> {
	const rows = await db
		.selectFrom('h5pContent as c')
		.innerJoin('course', 'course.id', 'c.courseId')
		.leftJoin('appUser as u', 'u.id', 'c.createdBy')
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('h5pContentLibrary as cl')
					.innerJoin('h5pLibrary as l', 'l.id', 'cl.libraryId')
					.select(sql`1`.as('one'))
					.whereRef('cl.contentId', '=', 'c.id')
					.where('l.status', '=', 'pending')
			)
		)
		.select((eb) => [
			'c.id as contentId',
			'c.title',
			'c.mainLibrary',
			'c.courseId',
			'course.title as courseTitle',
			'c.createdBy',
			'u.name as createdByName',
			'c.createdAt',
			jsonArrayFrom(
				eb
					.selectFrom('h5pContentLibrary as cl')
					.innerJoin('h5pLibrary as l', 'l.id', 'cl.libraryId')
					.select(['l.id', 'l.machineName', 'l.majorVersion', 'l.minorVersion'])
					.whereRef('cl.contentId', '=', 'c.id')
					.where('l.status', '=', 'pending')
					.orderBy('l.machineName')
					.orderBy('l.majorVersion')
					.orderBy('l.minorVersion')
			).as('pending')
		])
		.orderBy('c.createdAt')
		.orderBy('c.id')
		.execute();
	// json_agg gives createdAt as a string inside arrays only; top-level columns are Dates already.
	return rows;
}

export async function findContent(db: Kysely<DB>, contentId: string): Promise<StoredContent | undefined> {
	if (!UUID.test(contentId)) return undefined;
	return db
		.selectFrom('h5pContent')
		.select(['id', 'courseId', 'title', 'mainLibrary', 'h5pJson', 'size', 'createdBy', 'createdAt'])
		.where('id', '=', contentId)
		.executeTakeFirst();
}

/**
 * A file of a library folder ('H5P.TrueFalse-1.6', 'scripts/truefalse.js'). Only approved
 * libraries are served unless `includePending`.
 */
export async function libraryFile(
	db: Kysely<DB>,
	folder: string,
	path: string,
	options: { includePending?: boolean } = {}
): Promise<StoredFile | undefined> {
	const ref = parseLibraryFolder(folder);
	if (!ref || !path) return undefined;
	let query = db
		.selectFrom('h5pLibrary as l')
		.innerJoin('h5pLibraryFile as f', 'f.libraryId', 'l.id')
		.select(['f.data', 'f.contentType', 'f.size'])
		.where('l.machineName', '=', ref.machineName)
		.where('l.majorVersion', '=', ref.majorVersion)
		.where('l.minorVersion', '=', ref.minorVersion)
		.where('f.path', '=', path);
	if (!options.includePending) query = query.where('l.status', '=', 'approved');
	return query.executeTakeFirst();
}

/** A file of stored content by its path in the package: 'h5p.json', 'content/content.json', 'content/images/x.png'. */
export async function contentFile(db: Kysely<DB>, contentId: string, path: string): Promise<StoredFile | undefined> {
	if (!UUID.test(contentId)) return undefined;
	if (path === 'h5p.json' || path === 'content/content.json') {
		const row = await db.selectFrom('h5pContent').select(['h5pJson', 'contentJson']).where('id', '=', contentId).executeTakeFirst();
		if (!row) return undefined;
		const data = new TextEncoder().encode(path === 'h5p.json' ? JSON.stringify(row.h5pJson) : row.contentJson);
		return { data, contentType: 'application/json', size: data.byteLength };
	}
	if (!path.startsWith('content/')) return undefined;
	return db
		.selectFrom('h5pContentFile')
		.select(['data', 'contentType', 'size'])
		.where('contentId', '=', contentId)
		.where('path', '=', path.slice('content/'.length))
		.executeTakeFirst();
}
