import { inflateSync } from 'node:zlib';

/**
 * Checks a logo (PNG or JPEG bytes) before pdfkit sees it. pdfkit decodes a PNG with alpha,
 * transparency or interlacing asynchronously (png-js) and *throws inside a zlib callback* when
 * the data is corrupt: that error cannot be caught and would end the process. So a PNG is only
 * handed over once its chunks, its zlib stream, its size and every scanline's filter byte are
 * known good, which is everything png-js's decoder can fail on. A JPEG is embedded as is (no
 * decoding), so its header is enough. Also usable when a template's logo is uploaded.
 */

export interface LogoInfo {
	format: 'png' | 'jpeg';
	width: number;
	height: number;
}

/** Larger logos are refused: no certificate needs them and decoding one per PDF would cost. */
export const MAX_LOGO_PIXELS = 4_000_000;

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** Allowed bit depths per PNG colour type, and the channels of each. */
const PNG_TYPES: Record<number, { depths: number[]; channels: number }> = {
	0: { depths: [1, 2, 4, 8, 16], channels: 1 },
	2: { depths: [8, 16], channels: 3 },
	3: { depths: [1, 2, 4, 8], channels: 1 },
	4: { depths: [8, 16], channels: 2 },
	6: { depths: [8, 16], channels: 4 }
};
/** Adam7 passes: x start, y start, x step, y step. */
const ADAM7 = [
	[0, 0, 8, 8],
	[4, 0, 8, 8],
	[0, 4, 4, 8],
	[2, 0, 4, 4],
	[0, 2, 2, 4],
	[1, 0, 2, 2],
	[0, 1, 1, 2]
] as const;

/** The logo's format and size, or null when it is not an image we can safely embed. */
export function checkLogo(data: Uint8Array): LogoInfo | null {
	try {
		if (PNG_SIGNATURE.every((b, i) => data[i] === b)) return checkPng(data);
		if (data[0] === 0xff && data[1] === 0xd8) return checkJpeg(data);
	} catch {
		// A malformed length or stream anywhere means "not usable", never an error.
	}
	return null;
}

function checkPng(data: Uint8Array): LogoInfo | null {
	const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
	let pos = 8;
	let header: { width: number; height: number; depth: number; type: number; interlaced: boolean } | undefined;
	let palette = false;
	const idat: Uint8Array[] = [];
	let ended = false;
	while (pos + 12 <= data.length) {
		const length = view.getUint32(pos);
		const type = String.fromCharCode(...data.subarray(pos + 4, pos + 8));
		const body = pos + 8;
		if (body + length + 4 > data.length) return null;
		if (type === 'IHDR') {
			if (length !== 13) return null;
			header = {
				width: view.getUint32(body),
				height: view.getUint32(body + 4),
				depth: data[body + 8]!,
				type: data[body + 9]!,
				interlaced: data[body + 12] === 1
			};
			if (data[body + 10] !== 0 || data[body + 11] !== 0 || data[body + 12]! > 1) return null;
		} else if (!header) {
			return null; // IHDR must come first
		} else if (type === 'PLTE') {
			palette = length > 0 && length % 3 === 0;
		} else if (type === 'IDAT') {
			idat.push(data.subarray(body, body + length));
		} else if (type === 'IEND') {
			ended = true;
			break;
		}
		pos = body + length + 4;
	}
	if (!header || !ended || idat.length === 0) return null;
	const { width, height, depth, type, interlaced } = header;
	const format = PNG_TYPES[type];
	if (!format || !format.depths.includes(depth) || (type === 3 && !palette)) return null;
	if (width === 0 || height === 0 || width * height > MAX_LOGO_PIXELS) return null;

	const bitsPerPixel = format.channels * depth;
	const passes = interlaced ? ADAM7 : ([[0, 0, 1, 1]] as const);
	const rows: number[] = []; // bytes per scanline (with its filter byte), one entry per row
	for (const [x0, y0, dx, dy] of passes) {
		const w = Math.ceil((width - x0) / dx);
		const h = Math.ceil((height - y0) / dy);
		if (w <= 0 || h <= 0) continue;
		const rowBytes = 1 + Math.ceil((w * bitsPerPixel) / 8);
		for (let r = 0; r < h; r++) rows.push(rowBytes);
	}
	const expected = rows.reduce((a, b) => a + b, 0);
	const pixels = inflateSync(Buffer.concat(idat), { maxOutputLength: expected + 1024 });
	if (pixels.length < expected) return null;
	let offset = 0;
	for (const rowBytes of rows) {
		if (pixels[offset]! > 4) return null; // filter types are 0..4
		offset += rowBytes;
	}
	return { format: 'png', width, height };
}

// Start-of-frame markers (baseline, progressive, ...), not DHT (C4), JPG (C8) or DAC (CC).
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

function checkJpeg(data: Uint8Array): LogoInfo | null {
	let pos = 2;
	while (pos + 4 <= data.length) {
		if (data[pos] !== 0xff) return null;
		const marker = data[pos + 1]!;
		if (marker === 0xff) {
			pos++; // fill byte
			continue;
		}
		const length = (data[pos + 2]! << 8) | data[pos + 3]!;
		if (length < 2) return null;
		if (SOF.has(marker)) {
			if (pos + 10 > data.length) return null;
			const bits = data[pos + 4];
			const height = (data[pos + 5]! << 8) | data[pos + 6]!;
			const width = (data[pos + 7]! << 8) | data[pos + 8]!;
			const channels = data[pos + 9]!;
			if (bits !== 8 || width === 0 || height === 0 || ![1, 3, 4].includes(channels)) return null;
			if (width * height > MAX_LOGO_PIXELS) return null;
			return { format: 'jpeg', width, height };
		}
		if (marker === 0xda || marker === 0xd9) return null; // scan or end before any frame header
		pos += 2 + length;
	}
	return null;
}
