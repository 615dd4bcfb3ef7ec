import { describe, expect, it } from 'vitest';
import { renderCertificatePdf } from '../../../src/lib/server/certificates/pdf';
import { imageCount, readPdf, rgbaPng, sampleInput, TINY_JPEG } from './pdf-fixtures';

/**
 * The certificate PDF as a reader gets it: one A4 landscape page whose text (read back with
 * pdf.js, as a search engine or screen reader would) carries every name exactly, whatever the
 * script or length, and which survives a broken logo.
 */

const A4_LANDSCAPE = { width: 841.89, height: 595.28 };

describe('a certificate', () => {
	it('is one A4 landscape page with every element and its metadata', async () => {
		const input = sampleInput();
		const pdf = await readPdf(await renderCertificatePdf(input));
		expect(pdf.pages).toBe(1);
		expect(pdf.width).toBeCloseTo(A4_LANDSCAPE.width, 1);
		expect(pdf.height).toBeCloseTo(A4_LANDSCAPE.height, 1);
		for (const text of [
			input.title,
			input.intro,
			input.holderName,
			'Dana Abenova',
			'Programme Director',
			'John Smith',
			'Head of Academic Affairs',
			input.issuedLine,
			`${input.serialLabel}: ${input.serial}`,
			input.verifyLabel,
			input.verifyUrl
		]) {
			expect(pdf.text).toContain(text);
		}
		// The body is wrapped over lines: each word is there, in order.
		expect(pdf.text.replace(/\s+/g, '')).toContain(input.body.replace(/\s+/g, ''));
		// The QR code and the printed address both link to the verification page.
		expect(pdf.links).toEqual([input.verifyUrl, input.verifyUrl]);
		expect(pdf.info).toMatchObject({
			Title: `${input.title} — ${input.holderName}`,
			Author: input.issuerName,
			Subject: input.courseTitle,
			Language: 'en'
		});
	});

	it('declares its language', async () => {
		const pdf = await readPdf(await renderCertificatePdf(sampleInput({ locale: 'ru' })));
		expect(pdf.info.Language).toBe('ru');
	});

	it('is the same bytes for the same input and date', async () => {
		const createdAt = new Date('2026-11-27T10:00:00Z');
		const a = await renderCertificatePdf(sampleInput(), { createdAt });
		const b = await renderCertificatePdf(sampleInput(), { createdAt });
		expect(a.equals(b)).toBe(true);
	});

	it('still renders with colours that are not #RRGGBB', async () => {
		const pdf = await readPdf(await renderCertificatePdf(sampleInput({ primaryColour: 'red; evil', accentColour: '' })));
		expect(pdf.pages).toBe(1);
		expect(pdf.text).toContain('Aigerim Seitkali');
	});
});

describe('holder names', () => {
	const names = {
		russian: 'Екатерина Сергеевна Ёлкина-Щукина',
		kazakh: 'Әлихан Ғабитұлы Қуаңышұлы',
		kazakh2: 'Өмірзақ Ұлықбек Үсенов Һәкім Ілияс',
		kazakhLetters: 'ә ғ қ ң ө ұ ү һ і Ә Ғ Қ Ң Ө Ұ Ү Һ І',
		tajik: 'Ҷамшед Ҳусейнӣ Рӯзиев Ӯлмас Ӣсоев',
		tajikLetters: 'ӣ ӯ ҳ ҷ Ӣ Ӯ Ҳ Ҷ',
		uzbek: 'Oʻgʻiloy Gʻulomova Shoʼira Maʼmurova',
		uzbekLetters: 'oʻ gʻ ʼ Oʻ Gʻ'
	};
	// Each on one line, so it is one text item: the name as a search or a screen reader gets it.
	for (const [label, name] of Object.entries(names)) {
		it(`appear exactly: ${label}`, async () => {
			const pdf = await readPdf(await renderCertificatePdf(sampleInput({ holderName: name })));
			expect(pdf.pages).toBe(1);
			expect(pdf.items).toContain(name);
		});
	}

	it('read back exactly in every document of a batch (fonts are shared between documents)', async () => {
		// "ӯ" and "һ" are built from the glyphs of "y" and "h": embedding them must not spoil
		// how the next document's "y" and "h" read.
		for (const name of ['Рӯзиев Һәкім', 'Yusuf Shohruh', 'Ӯлмас Һ', 'Hayoti Yoqubov']) {
			const pdf = await readPdf(await renderCertificatePdf(sampleInput({ holderName: name })));
			expect(pdf.items).toContain(name);
		}
	});

	it('in scripts DejaVu lacks still give a valid one-page PDF, with a replacement mark', async () => {
		const name = '山田 😀 Ярослав 👍🏽 محمد علی';
		const pdf = await readPdf(await renderCertificatePdf(sampleInput({ holderName: name })));
		expect(pdf.pages).toBe(1);
		expect(pdf.text).toContain('Ярослав');
		expect(pdf.text).toContain('😀'); // DejaVu Sans has it
		// 山, 田 and 👍 have no glyph in any DejaVu face; the skin-tone modifier is dropped, not boxed.
		expect(pdf.text.match(/\uFFFD/g)).toHaveLength(3);
		expect(pdf.text).toContain('محمد'); // from DejaVu Sans
		expect(pdf.text).toContain('Check this certificate at');
	});

	it('of 300 characters fit the one page, with everything else still there', async () => {
		const name = Array.from({ length: 30 }, (_, i) => `Name${i}abcd`).join(' ').slice(0, 300);
		expect(name).toHaveLength(300);
		const input = sampleInput({ holderName: name });
		const pdf = await readPdf(await renderCertificatePdf(input));
		expect(pdf.pages).toBe(1);
		expect(pdf.text.replace(/\s+/g, '')).toContain(name.replace(/\s+/g, ''));
		expect(pdf.text).toContain(input.verifyUrl);
		expect(pdf.text).toContain(input.serial);
	});

	it('with no spaces at all are cut between letters rather than overflow', async () => {
		const name = 'Ж'.repeat(300);
		const pdf = await readPdf(await renderCertificatePdf(sampleInput({ holderName: name })));
		expect(pdf.pages).toBe(1);
		expect(pdf.text).toContain('ЖЖЖЖЖЖЖЖЖЖ');
	});
});

describe('too much text everywhere', () => {
	it('is shrunk or cut, still one page, with at most three signatories', async () => {
		const long = (word: string, n: number) => Array.from({ length: n }, () => word).join(' ');
		const input = sampleInput({
			title: long('Сертификат', 60),
			intro: long('certifies', 40),
			holderName: long('Name', 120),
			body: `${long('body', 800)}\n${long('more', 200)}\n\n${long('end', 100)}`,
			signatories: Array.from({ length: 5 }, (_, i) => ({ name: `Signer${i} ${long('x', 40)}`, title: long('title', 80) })),
			issuedLine: long('issued', 80),
			verifyLabel: long('check', 80),
			issuerName: long('Issuer', 60)
		});
		const pdf = await readPdf(await renderCertificatePdf(input));
		expect(pdf.pages).toBe(1);
		expect(pdf.text).toContain('Signer0');
		expect(pdf.text).toContain('Signer2');
		expect(pdf.text).not.toContain('Signer3');
		expect(pdf.text).toContain('…');
		expect(pdf.text).toContain(input.verifyUrl);
		expect(pdf.text).toContain(input.serial);
	});

	it('or nothing at all still renders', async () => {
		const pdf = await readPdf(
			await renderCertificatePdf(
				sampleInput({ title: '', intro: '', holderName: '', body: '', signatories: [], issuedLine: '', verifyLabel: '', issuerName: '' })
			)
		);
		expect(pdf.pages).toBe(1);
		expect(pdf.text).toContain('BLM-2026-000123');
	});
});

describe('the logo', () => {
	it('is embedded when it is a good PNG (with alpha) or JPEG', async () => {
		const png = rgbaPng({ width: 120, height: 40 });
		const withPng = await renderCertificatePdf(sampleInput({ logo: { data: png, contentType: 'image/png' } }));
		expect(imageCount(withPng)).toBeGreaterThanOrEqual(1);
		const withJpeg = await renderCertificatePdf(sampleInput({ logo: { data: TINY_JPEG, contentType: 'image/jpeg' } }));
		expect(imageCount(withJpeg)).toBe(1);
		expect((await readPdf(withPng)).pages).toBe(1);
		expect((await readPdf(withJpeg)).pages).toBe(1);
	});

	const broken: Record<string, Uint8Array> = {
		'random bytes': Uint8Array.from({ length: 500 }, (_, i) => (i * 7919) % 256),
		empty: new Uint8Array(),
		'a PNG cut short': rgbaPng({ width: 120, height: 40 }).subarray(0, 60),
		'a PNG with a corrupt zlib stream': rgbaPng({ width: 120, height: 40, idat: (real) => Buffer.concat([real.subarray(0, 10), Buffer.alloc(real.length - 10, 0xab)]) }),
		'a PNG with too little pixel data': rgbaPng({ width: 120, height: 40, raw: (real) => real.subarray(0, real.length / 2) }),
		'a PNG with a bad filter byte': rgbaPng({ width: 120, height: 40, raw: (real) => Buffer.concat([Buffer.from([9]), real.subarray(1)]) }),
		'a huge PNG': rgbaPng({ width: 5000, height: 1000 }),
		'a JPEG header only': TINY_JPEG.subarray(0, 30),
		'PNG bytes labelled JPEG': rgbaPng({ width: 4, height: 4 }).subarray(0, 40)
	};
	for (const [label, data] of Object.entries(broken)) {
		it(`is left out, without breaking the PDF, when it is ${label}`, async () => {
			const result = await renderCertificatePdf(sampleInput({ logo: { data, contentType: 'image/png' } }));
			const pdf = await readPdf(result);
			expect(pdf.pages).toBe(1);
			expect(imageCount(result)).toBe(0);
			expect(pdf.text).toContain('Aigerim Seitkali');
			// Without a logo the issuer's name heads the page instead.
			expect(pdf.text).toContain('BILIM FOUNDATION');
		});
	}
});
