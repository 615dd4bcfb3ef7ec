import { describe, expect, it } from 'vitest';
import { csvCell, toCsv } from '../../../src/lib/server/csv';

describe('CSV for spreadsheets', () => {
	it('starts with a byte-order mark and ends every line with CRLF', () => {
		const csv = toCsv(['Name', 'Country'], [['Айгерим', 'KZ'], ['Bob', 'KG']]);
		expect(csv.charCodeAt(0)).toBe(0xfeff);
		expect(csv.slice(1)).toBe('Name,Country\r\nАйгерим,KZ\r\nBob,KG\r\n');
		// Encoded as UTF-8, the mark is the three bytes Excel looks for.
		expect([...new TextEncoder().encode(csv).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
	});

	it('quotes cells with commas, quotes and line breaks (RFC 4180)', () => {
		expect(csvCell('Water, land')).toBe('"Water, land"');
		expect(csvCell('The "best" cohort')).toBe('"The ""best"" cohort"');
		expect(csvCell('two\nlines')).toBe('"two\nlines"');
		expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
		expect(csvCell('plain')).toBe('plain');
	});

	it('writes empty cells for null and undefined, numbers as they are', () => {
		expect(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, 0, 4.5]]).slice(1)).toBe('a,b,c,d\r\n,,0,4.5\r\n');
		expect(csvCell(-2)).toBe('-2');
		expect(csvCell(Number.NaN)).toBe('');
	});

	it('neutralises cells a spreadsheet would run as formulas', () => {
		for (const evil of ['=1+1', '+1', '-1', '@SUM(A1)', '\tcmd', '\rcmd']) {
			expect(csvCell(evil).replace(/^"/, '')).toMatch(/^'/);
		}
		expect(csvCell('=HYPERLINK("http://x","y")')).toBe(`"'=HYPERLINK(""http://x"",""y"")"`);
		expect(csvCell('\rcmd')).toBe(`"'\rcmd"`);
		// Only the start counts.
		expect(csvCell('a=b')).toBe('a=b');
		expect(csvCell('Jean-Luc')).toBe('Jean-Luc');
	});

	it('neutralises headers too', () => {
		expect(toCsv(['=x'], []).slice(1)).toBe("'=x\r\n");
	});
});
