import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine, icsDateTime, type CalendarSession } from '../../../src/lib/server/cohorts/ics';

const bytes = (s: string) => new TextEncoder().encode(s).length;

/** Undoes folding (RFC 5545 3.1): a CRLF followed by one space joins the lines. */
const unfold = (text: string) => text.replace(/\r\n /g, '');

const session = (over: Partial<CalendarSession> = {}): CalendarSession => ({
	id: '0f8fad5b-d9cb-469f-a165-70867728950e',
	title: 'Kick-off',
	description: '',
	kind: 'online',
	url: 'https://meet.example.org/calp?room=1,2',
	place: null,
	startsAt: new Date('2026-12-01T04:00:00Z'),
	endsAt: new Date('2026-12-01T05:30:00Z'),
	...over
});

describe('escapeText', () => {
	it('escapes backslash, semicolon, comma and line breaks, in that order', () => {
		expect(escapeText('a\\b; c, d\ne\r\nf\rg')).toBe('a\\\\b\\; c\\, d\\ne\\nf\\ng');
	});
	it('drops control characters but keeps tabs and Cyrillic', () => {
		expect(escapeText('Встреча\u0007\tгруппы')).toBe('Встреча\tгруппы');
	});
});

describe('foldLine', () => {
	it('leaves a line of 75 octets alone', () => {
		const line = 'X'.repeat(75);
		expect(foldLine(line)).toBe(line);
	});
	it('folds longer lines so that no physical line passes 75 octets, continuation lines starting with a space', () => {
		const line = `DESCRIPTION:${'a'.repeat(200)}`;
		const folded = foldLine(line);
		const parts = folded.split('\r\n');
		expect(parts.length).toBe(3);
		for (const part of parts) expect(bytes(part)).toBeLessThanOrEqual(75);
		for (const part of parts.slice(1)) expect(part.startsWith(' ')).toBe(true);
		expect(unfold(folded)).toBe(line);
	});
	it('never splits a UTF-8 sequence (Cyrillic two-byte, emoji four-byte)', () => {
		const line = `SUMMARY:${'Ж'.repeat(60)}${'🙂'.repeat(20)}`;
		const folded = foldLine(line);
		for (const part of folded.split('\r\n')) {
			expect(bytes(part)).toBeLessThanOrEqual(75);
			// Each physical line is valid UTF-8 on its own: no lone surrogate, no cut character.
			expect(part).not.toMatch(/[\uD800-\uDFFF](?![\uDC00-\uDFFF])/u);
			expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(part))).toBe(part);
		}
		expect(unfold(folded)).toBe(line);
	});
});

describe('buildCalendar', () => {
	const now = new Date('2026-11-27T10:11:12.345Z');
	const text = buildCalendar({
		name: 'CALP 2026, pilot; group',
		cohortUrl: 'https://learn.example.org/cohorts/calp-pilot',
		now,
		sessions: [
			session(),
			session({
				id: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
				title: 'Поле; визит, день 1',
				description: 'Bring boots.\nMeet at the gate.',
				kind: 'in_person',
				url: null,
				place: 'Almaty, Abay Ave 10',
				startsAt: new Date('2026-12-10T03:00:00Z'),
				endsAt: new Date('2026-12-10T11:00:00Z')
			})
		]
	});
	const lines = unfold(text).split('\r\n');

	it('is a VCALENDAR of CRLF lines, each at most 75 octets, ending with CRLF', () => {
		expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
		expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
		for (const line of text.split('\r\n')) expect(bytes(line)).toBeLessThanOrEqual(75);
		expect(lines.slice(0, 2)).toEqual(['BEGIN:VCALENDAR', 'VERSION:2.0']);
		expect(lines).toContain('PRODID:-//Bilim//Cohort schedule//EN');
		expect(lines).toContain('X-WR-CALNAME:CALP 2026\\, pilot\\; group');
		expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(2);
	});

	it('gives each session a stable UID, a DTSTAMP and UTC times', () => {
		expect(lines).toContain('UID:session-0f8fad5b-d9cb-469f-a165-70867728950e@learn.example.org');
		expect(lines).toContain('DTSTAMP:20261127T101112Z');
		expect(lines).toContain('DTSTART:20261201T040000Z');
		expect(lines).toContain('DTEND:20261201T053000Z');
		expect(icsDateTime(new Date('2027-01-02T03:04:05Z'))).toBe('20270102T030405Z');
		const again = buildCalendar({ name: 'x', cohortUrl: 'https://learn.example.org/cohorts/x', now: new Date(), sessions: [session()] });
		expect(unfold(again)).toContain('UID:session-0f8fad5b-d9cb-469f-a165-70867728950e@learn.example.org');
	});

	it('writes online sessions with their link as location and URL, unescaped in URL', () => {
		expect(lines).toContain('LOCATION:https://meet.example.org/calp?room=1\\,2');
		expect(lines).toContain('URL:https://meet.example.org/calp?room=1,2');
	});

	it('writes in-person sessions with their place, escaped text and the cohort page as URL', () => {
		expect(lines).toContain('SUMMARY:Поле\\; визит\\, день 1');
		expect(lines).toContain('LOCATION:Almaty\\, Abay Ave 10');
		expect(lines).toContain('DESCRIPTION:Bring boots.\\nMeet at the gate.\\n\\nhttps://learn.example.org/cohorts/calp-pilot');
		expect(lines).toContain('URL:https://learn.example.org/cohorts/calp-pilot');
	});

	it('is an empty calendar when there are no sessions', () => {
		const empty = buildCalendar({ name: 'Empty', cohortUrl: 'https://x.example/cohorts/e', now, sessions: [] });
		expect(empty).not.toContain('VEVENT');
		expect(empty.endsWith('END:VCALENDAR\r\n')).toBe(true);
	});
});
