import { describe, expect, it } from 'vitest';
import { fromAcceptLanguage, pickLocale } from '../../../src/lib/i18n/negotiate';

describe('choosing the interface language', () => {
	it('prefers the profile, then the cookie, then Accept-Language', () => {
		expect(pickLocale({ profile: 'ru', cookie: 'en', acceptLanguage: 'en' })).toBe('ru');
		expect(pickLocale({ profile: null, cookie: 'ru', acceptLanguage: 'en' })).toBe('ru');
		expect(pickLocale({ acceptLanguage: 'ru-RU,ru;q=0.9,en;q=0.8' })).toBe('ru');
		expect(pickLocale({})).toBe('en');
	});

	it('ignores unknown values', () => {
		expect(pickLocale({ profile: 'fr', cookie: '<script>', acceptLanguage: 'de' })).toBe('en');
	});

	it('respects quality values', () => {
		expect(fromAcceptLanguage('en;q=0.5, ru;q=0.9')).toBe('ru');
		expect(fromAcceptLanguage('ru;q=0, en')).toBe('en');
	});

	it('gives Russian to readers of the region\'s other languages', () => {
		expect(fromAcceptLanguage('kk-KZ')).toBe('ru');
		expect(fromAcceptLanguage('uz, en;q=0.5')).toBe('ru');
		expect(fromAcceptLanguage('fr')).toBeUndefined();
	});

	it('copes with a hostile header', () => {
		expect(fromAcceptLanguage(';;;,,,q=abc')).toBeUndefined();
		expect(fromAcceptLanguage('x'.repeat(10_000))).toBeUndefined();
	});
});
