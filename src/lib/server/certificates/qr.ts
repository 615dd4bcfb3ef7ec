import QRCode from 'qrcode';

/**
 * The verification QR code, drawn as vector squares (sharp at any print size, a few hundred
 * bytes, no image decoding). Error correction M: survives a crease or a stain on a printed copy
 * while keeping modules large enough for a phone at arm's length.
 */

/** Modules of light margin every side, as the QR specification requires for reliable reading. */
export const QUIET_ZONE = 4;

export interface QrMatrix {
	/** modules per side, without the quiet zone */
	size: number;
	dark(row: number, col: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
	const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
	return { size: modules.size, dark: (row, col) => modules.get(row, col) === 1 };
}

/** What pdfkit's vector API needs: the subset of PDFKit.PDFDocument used here. */
interface Canvas {
	rect(x: number, y: number, w: number, h: number): unknown;
	fill(colour: string): unknown;
	save(): unknown;
	restore(): unknown;
}

/**
 * Draws the code for `text` with its top-left dark-module corner at (x, y) and `side` points
 * wide (modules only); the quiet zone is painted white around it, outside that square.
 * Each row's consecutive dark modules become one rectangle, all filled in a single path.
 */
export function drawQrCode(doc: Canvas, text: string, x: number, y: number, side: number, colour = '#000000'): void {
	const matrix = qrMatrix(text);
	const m = side / matrix.size;
	const q = QUIET_ZONE * m;
	doc.save();
	doc.rect(x - q, y - q, side + 2 * q, side + 2 * q);
	doc.fill('#ffffff');
	for (let row = 0; row < matrix.size; row++) {
		let col = 0;
		while (col < matrix.size) {
			if (!matrix.dark(row, col)) {
				col++;
				continue;
			}
			const start = col;
			while (col < matrix.size && matrix.dark(row, col)) col++;
			// A hair of overlap between rows hides anti-aliasing seams in some viewers.
			doc.rect(x + start * m, y + row * m, (col - start) * m, m + 0.01);
		}
	}
	doc.fill(colour);
	doc.restore();
}
