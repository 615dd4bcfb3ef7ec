import { describe, expect, it } from 'vitest';
import { linkedInAddToProfileUrl, telegramShareUrl, whatsappShareUrl } from '../../../src/lib/server/certificates/share';

const verify = 'https://bilim.example.org/verify/abcdefghijklmnopqrstuvwx';

describe('share links', () => {
	it('LinkedIn: opens "Add to profile" with the certification filled in, Cyrillic intact', () => {
		const link = linkedInAddToProfileUrl({
			name: 'Лидерство в НКО: основы',
			organisationName: 'Фонд «Білім» & Co',
			issuedAt: new Date('2026-11-27T20:30:00Z'),
			certUrl: verify,
			certId: 'BLM-2026-000123'
		});
		const url = new URL(link);
		expect(url.origin + url.pathname).toBe('https://www.linkedin.com/profile/add');
		expect(Object.fromEntries(url.searchParams)).toEqual({
			startTask: 'CERTIFICATION_NAME',
			name: 'Лидерство в НКО: основы',
			organizationName: 'Фонд «Білім» & Co',
			issueYear: '2026',
			issueMonth: '11',
			certUrl: verify,
			certId: 'BLM-2026-000123'
		});
		// Every value is percent-encoded: no raw Cyrillic, spaces or ampersands in the link.
		expect(link).not.toMatch(/[\u0400-\u04ff +]/);
		expect(link).toContain('organizationName=%D0%A4%D0%BE%D0%BD%D0%B4%20');
		expect(link).toContain(`certUrl=${encodeURIComponent(verify)}`);
	});

	it('LinkedIn: the issue month is the UTC one (January is 1)', () => {
		const url = new URL(
			linkedInAddToProfileUrl({ name: 'C', organisationName: 'O', issuedAt: new Date('2027-01-01T00:00:00Z'), certUrl: verify, certId: 'X' })
		);
		expect(url.searchParams.get('issueYear')).toBe('2027');
		expect(url.searchParams.get('issueMonth')).toBe('1');
	});

	it('Telegram: the link and the text, both encoded', () => {
		const text = 'Я завершила курс «Қазақ тілі» — сертификат BLM-2026-000123';
		const link = telegramShareUrl(verify, text);
		const url = new URL(link);
		expect(url.origin + url.pathname).toBe('https://t.me/share/url');
		expect(url.searchParams.get('url')).toBe(verify);
		expect(url.searchParams.get('text')).toBe(text);
		expect(link).toContain('%D0%AF%20'); // "Я " with the space as %20, never '+'
		expect(link).not.toMatch(/[\u0400-\u04ff +]/);
	});

	it('WhatsApp: one prepared message', () => {
		const text = `Сертификат: ${verify}?a=1&b=2`;
		const link = whatsappShareUrl(text);
		const url = new URL(link);
		expect(url.origin + url.pathname).toBe('https://wa.me/');
		expect([...url.searchParams.keys()]).toEqual(['text']);
		expect(url.searchParams.get('text')).toBe(text);
	});
});
