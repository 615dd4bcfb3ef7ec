import { deflateSync } from 'node:zlib';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { CertificatePdfInput } from '../../../src/lib/server/certificates/types';

/** Helpers for the certificate PDF tests: a sample input, images made in memory, and reading a PDF back with pdf.js. */

export function sampleInput(overrides: Partial<CertificatePdfInput> = {}): CertificatePdfInput {
	return {
		locale: 'en',
		title: 'Certificate of Completion',
		intro: 'This certifies that',
		holderName: 'Aigerim Seitkali',
		body: 'has successfully completed the programme “Leadership for Public Service” (Spring 2026), 40 hours.',
		signatories: [
			{ name: 'Dana Abenova', title: 'Programme Director' },
			{ name: 'John Smith', title: 'Head of Academic Affairs' }
		],
		primaryColour: '#1f3a5f',
		accentColour: '#b08d57',
		logo: null,
		issuedLine: 'Issued on 27 November 2026',
		serial: 'BLM-2026-000123',
		serialLabel: 'Serial',
		verifyUrl: 'https://bilim.example.org/verify/k3j5h2g7f6d4s8a9q1w2e3r4',
		verifyLabel: 'Check this certificate at',
		issuerName: 'Bilim Foundation',
		courseTitle: 'Leadership for Public Service',
		...overrides
	};
}

export interface ReadPdf {
	pages: number;
	/** page 1 size in points */
	width: number;
	height: number;
	/** page 1's text items, in drawing order */
	items: string[];
	/** page 1's text, items joined without separators */
	text: string;
	info: Record<string, unknown>;
	/** the URLs page 1 links to */
	links: string[];
}

export async function readPdf(data: Buffer): Promise<ReadPdf> {
	const pdf = await getDocument({ data: new Uint8Array(data), isEvalSupported: false, useSystemFonts: false, verbosity: 0 }).promise;
	try {
		const page = await pdf.getPage(1);
		const [, , width, height] = page.view as [number, number, number, number];
		const content = await page.getTextContent();
		const items = content.items.map((item) => ('str' in item ? item.str : '')).filter((s) => s !== '');
		const { info } = await pdf.getMetadata();
		const links = ((await page.getAnnotations()) as { url?: string }[]).flatMap((a) => (a.url ? [a.url] : []));
		return { pages: pdf.numPages, width, height, items, text: items.join(''), info: info as Record<string, unknown>, links };
	} finally {
		await pdf.destroy();
	}
}

/** The number of image XObjects embedded in the PDF (streams are compressed, dictionaries are not). */
export function imageCount(data: Buffer): number {
	return data.toString('latin1').match(/\/Subtype \/Image/g)?.length ?? 0;
}

/** An 8×4 JPEG (two colour blocks), as a browser's canvas encodes it. */
export const TINY_JPEG = Buffer.from(
	'/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYnKSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCj/wAARCAAEAAgDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAYEAEAAwEAAAAAAAAAAAAAAAAAB0WDwv/EABUBAQEAAAAAAAAAAAAAAAAAAAQF/8QAHBEAAAYDAAAAAAAAAAAAAAAAAAECBIGxBTM0/9oADAMBAAIRAxEAPwCZi2zy7AScr1LiiDmOhM2Y/9k=',
	'base64'
);

function crc32(bytes: Uint8Array): number {
	let crc = ~0;
	for (const b of bytes) {
		crc ^= b;
		for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
	}
	return ~crc >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
	const head = Buffer.alloc(8);
	head.writeUInt32BE(body.length, 0);
	head.write(type, 4, 'latin1');
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])));
	return Buffer.concat([head, body, crc]);
}

export interface PngParts {
	width: number;
	height: number;
	/** the zlib stream of the scanlines (defaults to the real one) */
	idat?: (real: Buffer) => Buffer;
	/** the scanlines' bytes before compression (to corrupt filter bytes) */
	raw?: (real: Buffer) => Buffer;
}

/** An RGBA PNG (colour type 6: pdfkit decodes its alpha asynchronously) with a diagonal gradient. */
export function rgbaPng({ width, height, idat, raw }: PngParts): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8; // bit depth
	header[9] = 6; // RGBA
	const rows = Buffer.alloc(height * (1 + width * 4));
	for (let y = 0; y < height; y++) {
		const row = y * (1 + width * 4);
		rows[row] = 0; // filter: none
		for (let x = 0; x < width; x++) {
			const p = row + 1 + x * 4;
			rows[p] = Math.floor(31 + (x * 120) / width);
			rows[p + 1] = 58;
			rows[p + 2] = 95;
			rows[p + 3] = Math.floor((255 * (x + y)) / (width + height));
		}
	}
	const scanlines = raw ? raw(rows) : rows;
	const compressed = deflateSync(scanlines);
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
		chunk('IHDR', header),
		chunk('IDAT', idat ? idat(compressed) : compressed),
		chunk('IEND', new Uint8Array())
	]);
}
