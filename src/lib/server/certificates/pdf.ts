import PDFDocument from 'pdfkit';
import { FACES, forgetUnmappedGlyphs, openFont, runWidth, type FaceName, type TextRun } from './fonts';
import { checkLogo } from './logo';
import { drawQrCode, QUIET_ZONE } from './qr';
import { baselineOffset, fitText, type FitBox, type FittedText } from './text-fit';
import type { CertificatePdfInput, Signatory } from './types';

/**
 * The certificate as a one-page A4 landscape PDF: a double frame in the accent colour, the
 * logo, the title, the holder's name, the body, up to three signatories, the issue date and
 * serial, and a QR code of the verification page with its address printed under it.
 *
 * Every piece of text is fitted into a fixed box (smaller type, then more lines, then an
 * ellipsis), and text is drawn at explicit positions with pdfkit's line breaking off, so no
 * input can push anything onto a second page or over another element.
 */

export interface RenderOptions {
	/** the PDF's creation date; pass the issue date so the same certificate renders the same bytes */
	createdAt?: Date;
}

const PAGE = { width: 841.89, height: 595.28 }; // A4 landscape, points
const MARGIN_X = 80;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN_X;
const CENTRE = PAGE.width / 2;
const INK = '#1d2228';
const BODY_INK = '#3b4148';
const MUTED = '#5f666e';
const DEFAULT_PRIMARY = '#1f3a5f';
const DEFAULT_ACCENT = '#b08d57';

const LOGO = { top: 50, maxWidth: 220, maxHeight: 52 };
const HEADING_BASELINE = 76;
const QR = { side: 62, bottom: 531 };
const SIGNATURE_LINE_Y = 414;
const MAX_SIGNATORIES = 3;

const BOXES = {
	title: { width: CONTENT_WIDTH, height: 62, maxSize: 30, minSize: 13, leading: 1.2, oneLineDownTo: 22, balance: true },
	intro: { width: CONTENT_WIDTH, height: 20, maxSize: 13.5, minSize: 8, leading: 1.3, maxLines: 1 },
	name: { width: CONTENT_WIDTH, height: 82, maxSize: 40, minSize: 11, leading: 1.18, oneLineDownTo: 26, balance: true },
	body: { width: CONTENT_WIDTH - 60, height: 62, maxSize: 12.5, minSize: 7.5, leading: 1.38, balance: true }
} satisfies Record<string, FitBox>;

export async function renderCertificatePdf(input: CertificatePdfInput, options: RenderOptions = {}): Promise<Buffer> {
	const doc = new PDFDocument({
		size: 'A4',
		layout: 'landscape',
		margin: 0,
		pdfVersion: '1.7',
		lang: input.locale,
		displayTitle: true,
		info: {
			Title: `${input.title} — ${input.holderName}`,
			Author: input.issuerName,
			Subject: input.courseTitle,
			Keywords: input.serial,
			Creator: input.issuerName,
			Producer: 'Bilim',
			CreationDate: options.createdAt ?? new Date()
		}
	});
	const chunks: Buffer[] = [];
	doc.on('data', (chunk: Buffer) => chunks.push(chunk));
	const done = new Promise<Buffer>((resolve, reject) => {
		doc.on('end', () => resolve(Buffer.concat(chunks)));
		doc.on('error', reject);
	});
	// pdfkit draws with the fonts parsed once per process (parsing per document would triple
	// the time); see forgetUnmappedGlyphs for the one thing that must not carry over.
	for (const face of FACES) doc.registerFont(face, openFont(face) as unknown as PDFKit.Mixins.PDFFontSource);
	try {
		// Synchronous from here to doc.end() (fonts embedded there): no other document can use
		// the shared fonts in between.
		drawPage(doc, input);
		doc.end();
	} finally {
		forgetUnmappedGlyphs();
	}
	return done;
}

function drawPage(doc: Doc, input: CertificatePdfInput): void {
	const primary = colour(input.primaryColour, DEFAULT_PRIMARY);
	const accent = colour(input.accentColour, DEFAULT_ACCENT);
	drawFrame(doc, accent);
	const hasLogo = input.logo !== null && drawLogo(doc, input.logo.data);
	// Without a logo the issuer's name heads the page, so it never looks anonymous.
	if (!hasLogo) drawHeading(doc, input.issuerName.toLocaleUpperCase(input.locale), primary);

	const signatories = input.signatories.filter((s) => s.name.trim() || s.title.trim()).slice(0, MAX_SIGNATORIES);
	const top = hasLogo ? LOGO.top + LOGO.maxHeight + 14 : HEADING_BASELINE + 22;
	const bottom = signatories.length ? SIGNATURE_LINE_Y - 28 : 446;
	const title = fitText(input.title, 'serifBold', BOXES.title);
	const intro = fitText(input.intro, 'serifItalic', BOXES.intro);
	const name = fitText(input.holderName, 'serifBold', BOXES.name);
	const body = fitText(input.body, 'serif', BOXES.body);
	const gaps = { afterTitle: 10, ornament: 8, afterOrnament: 12, afterIntro: 8, afterName: 12 };
	const stack =
		title.height + gaps.afterTitle + gaps.ornament + gaps.afterOrnament + intro.height + gaps.afterIntro + name.height + gaps.afterName + body.height;
	// The stack is centred in the room left between the logo and the signatures.
	let y = top + Math.max(0, (bottom - top - stack) / 2);
	drawLines(doc, title, 'serifBold', y, primary);
	y += title.height + gaps.afterTitle;
	drawOrnament(doc, y + gaps.ornament / 2, accent);
	y += gaps.ornament + gaps.afterOrnament;
	drawLines(doc, intro, 'serifItalic', y, MUTED);
	y += intro.height + gaps.afterIntro;
	drawLines(doc, name, 'serifBold', y, INK);
	y += name.height + gaps.afterName;
	drawLines(doc, body, 'serif', y, BODY_INK);

	drawSignatories(doc, signatories, accent);
	drawFooter(doc, input, primary);
}

function colour(value: string, fallback: string): string {
	return /^#[0-9a-f]{6}$/i.test(value) ? value : fallback;
}

type Doc = PDFKit.PDFDocument;

/** Lines centred on the page, from `top` down, each run in its own face. */
function drawLines(doc: Doc, fitted: FittedText, face: FaceName, top: number, fill: string, centre = CENTRE): void {
	const offset = baselineOffset(face, fitted.size, fitted.lineHeight);
	fitted.lines.forEach((line, i) => drawRuns(doc, line.runs, centre - line.width / 2, top + i * fitted.lineHeight + offset, fitted.size, fill));
}

function drawRuns(doc: Doc, runs: TextRun[], x: number, baseline: number, size: number, fill: string, spacing = 0): void {
	doc.fillColor(fill);
	for (const run of runs) {
		doc.font(run.face).fontSize(size).text(run.text, x, baseline, { lineBreak: false, baseline: 'alphabetic', characterSpacing: spacing });
		x += runWidth(run, size) + spacing * [...run.text].length;
	}
}

/**
 * The issuer's name in tracked capitals where a logo would be. The tracking stays under a tenth
 * of an em: wider, and text extraction (search, copy, screen readers) reads "B I L I M".
 */
function drawHeading(doc: Doc, text: string, fill: string): void {
	const fitted = fitText(text, 'sansBold', { width: CONTENT_WIDTH - 100, height: 14, maxSize: 10.5, minSize: 6, leading: 1.2, maxLines: 1 });
	const line = fitted.lines[0];
	if (!line) return;
	const tracking = 0.08 * fitted.size;
	const chars = line.runs.reduce((n, run) => n + [...run.text].length, 0);
	const width = line.width + tracking * (chars - 1);
	drawRuns(doc, line.runs, CENTRE - width / 2, HEADING_BASELINE, fitted.size, fill, tracking);
}

/** A single line of small print, shrunk to `width`, with its left or right edge at `x`; returns its width. */
function drawSmall(doc: Doc, text: string, face: FaceName, x: number, baseline: number, width: number, size: number, fill: string, align: 'left' | 'right'): number {
	const fitted = fitText(text, face, { width, height: size * 1.3, maxSize: size, minSize: Math.min(size, 5), leading: 1.2, maxLines: 1 });
	const line = fitted.lines[0];
	if (!line) return 0;
	drawRuns(doc, line.runs, align === 'left' ? x : x - line.width, baseline, fitted.size, fill);
	return line.width;
}

function drawFrame(doc: Doc, accent: string): void {
	const outer = 20;
	const inner = 28;
	doc.save();
	doc.lineWidth(3.5).strokeColor(accent);
	doc.rect(outer, outer, PAGE.width - 2 * outer, PAGE.height - 2 * outer).stroke();
	doc.lineWidth(0.8);
	doc.rect(inner, inner, PAGE.width - 2 * inner, PAGE.height - 2 * inner).stroke();
	// Small diamonds in the corners of the inner frame.
	for (const [cx, cy] of [
		[inner, inner],
		[PAGE.width - inner, inner],
		[inner, PAGE.height - inner],
		[PAGE.width - inner, PAGE.height - inner]
	] as const) {
		doc.polygon([cx, cy - 5], [cx + 5, cy], [cx, cy + 5], [cx - 5, cy]).fill(accent);
	}
	doc.restore();
}

/** A short rule with a diamond in its middle, under the title. */
function drawOrnament(doc: Doc, y: number, accent: string): void {
	doc.save();
	doc.lineWidth(0.8).strokeColor(accent);
	doc.moveTo(CENTRE - 70, y).lineTo(CENTRE - 9, y).stroke();
	doc.moveTo(CENTRE + 9, y).lineTo(CENTRE + 70, y).stroke();
	doc.polygon([CENTRE, y - 3.5], [CENTRE + 3.5, y], [CENTRE, y + 3.5], [CENTRE - 3.5, y]).fill(accent);
	doc.restore();
}

/** Draws the logo centred at the top; false (and nothing drawn) when the bytes are not a usable image. */
function drawLogo(doc: Doc, data: Uint8Array): boolean {
	const info = checkLogo(data);
	if (!info) return false;
	try {
		const scale = Math.min(LOGO.maxWidth / info.width, LOGO.maxHeight / info.height);
		const w = info.width * scale;
		const h = info.height * scale;
		doc.image(Buffer.from(data.buffer, data.byteOffset, data.byteLength), CENTRE - w / 2, LOGO.top + (LOGO.maxHeight - h) / 2, { width: w, height: h });
		return true;
	} catch {
		return false;
	}
}

function drawSignatories(doc: Doc, signatories: Signatory[], accent: string): void {
	const n = signatories.length;
	if (n === 0) return;
	// Equal columns centred on the page, above the footer (clear of the QR code's top).
	const columnWidth = Math.min(230, CONTENT_WIDTH / n);
	const lineWidth = Math.min(190, columnWidth - 24);
	const first = CENTRE - (columnWidth * n) / 2 + columnWidth / 2;
	signatories.forEach((signatory, i) => {
		const cx = first + i * columnWidth;
		doc.save();
		doc.lineWidth(0.6).strokeColor(accent);
		doc.moveTo(cx - lineWidth / 2, SIGNATURE_LINE_Y).lineTo(cx + lineWidth / 2, SIGNATURE_LINE_Y).stroke();
		doc.restore();
		const name = fitText(signatory.name, 'sansBold', { width: columnWidth - 12, height: 14, maxSize: 10.5, minSize: 6.5, leading: 1.25, maxLines: 1 });
		drawLines(doc, name, 'sansBold', SIGNATURE_LINE_Y + 5, INK, cx);
		const title = fitText(signatory.title, 'sans', { width: columnWidth - 12, height: 22, maxSize: 8.5, minSize: 6, leading: 1.25, oneLineDownTo: 8, maxLines: 2, balance: true });
		drawLines(doc, title, 'sans', SIGNATURE_LINE_Y + 20, MUTED, cx);
	});
}

/** Issue date and serial bottom left; the QR code bottom right with the address under it. */
function drawFooter(doc: Doc, input: CertificatePdfInput, primary: string): void {
	const qrLeft = PAGE.width - MARGIN_X - QR.side;
	const qrTop = QR.bottom - QR.side;
	drawQrCode(doc, input.verifyUrl, qrLeft, qrTop, QR.side, INK);
	const textWidth = 320;
	const right = PAGE.width - MARGIN_X;
	drawSmall(doc, input.verifyLabel, 'sans', right, QR.bottom + 10, textWidth, 6.5, MUTED, 'right');
	const urlWidth = drawSmall(doc, input.verifyUrl, 'sans', right, QR.bottom + 19, textWidth, 7, primary, 'right');
	// On screen the code and the address are links to the verification page.
	if (/^https?:\/\//i.test(input.verifyUrl)) {
		doc.link(qrLeft, qrTop, QR.side, QR.side, input.verifyUrl);
		doc.link(right - urlWidth, QR.bottom + 12, urlWidth, 9, input.verifyUrl);
	}

	// Clear of the QR code's quiet zone (at most QUIET_ZONE modules of a 21-module code).
	const leftWidth = qrLeft - (QUIET_ZONE * QR.side) / 21 - MARGIN_X - 24;
	drawSmall(doc, input.issuedLine, 'serif', MARGIN_X, QR.bottom - 12, leftWidth, 11, INK, 'left');
	drawSmall(doc, `${input.serialLabel}: ${input.serial}`, 'sans', MARGIN_X, QR.bottom + 3, leftWidth, 8.5, MUTED, 'left');
}
