import { lstat, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { zipSync, type Zippable } from 'fflate';
import type { Kysely } from 'kysely';
import type { DB } from '$lib/server/db/schema';
import { NotFoundError } from '$lib/server/errors';
import { extensionOf } from './mime';

/** Already compressed formats are stored, the rest deflated. */
const STORED = new Set(['png', 'jpg', 'jpeg', 'gif', 'webm', 'mp4', 'ogg', 'mp3', 'm4a', 'woff', 'woff2', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'odp']);
const MTIME = new Date('2000-01-01T00:00:00Z');

function add(tree: Zippable, path: string, data: Uint8Array) {
	tree[path] = [data, { level: STORED.has(extensionOf(path)) ? 0 : 6, mtime: MTIME }];
}

/**
 * Zips a package folder (the courses/ format's `NN-slug.h5p/` folders) into .h5p bytes, with
 * paths relative to the folder. Hidden files (".git", ".DS_Store") and symbolic links are left
 * out; the result is then checked by readH5pPackage like any upload.
 */
export async function packDirectory(dir: string): Promise<Uint8Array> {
	const tree: Zippable = {};
	async function walk(abs: string, rel: string) {
		const names = (await readdir(abs)).sort();
		for (const name of names) {
			if (name.startsWith('.')) continue;
			const full = join(abs, name);
			const path = rel ? `${rel}/${name}` : name;
			const stat = await lstat(full);
			if (stat.isDirectory()) await walk(full, path);
			else if (stat.isFile()) add(tree, path, new Uint8Array(await readFile(full)));
		}
	}
	await walk(dir, '');
	return zipSync(tree);
}

/**
 * Builds an .h5p file of stored content, for export: h5p.json, content/content.json, the
 * content's files and the folder of every library it needs (as stored, whatever their status).
 */
export async function buildPackage(db: Kysely<DB>, contentId: string): Promise<Uint8Array> {
	const content = await db
		.selectFrom('h5pContent')
		.select(['h5pJson', 'contentJson'])
		.where('id', '=', contentId)
		.executeTakeFirst();
	if (!content) throw new NotFoundError('error_not_found');
	const tree: Zippable = {};
	add(tree, 'h5p.json', new TextEncoder().encode(JSON.stringify(content.h5pJson)));
	add(tree, 'content/content.json', new TextEncoder().encode(content.contentJson));
	const files = await db
		.selectFrom('h5pContentFile')
		.select(['path', 'data'])
		.where('contentId', '=', contentId)
		.orderBy('path')
		.execute();
	for (const f of files) add(tree, `content/${f.path}`, f.data);
	const libraryFiles = await db
		.selectFrom('h5pContentLibrary as cl')
		.innerJoin('h5pLibrary as l', 'l.id', 'cl.libraryId')
		.innerJoin('h5pLibraryFile as f', 'f.libraryId', 'l.id')
		.select(['l.machineName', 'l.majorVersion', 'l.minorVersion', 'f.path', 'f.data'])
		.where('cl.contentId', '=', contentId)
		.orderBy('l.machineName')
		.orderBy('f.path')
		.execute();
	for (const f of libraryFiles) add(tree, `${f.machineName}-${f.majorVersion}.${f.minorVersion}/${f.path}`, f.data);
	return zipSync(tree);
}
