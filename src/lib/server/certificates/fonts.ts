import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * The certificate's fonts (DejaVu, from the dejavu-fonts-ttf package) and the splitting of text
 * into runs by glyph coverage, so any name renders: the face asked for first, then the DejaVu
 * Sans of the same weight (broader: Arabic, Armenian, Georgian, symbols), then DejaVu Sans;
 * a character no font has becomes U+FFFD.
 *
 * Files are found through Node's resolver, not paths relative to src: the built server bundles
 * this module elsewhere, while the packages stay in node_modules. Each file is read and parsed
 * once per process (fonts never change while the app runs; parsing per document would cost
 * more than drawing it), then shared by every document: pdfkit accepts a parsed fontkit font
 * and keeps its own subset per document.
 */

export type FaceName = 'serif' | 'serifBold' | 'serifItalic' | 'sans' | 'sansBold' | 'sansOblique';

const FILES: Record<FaceName, string> = {
	serif: 'DejaVuSerif.ttf',
	serifBold: 'DejaVuSerif-Bold.ttf',
	serifItalic: 'DejaVuSerif-Italic.ttf',
	sans: 'DejaVuSans.ttf',
	sansBold: 'DejaVuSans-Bold.ttf',
	sansOblique: 'DejaVuSans-Oblique.ttf'
};

/** Where a character missing from a face is looked for next (U+FFFD in DejaVu Sans last). */
const FALLBACKS: Record<FaceName, FaceName[]> = {
	serif: ['serif', 'sans'],
	serifBold: ['serifBold', 'sansBold', 'sans'],
	serifItalic: ['serifItalic', 'sansOblique', 'sans'],
	sans: ['sans'],
	sansBold: ['sansBold', 'sans'],
	sansOblique: ['sansOblique', 'sans']
};

const LAST_RESORT: FaceName = 'sans';
const REPLACEMENT = '\uFFFD';

/** The part of a fontkit font this module and pdfkit use (fontkit ships no types). */
export interface FontkitFont {
	unitsPerEm: number;
	ascent: number;
	descent: number;
	hasGlyphForCodePoint(codePoint: number): boolean;
	layout(text: string): { advanceWidth: number };
}

interface Fontkit {
	create(data: Uint8Array): FontkitFont;
}

const requireHere = createRequire(import.meta.url);
let fontkitModule: Fontkit | undefined;
const fileCache = new Map<FaceName, Buffer>();
const fontCache = new Map<FaceName, FontkitFont>();

/** fontkit as pdfkit resolves it (it is pdfkit's dependency, not ours). */
function fontkit(): Fontkit {
	fontkitModule ??= createRequire(requireHere.resolve('pdfkit'))('fontkit') as Fontkit;
	return fontkitModule;
}

/** The folder holding the DejaVu .ttf files. */
export function fontDirectory(): string {
	return join(dirname(requireHere.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
}

/** The font file's bytes, read once per process. */
export function fontFile(face: FaceName): Buffer {
	let data = fileCache.get(face);
	if (!data) {
		data = readFileSync(join(fontDirectory(), FILES[face]));
		fileCache.set(face, data);
	}
	return data;
}

/** The parsed font, opened once per process. */
export function openFont(face: FaceName): FontkitFont {
	let font = fontCache.get(face);
	if (!font) {
		font = fontkit().create(fontFile(face));
		fontCache.set(face, font);
	}
	return font;
}

/**
 * fontkit caches each glyph with the characters it was first laid out for, and pdfkit builds
 * the PDF's ToUnicode map (what copy, search and screen readers read) from them. Subsetting
 * creates the parts of composite glyphs without characters (the "y" inside "ӯ"), so a later
 * document typing that glyph would read as garbage. Called after each document: those glyphs
 * are dropped from the cache, and made again, with their characters, when next laid out.
 */
export function forgetUnmappedGlyphs(): void {
	for (const font of fontCache.values()) {
		const glyphs = (font as { _glyphs?: Record<string, { codePoints?: number[] } | undefined> })._glyphs;
		if (!glyphs) continue;
		for (const id of Object.keys(glyphs)) {
			if (!glyphs[id]?.codePoints?.length) delete glyphs[id];
		}
	}
}

export const FACES = Object.keys(FILES) as FaceName[];

/** A stretch of text drawn in one face. */
export interface TextRun {
	face: FaceName;
	text: string;
}

// Characters with no visible form of their own: dropped when no font has them rather than
// shown as U+FFFD (emoji variation selectors, joiners, skin-tone modifiers, bidi marks).
const INVISIBLE = /^[\p{Default_Ignorable_Code_Point}\p{Cc}\p{Cf}\p{Emoji_Modifier}]$/u;
const MARK = /^\p{M}$/u;

/**
 * `text` (one line: no line breaks) as runs of faces that have every glyph, starting from
 * `face`. Whitespace becomes a plain space and stays in the run it is in, a combining mark
 * stays with its base letter's face when that face has it.
 */
export function splitRuns(text: string, face: FaceName): TextRun[] {
	const chain = FALLBACKS[face];
	const runs: TextRun[] = [];
	let current: TextRun | undefined;
	const push = (runFace: FaceName, ch: string) => {
		if (current && current.face === runFace) current.text += ch;
		else runs.push((current = { face: runFace, text: ch }));
	};
	for (let ch of text.normalize('NFC')) {
		if (/^\s$/u.test(ch)) {
			push(current?.face ?? face, ' ');
			continue;
		}
		const cp = ch.codePointAt(0) ?? 0;
		let chosen: FaceName | undefined;
		if (current && MARK.test(ch) && openFont(current.face).hasGlyphForCodePoint(cp)) chosen = current.face;
		chosen ??= chain.find((f) => openFont(f).hasGlyphForCodePoint(cp));
		if (!chosen) {
			if (INVISIBLE.test(ch)) continue;
			chosen = LAST_RESORT;
			ch = REPLACEMENT;
		}
		push(chosen, ch);
	}
	return runs;
}

/** The advance width of a run at `size` points, as pdfkit will lay it out (same fontkit layout). */
export function runWidth(run: TextRun, size: number): number {
	const font = openFont(run.face);
	return (font.layout(run.text).advanceWidth / font.unitsPerEm) * size;
}
