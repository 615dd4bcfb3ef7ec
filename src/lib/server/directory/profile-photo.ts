import { sql } from 'kysely';
import type { Database } from '../db/connect';
import { ValidationError } from '../errors';
import { PHOTO_MAX_BYTES, PHOTO_MAX_SIDE } from '../../schemas/directory-profile';
import { canSeeProfile, relationTo } from './visibility';

/**
 * Profile photos. The type is read from the file's own bytes (never its name or the browser's
 * word), the size and the dimensions from its header; the photo is then served from its own
 * route with the stored type, `nosniff` and a sandboxing CSP, so whatever else the bytes hold
 * can never run as a page of this site. Only viewers who may see the profile get it.
 */

export type PhotoType = 'image/png' | 'image/jpeg' | 'image/webp';

export interface ImageInfo {
	type: PhotoType;
	width: number;
	height: number;
}

const u16be = (b: Uint8Array, i: number) => (b[i]! << 8) | b[i + 1]!;
const u32be = (b: Uint8Array, i: number) => ((b[i]! << 24) >>> 0) + (b[i + 1]! << 16) + (b[i + 2]! << 8) + b[i + 3]!;
const u16le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8);
const u24le = (b: Uint8Array, i: number) => b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16);
const ascii = (b: Uint8Array, i: number, n: number) => String.fromCharCode(...b.subarray(i, i + n));

function png(b: Uint8Array): ImageInfo | null {
	const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
	if (b.length < 33 || !signature.every((v, i) => b[i] === v) || ascii(b, 12, 4) !== 'IHDR') return null;
	return { type: 'image/png', width: u32be(b, 16), height: u32be(b, 20) };
}

/** The first start-of-frame marker (SOF0-SOF15 but DHT, JPG and DAC) holds the dimensions. */
function jpeg(b: Uint8Array): ImageInfo | null {
	if (b.length < 4 || b[0] !== 0xff || b[1] !== 0xd8 || b[2] !== 0xff) return null;
	let i = 2;
	while (i + 9 < b.length) {
		if (b[i] !== 0xff) return null;
		const marker = b[i + 1]!;
		if (marker === 0xff) {
			i++;
			continue;
		}
		if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
			i += 2;
			continue;
		}
		if (marker === 0xd9 || marker === 0xda) return null;
		const length = u16be(b, i + 2);
		if (length < 2) return null;
		if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
			return { type: 'image/jpeg', height: u16be(b, i + 5), width: u16be(b, i + 7) };
		}
		i += 2 + length;
	}
	return null;
}

function webp(b: Uint8Array): ImageInfo | null {
	if (b.length < 30 || ascii(b, 0, 4) !== 'RIFF' || ascii(b, 8, 4) !== 'WEBP') return null;
	const chunk = ascii(b, 12, 4);
	if (chunk === 'VP8 ') {
		if (b[23] !== 0x9d || b[24] !== 0x01 || b[25] !== 0x2a) return null;
		return { type: 'image/webp', width: u16le(b, 26) & 0x3fff, height: u16le(b, 28) & 0x3fff };
	}
	if (chunk === 'VP8L') {
		if (b[20] !== 0x2f) return null;
		const bits = (b[21]! | (b[22]! << 8) | (b[23]! << 16) | (b[24]! << 24)) >>> 0;
		return { type: 'image/webp', width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
	}
	if (chunk === 'VP8X') return { type: 'image/webp', width: u24le(b, 24) + 1, height: u24le(b, 27) + 1 };
	return null;
}

/** PNG, JPEG or WebP, by magic bytes, with the dimensions from the header; null for anything else. */
export function sniffImage(bytes: Uint8Array): ImageInfo | null {
	return png(bytes) ?? jpeg(bytes) ?? webp(bytes);
}

/**
 * Checks an upload: ValidationError on the `photo` field when it is empty, too large, not a
 * PNG/JPEG/WebP, or bigger than PHOTO_MAX_SIDE on a side.
 */
export function checkPhoto(bytes: Uint8Array): ImageInfo {
	if (bytes.byteLength === 0) throw new ValidationError('photo', 'error_dir_profile_photo_empty');
	if (bytes.byteLength > PHOTO_MAX_BYTES) throw new ValidationError('photo', 'error_dir_profile_photo_too_large');
	const info = sniffImage(bytes);
	if (!info) throw new ValidationError('photo', 'error_dir_profile_photo_type');
	if (info.width < 1 || info.height < 1 || info.width > PHOTO_MAX_SIDE || info.height > PHOTO_MAX_SIDE) {
		throw new ValidationError('photo', 'error_dir_profile_photo_dimensions', { max: PHOTO_MAX_SIDE });
	}
	return info;
}

/** Stores a checked photo on the person's profile (which must exist: ensureProfile first). */
export async function setProfilePhoto(db: Database, userId: string, bytes: Uint8Array): Promise<ImageInfo> {
	const info = checkPhoto(bytes);
	await db
		.updateTable('directoryProfile')
		.set({ photo: bytes, photoType: info.type, photoVersion: sql`photo_version + 1`, updatedAt: new Date() })
		.where('userId', '=', userId)
		.execute();
	return info;
}

export async function removeProfilePhoto(db: Database, userId: string): Promise<void> {
	await db
		.updateTable('directoryProfile')
		.set({ photo: null, photoType: null, photoVersion: sql`photo_version + 1`, updatedAt: new Date() })
		.where('userId', '=', userId)
		.where('photo', 'is not', null)
		.execute();
}

/** The photo's address, versioned so a new photo is never hidden by a browser's cached one. */
export const photoUrl = (userId: string, version: number) => `/directory-photos/${userId}?v=${version}`;

/** The photo, for a viewer who may see the profile (null: a visitor); undefined otherwise or without one. */
export async function findProfilePhoto(
	db: Database,
	viewerId: string | null,
	userId: string
): Promise<{ data: Uint8Array; type: PhotoType; version: number } | undefined> {
	if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId)) return undefined;
	const [row, relation] = await Promise.all([
		db
			.selectFrom('directoryProfile')
			.select(['photo', 'photoType', 'photoVersion', 'visibility', 'hiddenAt', 'ownerActive'])
			.where('userId', '=', userId)
			.executeTakeFirst(),
		relationTo(db, viewerId, userId)
	]);
	if (!row?.photo || !row.photoType || !canSeeProfile(row, relation)) return undefined;
	return { data: row.photo, type: row.photoType, version: row.photoVersion };
}
