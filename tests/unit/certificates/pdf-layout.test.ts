import jsQR from 'jsqr';
import { describe, expect, it } from 'vitest';
import { splitRuns } from '../../../src/lib/server/certificates/fonts';
import { checkLogo, MAX_LOGO_PIXELS } from '../../../src/lib/server/certificates/logo';
import { drawQrCode, qrMatrix, QUIET_ZONE } from '../../../src/lib/server/certificates/qr';
import { fitText, type FitBox } from '../../../src/lib/server/certificates/text-fit';
import { rgbaPng, TINY_JPEG } from './pdf-fixtures';

/** The pieces the certificate PDF is built from: font fallback, text fitting, logo checks, the QR code. */

describe('font fallback', () => {
	it('keeps Latin, Cyrillic and Central Asian letters in the face asked for', () => {
		expect(splitRuns('Aigerim Әлихан Ҷамшед Oʻgʻiloy', 'serifBold')).toEqual([{ face: 'serifBold', text: 'Aigerim Әлихан Ҷамшед Oʻgʻiloy' }]);
	});

	it('takes Arabic from DejaVu Sans and marks characters no face has', () => {
		expect(splitRuns('Ali محمد 山', 'serifBold')).toEqual([
			{ face: 'serifBold', text: 'Ali ' },
			{ face: 'sansBold', text: 'محمد ' },
			{ face: 'sans', text: '\uFFFD' }
		]);
	});

	it('drops invisible characters no face has instead of boxing them', () => {
		// a skin-tone modifier and an emoji tag character: DejaVu has neither
		const runs = splitRuns('A\u{1F3FD}\u{E0067}B', 'serif');
		expect(runs.map((r) => r.text).join('')).toBe('AB');
	});

	it('composes decomposed letters so they use the precomposed glyph', () => {
		expect(splitRuns('Jose\u0301', 'serif')).toEqual([{ face: 'serif', text: 'José' }]);
	});
});

describe('fitting text', () => {
	const box: FitBox = { width: 300, height: 60, maxSize: 30, minSize: 8, leading: 1.2 };
	const fits = (text: string, b: FitBox) => {
		const fitted = fitText(text, 'serifBold', b);
		expect(fitted.size).toBeGreaterThanOrEqual(b.minSize);
		expect(fitted.size).toBeLessThanOrEqual(b.maxSize);
		expect(fitted.height).toBeLessThanOrEqual(b.height + 1e-9);
		for (const line of fitted.lines) expect(line.width).toBeLessThanOrEqual(b.width + 1e-6);
		return fitted;
	};

	it('uses the largest size for short text', () => {
		const fitted = fits('Ann Lee', box);
		expect(fitted.size).toBe(30);
		expect(fitted.lines).toHaveLength(1);
	});

	it('shrinks, then wraps, longer text, and never leaves the box', () => {
		let previous = Infinity;
		for (let words = 1; words <= 40; words++) {
			const text = Array.from({ length: words }, (_, i) => `Word${i}`).join(' ');
			const fitted = fits(text, box);
			expect(fitted.size).toBeLessThanOrEqual(previous);
			previous = fitted.size;
		}
	});

	it('prefers one line while the size stays above the floor for it', () => {
		const oneLine = fits('Aigerim Nurlanovna Seitkali', { ...box, oneLineDownTo: 14 });
		expect(oneLine.lines).toHaveLength(1);
		const wrapped = fits('Aigerim Nurlanovna Seitkali', box);
		expect(wrapped.lines.length).toBeGreaterThan(1);
	});

	it('balances wrapped lines when asked', () => {
		const text = 'one two three four five six seven eight nine ten eleven twelve';
		const narrow = { ...box, maxSize: 14, minSize: 14, height: 100 };
		const widths = fits(text, { ...narrow, balance: true }).lines.map((l) => l.width);
		const greedy = fits(text, narrow).lines.map((l) => l.width);
		expect(widths).toHaveLength(greedy.length);
		expect(Math.max(...widths) - Math.min(...widths)).toBeLessThan(Math.max(...greedy) - Math.min(...greedy));
	});

	it('cuts text that does not fit at the smallest size with an ellipsis', () => {
		const fitted = fits('word '.repeat(500), box);
		expect(fitted.size).toBe(box.minSize);
		const last = fitted.lines[fitted.lines.length - 1]!;
		expect(last.runs.map((r) => r.text).join('')).toMatch(/…$/);
	});

	it('breaks a word longer than the line between letters', () => {
		const fitted = fits('Ж'.repeat(200), box);
		expect(fitted.lines.length).toBeGreaterThan(1);
	});

	it('keeps explicit line breaks', () => {
		expect(fits('first\nsecond', box).lines.map((l) => l.runs.map((r) => r.text).join(''))).toEqual(['first', 'second']);
	});

	it('lays right-to-left words out right to left', () => {
		const [line] = fitText('Ali محمد علی', 'serif', box).lines;
		expect(line!.runs.map((r) => r.text)).toEqual(['Ali ', 'علی', ' ', 'محمد']);
	});
});

describe('logo checks', () => {
	it('accept a good PNG with alpha and a JPEG, with their sizes', () => {
		expect(checkLogo(rgbaPng({ width: 30, height: 10 }))).toEqual({ format: 'png', width: 30, height: 10 });
		expect(checkLogo(TINY_JPEG)).toEqual({ format: 'jpeg', width: 8, height: 4 });
	});

	it('refuse what png-js would choke on later, and what is too large', () => {
		expect(checkLogo(new Uint8Array())).toBeNull();
		expect(checkLogo(new TextEncoder().encode('<svg/>'))).toBeNull();
		expect(checkLogo(rgbaPng({ width: 30, height: 10, idat: (d) => d.subarray(0, d.length - 8) }))).toBeNull();
		expect(checkLogo(rgbaPng({ width: 30, height: 10, raw: (d) => Buffer.concat([Buffer.from([5]), d.subarray(1)]) }))).toBeNull();
		const side = Math.ceil(Math.sqrt(MAX_LOGO_PIXELS)) + 1;
		expect(checkLogo(rgbaPng({ width: side, height: side }))).toBeNull();
		expect(checkLogo(TINY_JPEG.subarray(0, 200))).toBeNull();
	});
});

describe('the QR code', () => {
	it('is drawn as squares that a reader decodes to the URL, inside a white quiet zone', () => {
		const url = 'https://bilim.example.org/verify/k3j5h2g7f6d4s8a9q1w2e3r4';
		const rects: { x: number; y: number; w: number; h: number; fill?: string }[] = [];
		let pending: typeof rects = [];
		const canvas = {
			rect: (x: number, y: number, w: number, h: number) => pending.push({ x, y, w, h }),
			fill: (colour: string) => {
				rects.push(...pending.map((r) => ({ ...r, fill: colour })));
				pending = [];
			},
			save: () => undefined,
			restore: () => undefined
		};
		const side = 100;
		drawQrCode(canvas, url, 20, 20, side);
		const [quiet, ...modules] = rects;
		expect(quiet!.fill).toBe('#ffffff');
		expect(quiet!.x).toBeLessThan(20);
		expect(modules.every((r) => r.x >= 20 && r.y >= 20 && r.x + r.w <= 20 + side + 1e-6 && r.fill === '#000000')).toBe(true);
		const moduleSide = side / qrMatrix(url).size;
		expect(quiet).toMatchObject({ x: 20 - QUIET_ZONE * moduleSide, w: side + 2 * QUIET_ZONE * moduleSide });

		// Rasterise at 4 px per point, as a camera would see the page, and read it back.
		const scale = 4;
		const size = 140 * scale;
		const pixels = new Uint8ClampedArray(size * size * 4).fill(255);
		for (const r of modules) {
			for (let y = Math.round(r.y * scale); y < Math.round((r.y + r.h) * scale); y++) {
				for (let x = Math.round(r.x * scale); x < Math.round((r.x + r.w) * scale); x++) {
					pixels.fill(0, (y * size + x) * 4, (y * size + x) * 4 + 3);
				}
			}
		}
		expect(jsQR(pixels, size, size)?.data).toBe(url);
	});
});
