/** Just enough of each image format's header for the photo checks (profile-photo.ts). */

function concat(...parts: (number[] | Uint8Array)[]): Uint8Array {
	const out: number[] = [];
	for (const p of parts) out.push(...p);
	return Uint8Array.from(out);
}
const be32 = (n: number) => [(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
const be16 = (n: number) => [(n >>> 8) & 255, n & 255];
const le16 = (n: number) => [n & 255, (n >>> 8) & 255];
const le24 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255];
const le32 = (n: number) => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, (n >>> 24) & 255];
const text = (s: string) => Array.from(s, (c) => c.charCodeAt(0));

export function pngHeader(width: number, height: number): Uint8Array {
	return concat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], be32(13), text('IHDR'), be32(width), be32(height), [8, 6, 0, 0, 0], be32(0), be32(0), text('IEND'), be32(0));
}

/** SOI, an APP0 (JFIF) segment, then a baseline SOF0 with the dimensions. */
export function jpegHeader(width: number, height: number): Uint8Array {
	const app0 = concat([0xff, 0xe0], be16(16), text('JFIF'), [0, 1, 1, 0], be16(1), be16(1), [0, 0]);
	const sof0 = concat([0xff, 0xc0], be16(17), [8], be16(height), be16(width), [3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
	return concat([0xff, 0xd8], app0, sof0, [0xff, 0xd9]);
}

export function webpLossyHeader(width: number, height: number): Uint8Array {
	const vp8 = concat(text('VP8 '), le32(10), [0, 0, 0, 0x9d, 0x01, 0x2a], le16(width), le16(height));
	return concat(text('RIFF'), le32(4 + vp8.length), text('WEBP'), vp8);
}

export function webpExtendedHeader(width: number, height: number): Uint8Array {
	const vp8x = concat(text('VP8X'), le32(10), [0, 0, 0, 0], le24(width - 1), le24(height - 1));
	return concat(text('RIFF'), le32(4 + vp8x.length), text('WEBP'), vp8x);
}

/** Padded to a size, as a real photo would be. */
export function padded(header: Uint8Array, size: number): Uint8Array {
	const out = new Uint8Array(size);
	out.set(header.subarray(0, size));
	return out;
}
