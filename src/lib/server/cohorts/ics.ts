import type { SessionKind } from '../db/schema';

/**
 * A cohort's sessions as an iCalendar file (RFC 5545), for calendar programs: one VEVENT per
 * session, with a UID that stays the same for the session (so importing the file again
 * updates events instead of doubling them), times in UTC ('Z'), text escaped, lines folded
 * at 75 octets and ended with CRLF. Pure: the route loads the sessions.
 */

export interface CalendarSession {
	id: string;
	title: string;
	description: string;
	kind: SessionKind;
	url: string | null;
	place: string | null;
	startsAt: Date;
	endsAt: Date;
}

export interface CalendarInput {
	/** the calendar's name, shown by calendar programs (the cohort's name) */
	name: string;
	/** the cohort's page, absolute */
	cohortUrl: string;
	sessions: CalendarSession[];
	/** DTSTAMP: when the file was made */
	now: Date;
}

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and line breaks. */
export function escapeText(text: string): string {
	return stripControls(text.replace(/\r\n?/g, '\n'))
		.replace(/\\/g, '\\\\')
		.replace(/;/g, '\\;')
		.replace(/,/g, '\\,')
		.replace(/\n/g, '\\n');
}

/** Control characters are not allowed in values (tab and, before escaping, line feed are). */
function stripControls(text: string): string {
	return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

function octets(codePoint: number): number {
	return codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
}

/**
 * Folds a content line (RFC 5545 3.1): no physical line longer than 75 octets, continuation
 * lines starting with one space, and never a break inside a UTF-8 sequence (whole code points
 * move to the next line).
 */
export function foldLine(line: string): string {
	const out: string[] = [];
	let current = '';
	let size = 0;
	for (const char of line) {
		const n = octets(char.codePointAt(0)!);
		const limit = out.length === 0 ? MAX_OCTETS : MAX_OCTETS - 1;
		if (size + n > limit) {
			out.push(current);
			current = '';
			size = 0;
		}
		current += char;
		size += n;
	}
	out.push(current);
	return out.join(`${CRLF} `);
}

/** 20261127T090000Z */
export function icsDateTime(date: Date): string {
	return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function property(name: string, value: string): string {
	return foldLine(`${name}:${value}`);
}

/** A URI value is not TEXT: no escaping, but nothing that could break the line. */
function uri(value: string): string {
	return stripControls(value).replace(/[\n\t]/g, '');
}

export function buildCalendar(input: CalendarInput): string {
	const host = hostOf(input.cohortUrl);
	const lines = [
		'BEGIN:VCALENDAR',
		'VERSION:2.0',
		'PRODID:-//Bilim//Cohort schedule//EN',
		'CALSCALE:GREGORIAN',
		'METHOD:PUBLISH',
		property('X-WR-CALNAME', escapeText(input.name))
	];
	const stamp = icsDateTime(input.now);
	for (const s of input.sessions) {
		const online = s.kind === 'online' && s.url;
		const location = s.kind === 'in_person' ? s.place : s.url;
		const description = [s.description.trim(), online ? s.url : '', input.cohortUrl].filter(Boolean).join('\n\n');
		lines.push(
			'BEGIN:VEVENT',
			property('UID', `session-${s.id}@${host}`),
			`DTSTAMP:${stamp}`,
			`DTSTART:${icsDateTime(s.startsAt)}`,
			`DTEND:${icsDateTime(s.endsAt)}`,
			property('SUMMARY', escapeText(s.title)),
			property('DESCRIPTION', escapeText(description)),
			...(location ? [property('LOCATION', escapeText(location))] : []),
			property('URL', uri(online ? s.url! : input.cohortUrl)),
			'END:VEVENT'
		);
	}
	lines.push('END:VCALENDAR');
	return lines.join(CRLF) + CRLF;
}

function hostOf(url: string): string {
	try {
		return new URL(url).host || 'bilim';
	} catch {
		return 'bilim';
	}
}
