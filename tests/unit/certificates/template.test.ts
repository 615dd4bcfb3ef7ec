import { describe, expect, it } from 'vitest';
import {
	parseTemplateForm,
	templateFormValues,
	TemplateInputSchema,
	unknownPlaceholders
} from '../../../src/lib/schemas/certificates';
import {
	BUILTIN_TEMPLATE,
	buildPdfInput,
	fillText,
	formatCertificateDate,
	formatGrade,
	formatHours,
	sampleFacts,
	type ResolvedTemplate
} from '../../../src/lib/server/certificates/template';

/** A form as a browser sends it. */
const form = (entries: Record<string, string>) => {
	const f = new FormData();
	for (const [k, v] of Object.entries(entries)) f.append(k, v);
	return f;
};

const VALID = templateFormValues({ ...BUILTIN_TEMPLATE, signatories: [] });

describe('filling placeholders', () => {
	const values = { name: 'Әлия', course: 'Drip irrigation', cohort: 'Spring 2026', start: '2 March 2026', end: '29 May 2026', hours: '', grade: null };

	it('replaces every placeholder on a line', () => {
		expect(fillText('{name} completed {course} in {cohort}', values)).toBe('Әлия completed Drip irrigation in Spring 2026');
	});

	it('leaves out a line in which any placeholder has no value, and keeps the rest', () => {
		const body = 'has completed “{course}”\n({hours} hours)\nin {cohort}, {start} – {end}\nwith a grade of {grade}';
		expect(fillText(body, values)).toBe('has completed “Drip irrigation”\nin Spring 2026, 2 March 2026 – 29 May 2026');
		expect(fillText('in {cohort}, {start} – {end}', { ...values, end: '  ' })).toBe('');
	});

	it('keeps lines without placeholders, blank ones too', () => {
		expect(fillText('One\n\nTwo {course}', values)).toBe('One\n\nTwo Drip irrigation');
	});

	it('does not fill placeholders inside a value (a name that looks like one stays as typed)', () => {
		expect(fillText('{name}: {course}', { name: '{course}', course: 'X' })).toBe('{course}: X');
	});

	it('keeps text it does not know as a placeholder as written', () => {
		expect(fillText('Dear {nmae}, {name}', values)).toBe('Dear {nmae}, Әлия');
		expect(fillText('a { b } {}', values)).toBe('a { b } {}');
	});
});

describe('finding unknown placeholders', () => {
	it('names each unknown placeholder once, in any script', () => {
		expect(unknownPlaceholders('{name} {nmae} {имя} {nmae} {Name}')).toEqual(['{nmae}', '{имя}', '{Name}']);
		expect(unknownPlaceholders('{name} {course} {cohort} {start} {end} {hours} {grade} {date} {issuer} {serial}')).toEqual([]);
		expect(unknownPlaceholders('braces { like this } or {} are text')).toEqual([]);
	});
});

describe('the template form', () => {
	it('accepts the built-in template as it is', () => {
		const result = parseTemplateForm(form(VALID));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.texts.en).toEqual(BUILTIN_TEMPLATE.texts.en);
		expect(result.data.texts.ru).toEqual(BUILTIN_TEMPLATE.texts.ru);
		expect(result.data.autoIssue).toBe(true);
		expect(result.data.removeLogo).toBe(false);
		expect(result.data.signatories).toEqual([]);
	});

	it('normalises line breaks, spaces and colours', () => {
		const result = parseTemplateForm(
			form({ ...VALID, enBody: '  Line one\r\nLine {course}\r\n', primaryColour: ' #AABBCC ', autoIssue: '', signatory2Name: '  Dana   Ospanova ', signatory2Title: 'Director' })
		);
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.data.texts.en.body).toBe('Line one\nLine {course}');
		expect(result.data.primaryColour).toBe('#aabbcc');
		expect(result.data.autoIssue).toBe(false);
		expect(result.data.signatories).toEqual([{ name: 'Dana Ospanova', title: 'Director' }]);
	});

	it('names an unknown placeholder beside its field', () => {
		const result = parseTemplateForm(form({ ...VALID, ruBody: 'завершил(а) курс {курс}', enTitle: 'Hi {nmae}' }));
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.ruBody).toBe('error_cert_tpl_unknown_placeholder');
		expect(result.params.ruBody).toEqual({ placeholder: '{курс}' });
		expect(result.errors.enTitle).toBe('error_cert_tpl_unknown_placeholder');
		expect(result.params.enTitle).toEqual({ placeholder: '{nmae}' });
		expect(result.values.ruBody).toBe('завершил(а) курс {курс}');
	});

	it('requires a title and a body in each language, and limits their length', () => {
		const result = parseTemplateForm(
			form({ ...VALID, enTitle: '   ', ruBody: '', enIntro: 'x'.repeat(201), ruTitle: 'я'.repeat(121), enBody: 'b'.repeat(2001) })
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors).toMatchObject({
			enTitle: 'error_required',
			ruBody: 'error_required',
			enIntro: 'error_too_long',
			ruTitle: 'error_too_long',
			enBody: 'error_too_long'
		});
		// what was typed comes back whole, to be corrected rather than typed again
		expect(result.values.enBody).toHaveLength(2001);
	});

	it('allows an empty line above the name', () => {
		const result = parseTemplateForm(form({ ...VALID, ruIntro: '' }));
		expect(result.ok).toBe(true);
	});

	it('skips empty signatory rows and refuses a position without a name', () => {
		const ok = parseTemplateForm(form({ ...VALID, signatory1Name: 'A', signatory3Name: 'C', signatory3Title: 'Dean' }));
		expect(ok.ok && ok.data.signatories).toEqual([
			{ name: 'A', title: '' },
			{ name: 'C', title: 'Dean' }
		]);
		const bad = parseTemplateForm(form({ ...VALID, signatory2Title: 'Director', signatory3Name: 'n'.repeat(101) }));
		expect(bad.ok).toBe(false);
		if (bad.ok) return;
		expect(bad.errors.signatory2Name).toBe('error_cert_tpl_signatory_name_required');
		expect(bad.errors.signatory3Name).toBe('error_too_long');
	});

	it('refuses colours that are not #rrggbb', () => {
		for (const colour of ['red', '#abc', '#12345g', '', '#1234567']) {
			const result = parseTemplateForm(form({ ...VALID, accentColour: colour }));
			expect(result.ok ? 'ok' : result.errors.accentColour).toBe('error_cert_tpl_colour');
		}
	});

	it('allows at most three signatories in the nested input', () => {
		const input = { ...BUILTIN_TEMPLATE, signatories: Array.from({ length: 4 }, (_, i) => ({ name: `P${i}`, title: '' })) };
		const result = TemplateInputSchema.safeParse(input);
		expect(result.success).toBe(false);
		expect(result.error?.issues[0]?.message).toBe('error_cert_tpl_too_many_signatories');
	});
});

describe('the PDF input', () => {
	const template: ResolvedTemplate = {
		scope: 'builtin',
		autoIssue: true,
		texts: BUILTIN_TEMPLATE.texts,
		signatories: [{ name: 'Dana Ospanova', title: 'Director' }],
		primaryColour: '#0b5d55',
		accentColour: '#b8892b',
		logo: null,
		hasLogo: false,
		cacheKey: 'builtin:1'
	};
	const facts = sampleFacts('en', {
		courseTitle: 'Drip irrigation',
		cohortName: 'Spring 2026',
		startsOn: '2026-03-02',
		endsOn: '2026-05-29',
		hours: 36,
		finalGrade: 87,
		issuedAt: new Date('2026-11-27T10:00:00Z'),
		serial: 'BLM-2026-000123',
		issuerName: 'Water Academy',
		verifyUrl: 'https://bilim.example/verify/abcdefghijklmnopqrstuvwx'
	});

	it('fills the built-in English text', () => {
		const input = buildPdfInput(template, 'en', facts);
		expect(input.title).toBe('Certificate of completion');
		expect(input.intro).toBe('This certifies that');
		expect(input.holderName).toBe('Әлия Қасымқызы Нұрланова');
		expect(input.body).toBe(
			'has completed the course “Drip irrigation”\n(36 hours of learning)\nin the cohort Spring 2026, 2 March 2026 – 29 May 2026\nwith a final grade of 87\u00a0%'
		);
		expect(input.issuedLine).toBe('Issued on 27 November 2026');
		expect(input.serialLabel).toBe('Serial');
		expect(input).toMatchObject({ serial: 'BLM-2026-000123', issuerName: 'Water Academy', courseTitle: 'Drip irrigation', locale: 'en' });
		expect(input.signatories).toEqual(template.signatories);
	});

	it('fills the built-in Russian text with Russian dates and numbers', () => {
		const input = buildPdfInput(template, 'ru', { ...facts, hours: 1.5, finalGrade: 92.25 });
		expect(input.title).toBe('Сертификат об окончании курса');
		expect(input.body).toBe(
			'успешно завершил(а) курс «Drip irrigation»\n(объём — 1,5 ч.)\nв группе «Spring 2026», 2 марта 2026 г. – 29 мая 2026 г.\nс итоговой оценкой 92,3\u00a0%'
		);
		expect(input.issuedLine).toContain('27 ноября 2026');
		expect(input.serialLabel).toBe('Номер');
	});

	it('reads well for a course without cohort, hours or grade', () => {
		const input = buildPdfInput(template, 'en', { ...facts, cohortName: null, startsOn: null, endsOn: null, hours: 0, finalGrade: null });
		expect(input.body).toBe('has completed the course “Drip irrigation”');
	});

	it('formats dates, hours and grades for the language', () => {
		expect(formatCertificateDate('2026-11-27', 'en')).toBe('27 November 2026');
		expect(formatCertificateDate('2026-11-27', 'ru')).toBe('27 ноября 2026 г.');
		// the day of issue is read in the cohort's zone when given
		expect(formatCertificateDate(new Date('2026-11-27T20:00:00Z'), 'en', 'Asia/Almaty')).toBe('28 November 2026');
		expect(formatHours(40, 'en')).toBe('40');
		expect(formatHours(12.5, 'ru')).toBe('12,5');
		expect(formatHours(0, 'en')).toBe('');
		expect(formatGrade(87, 'en')).toBe('87\u00a0%');
		expect(formatGrade(0, 'en')).toBe('0\u00a0%');
		expect(formatGrade(null, 'en')).toBe('');
	});

	it('gives a sample learner with a Kazakh name for previews', () => {
		const sample = sampleFacts('ru');
		expect(sample.holderName).toMatch(/[ӘҚҰ]/u);
		expect(sample.courseTitle).toBe('Интегрированное управление водными ресурсами');
	});
});
