import { describe, expect, it } from 'vitest';
import { parseDirectorySearch } from '../../../src/lib/schemas/directory-search';

const parse = (query: string) => parseDirectorySearch(new URLSearchParams(query));

describe('parseDirectorySearch', () => {
	it('reads every field of the address', () => {
		expect(parse('q=water+governance&country=UZ&country=kz&area=iwrm&network=calp-alumni&year=2025&language=ru&mentoring=1&sort=name&page=3')).toEqual({
			q: 'water governance',
			country: ['UZ', 'KZ'],
			area: ['iwrm'],
			network: ['calp-alumni'],
			year: [2025],
			language: ['ru'],
			mentoring: true,
			sort: 'name',
			page: 3
		});
	});

	it('gives the defaults for an empty address', () => {
		expect(parse('')).toEqual({ q: '', country: [], area: [], network: [], year: [], language: [], mentoring: false, sort: 'relevance', page: 1 });
	});

	it('never refuses a search: unknown values are dropped, repeats kept once, the rest defaulted', () => {
		const s = parse(
			'q=' + 'x'.repeat(500) + '&country=XX&country=UZ&country=uz&area=astrology&area=waste&network=Bad Slug!&network=ok-one&year=99&year=abcd&year=2024&year=2024&language=klingon&language=en&mentoring=nope&sort=random&page=-4'
		);
		expect(s.q).toHaveLength(200);
		expect(s.country).toEqual(['UZ']);
		expect(s.area).toEqual(['waste']);
		expect(s.network).toEqual(['ok-one']);
		expect(s.year).toEqual([2024]);
		expect(s.language).toEqual(['en']);
		expect(s.mentoring).toBe(false);
		expect(s.sort).toBe('relevance');
		expect(s.page).toBe(1);
	});

	it('collapses white space in the query and caps the number of choices', () => {
		const many = Array.from({ length: 80 }, (_, i) => `network=n${i}`).join('&');
		const s = parse(`q=%20%20water%0A%09basin%20&${many}&page=abc`);
		expect(s.q).toBe('water basin');
		expect(s.network).toHaveLength(50);
		expect(s.page).toBe(1);
	});
});
