import type { Database } from '../db/connect';
import { NotFoundError, ValidationError } from '../errors';
import { ALLOWED_EXTENSIONS, contentMatchesExtension, contentTypeOf, extensionOf } from './package/assets';
import { LIMITS } from './package/files';
import { sha256 } from './import';

/**
 * Course files (images, documents, media) are stored in the database (`asset.data`), so
 * every app instance serves the same files without a shared disk; see docs/storage.md.
 */

/** A file name made safe for a path: letters, digits, dot, hyphen, underscore. */
export function safeFileName(name: string): string {
	const base = name.split(/[\\/]/).pop() ?? '';
	const ext = extensionOf(base);
	const stem = (ext ? base.slice(0, -(ext.length + 1)) : base)
		.normalize('NFKD')
		.replace(/[\u0300-\u036f]/g, '')
		.replace(/[^A-Za-z0-9._-]+/g, '-')
		.replace(/^[-.]+|[-.]+$/g, '')
		.slice(0, 80);
	return `${stem || 'file'}${ext ? `.${ext}` : ''}`.toLowerCase();
}

/**
 * Stores an uploaded file under assets/ of a course, after checking its type, size and
 * content. A name already taken gets a number (photo-2.jpg). Returns the new asset.
 */
export async function createAsset(
	db: Database,
	input: { courseId: string; fileName: string; data: Uint8Array; userId: string | null; maxBytes?: number }
) {
	const name = safeFileName(input.fileName);
	const ext = extensionOf(name);
	const maxBytes = input.maxBytes ?? LIMITS.fileBytes;
	if (!ALLOWED_EXTENSIONS.includes(ext)) {
		throw new ValidationError('file', 'error_file_type', { types: ALLOWED_EXTENSIONS.map((e) => `.${e}`).join(', ') });
	}
	if (input.data.byteLength === 0) throw new ValidationError('file', 'error_file_empty');
	if (input.data.byteLength > maxBytes) {
		throw new ValidationError('file', 'error_file_too_large', { mb: Math.round(maxBytes / 1024 / 1024) });
	}
	if (!contentMatchesExtension(name, input.data)) throw new ValidationError('file', 'error_file_content', { ext });

	const taken = new Set(
		(
			await db
				.selectFrom('asset')
				.select('path')
				.where('courseId', '=', input.courseId)
				.where('path', 'like', 'assets/%')
				.execute()
		).map((a) => a.path)
	);
	let path = `assets/${name}`;
	for (let n = 2; taken.has(path); n++) {
		path = `assets/${ext ? name.slice(0, -(ext.length + 1)) : name}-${n}${ext ? `.${ext}` : ''}`;
	}
	return db
		.insertInto('asset')
		.values({
			courseId: input.courseId,
			path,
			contentType: contentTypeOf(name)!,
			size: input.data.byteLength,
			sha256: sha256(input.data),
			data: input.data,
			createdBy: input.userId
		})
		.returning(['id', 'path', 'contentType', 'size'])
		.executeTakeFirstOrThrow();
}

export function listCourseAssets(db: Database, courseId: string) {
	return db
		.selectFrom('asset')
		.select(['id', 'path', 'contentType', 'size', 'createdAt'])
		.where('courseId', '=', courseId)
		.orderBy('path')
		.execute();
}

/** A file with what is needed to decide who may see it. */
export async function getAssetForServing(db: Database, id: string) {
	const asset = await db
		.selectFrom('asset')
		.leftJoin('course', 'course.id', 'asset.courseId')
		.select([
			'asset.id',
			'asset.path',
			'asset.contentType',
			'asset.size',
			'asset.sha256',
			'asset.data',
			'course.status as courseStatus',
			'course.organisationId',
			'course.id as courseId',
			'course.access as courseAccess',
			'course.coverAssetId'
		])
		.where('asset.id', '=', id)
		.executeTakeFirst();
	if (!asset) throw new NotFoundError('error_file_not_found');
	return asset;
}

export async function deleteAsset(db: Database, courseId: string, id: string) {
	const result = await db
		.deleteFrom('asset')
		.where('id', '=', id)
		.where('courseId', '=', courseId)
		.executeTakeFirst();
	if (result.numDeletedRows === 0n) throw new NotFoundError('error_file_not_found');
}

/** The public URL of a course file. */
export function assetUrl(asset: { id: string; path: string }) {
	return `/files/${asset.id}/${encodeURIComponent(asset.path.split('/').pop() ?? 'file')}`;
}

/** Resolver for renderMarkdown: a path as written in a lesson to the URL of that course file. */
export function assetResolver(assets: { id: string; path: string }[]) {
	const byPath = new Map(assets.map((a) => [a.path, a]));
	return (written: string) => {
		let path = written.trim();
		if (path.startsWith('./')) path = path.slice(2);
		if (path.startsWith('../')) path = path.slice(3);
		const asset = byPath.get(path);
		return asset ? assetUrl(asset) : undefined;
	};
}

