import { openFont, runWidth, splitRuns, type FaceName, type TextRun } from './fonts';

/**
 * Fitting text into a box on the certificate: the largest size (down to a floor) at which the
 * wrapped lines fit the box's width and height, preferring one line while the size stays
 * above `oneLineDownTo`. Below the floor the text is cut with an ellipsis: the certificate is
 * always exactly one page, whatever the caller gives.
 *
 * Widths are measured once per word at 1 pt (fontkit layout, as pdfkit draws it) and scale
 * linearly, so trying sizes costs arithmetic, not layout.
 */

export interface FitBox {
	width: number;
	height: number;
	maxSize: number;
	minSize: number;
	/** line height as a multiple of the size */
	leading: number;
	/** try a single line first, down to this size, before wrapping */
	oneLineDownTo?: number;
	/** at most this many lines (else as many as the height allows) */
	maxLines?: number;
	/** even out the lengths of wrapped lines (as CSS text-wrap: balance), for centred text */
	balance?: boolean;
}

export interface FittedLine {
	runs: TextRun[];
	/** width in points at the fitted size */
	width: number;
}

export interface FittedText {
	lines: FittedLine[];
	size: number;
	lineHeight: number;
	height: number;
}

/** A word as runs, with its width at 1 pt. */
interface Word {
	runs: TextRun[];
	units: number;
	/** each character's face and width, measured when the word first has to be broken */
	chars?: { face: FaceName; ch: string; units: number }[];
}

const ELLIPSIS = '…';

function measure(runs: TextRun[]): number {
	return runs.reduce((sum, run) => sum + runWidth(run, 1), 0);
}

/** The words of one paragraph (runs split at spaces). */
function wordsOf(paragraph: string, face: FaceName): Word[] {
	const words: Word[] = [];
	let current: TextRun[] = [];
	const flush = () => {
		if (current.length) words.push({ runs: current, units: measure(current) });
		current = [];
	};
	for (const run of splitRuns(paragraph, face)) {
		const parts = run.text.split(' ');
		parts.forEach((part, i) => {
			if (i > 0) flush();
			if (part) current.push({ face: run.face, text: part });
		});
	}
	flush();
	return words;
}

/** A word too wide for a line, cut between characters into pieces that fit `maxUnits`. */
function breakWord(word: Word, maxUnits: number): Word[] {
	word.chars ??= word.runs.flatMap((run) => [...run.text].map((ch) => ({ face: run.face, ch, units: runWidth({ face: run.face, text: ch }, 1) })));
	const pieces: Word[] = [];
	let runs: TextRun[] = [];
	let units = 0;
	for (const { face, ch, units: w } of word.chars) {
		if (units + w > maxUnits && units > 0) {
			pieces.push({ runs, units });
			runs = [];
			units = 0;
		}
		const last = runs[runs.length - 1];
		if (last && last.face === face) last.text += ch;
		else runs.push({ face, text: ch });
		units += w;
	}
	if (runs.length) pieces.push({ runs, units });
	return pieces;
}

// Scripts written right to left. fontkit shapes and orders the glyphs of one run; placing
// runs and words is ours (a reduced bidi: enough for a name or phrase in one such script).
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const RTL_ALL = new RegExp(RTL.source, 'gu');

function isRtlWord(word: Word): boolean {
	const text = word.runs.map((r) => r.text).join('');
	return RTL.test(text) && !/\p{L}/u.test(text.replace(RTL_ALL, ''));
}

/** Words in visual order: each stretch of right-to-left words reversed. */
function visualOrder(words: Word[]): Word[] {
	const out: Word[] = [];
	let stretch: Word[] = [];
	for (const word of words) {
		if (isRtlWord(word)) stretch.push(word);
		else {
			out.push(...stretch.reverse(), word);
			stretch = [];
		}
	}
	return out.concat(stretch.reverse());
}

/**
 * Words joined by spaces into as few runs as their faces allow. A right-to-left run is kept
 * apart (its own spaces included), since fontkit reverses a whole run.
 */
function joinWords(words: Word[]): TextRun[] {
	const runs: TextRun[] = [];
	const append = (run: TextRun) => {
		const last = runs[runs.length - 1];
		if (last && last.face === run.face && !RTL.test(last.text) && !RTL.test(run.text)) last.text += run.text;
		else runs.push({ ...run });
	};
	visualOrder(words).forEach((word, i) => {
		if (i > 0 && runs.length) append({ face: runs[runs.length - 1]!.face, text: ' ' });
		word.runs.forEach(append);
	});
	return runs;
}

function wrap(paragraphs: Word[][], maxUnits: number, spaceUnits: number): Word[][] {
	const lines: Word[][] = [];
	for (const words of paragraphs) {
		let line: Word[] = [];
		let units = 0;
		for (const whole of words) {
			for (const word of whole.units > maxUnits ? breakWord(whole, maxUnits) : [whole]) {
				const extra = line.length ? spaceUnits + word.units : word.units;
				if (line.length && units + extra > maxUnits) {
					lines.push(line);
					line = [word];
					units = word.units;
				} else {
					line.push(word);
					units += extra;
				}
			}
		}
		lines.push(line);
	}
	return lines;
}

/** The same number of lines as greedy wrapping gives, at the narrowest width that allows it. */
function balance(words: Word[], maxUnits: number, spaceUnits: number): Word[][] {
	const greedy = wrap([words], maxUnits, spaceUnits);
	if (greedy.length < 2) return greedy;
	let lo = 0;
	let hi = maxUnits;
	for (let i = 0; i < 14; i++) {
		const mid = (lo + hi) / 2;
		if (wrap([words], mid, spaceUnits).length <= greedy.length) hi = mid;
		else lo = mid;
	}
	return wrap([words], hi, spaceUnits);
}

function lineUnits(words: Word[], spaceUnits: number): number {
	return words.reduce((sum, w) => sum + w.units, 0) + spaceUnits * Math.max(0, words.length - 1);
}

/** `text` (line breaks kept as paragraphs) fitted into `box` in `face`. */
export function fitText(text: string, face: FaceName, box: FitBox): FittedText {
	const trimmed = text.trim();
	const paragraphs = trimmed ? trimmed.split(/\r\n|\r|\n/).map((p) => wordsOf(p, face)) : [];
	const spaceUnits = runWidth({ face, text: ' ' }, 1);
	const result = (lines: Word[][], size: number): FittedText => {
		const lineHeight = size * box.leading;
		return {
			size,
			lineHeight,
			height: lines.length * lineHeight,
			lines: lines.map((words) => ({ runs: joinWords(words), width: lineUnits(words, spaceUnits) * size }))
		};
	};
	if (paragraphs.length === 0) return result([], box.maxSize);

	for (let size = box.maxSize; size >= box.minSize; size -= 0.5) {
		const lines = wrap(paragraphs, box.width / size, spaceUnits);
		const oneLineOnly = box.oneLineDownTo !== undefined && size >= box.oneLineDownTo;
		if ((oneLineOnly && lines.length > 1) || lines.length > (box.maxLines ?? Infinity)) continue;
		if (lines.length * size * box.leading > box.height) continue;
		if (!box.balance) return result(lines, size);
		return result(
			paragraphs.flatMap((words) => balance(words, box.width / size, spaceUnits)),
			size
		);
	}

	// Still too long at the floor: keep the lines that fit and end the last with an ellipsis.
	const size = box.minSize;
	const maxUnits = box.width / size;
	const keep = Math.max(1, Math.min(box.maxLines ?? Infinity, Math.floor(box.height / (size * box.leading))));
	const lines = wrap(paragraphs, maxUnits, spaceUnits).slice(0, keep);
	const last = lines[lines.length - 1] ?? [];
	const ellipsis: Word = { runs: [{ face, text: ELLIPSIS }], units: runWidth({ face, text: ELLIPSIS }, 1) };
	while (last.length > 1 && lineUnits([...last, ellipsis], spaceUnits) > maxUnits) last.pop();
	const tail = last[last.length - 1];
	if (tail && lineUnits([...last, ellipsis], spaceUnits) > maxUnits) {
		const room = maxUnits - lineUnits(last.slice(0, -1), spaceUnits) - ellipsis.units - (last.length > 1 ? spaceUnits : 0);
		const cut = breakWord(tail, Math.max(room, 0))[0];
		if (cut && cut.units <= room) last[last.length - 1] = cut;
		else last.pop();
	}
	// The ellipsis follows the last word without a space.
	const end = last[last.length - 1];
	if (end) last[last.length - 1] = { runs: [...end.runs, ...ellipsis.runs], units: end.units + ellipsis.units };
	else last.push(ellipsis);
	return result(lines, size);
}

/** The baseline offset from a line's top: the line's ink centred in its line height. */
export function baselineOffset(face: FaceName, size: number, lineHeight: number): number {
	const font = openFont(face);
	const ascent = font.ascent / font.unitsPerEm;
	const descent = Math.abs(font.descent) / font.unitsPerEm;
	return (lineHeight - (ascent + descent) * size) / 2 + ascent * size;
}
