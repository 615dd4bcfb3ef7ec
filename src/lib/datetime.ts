/**
 * Dates and times in a cohort's time zone. Times are stored as instants (timestamptz);
 * people type and read them as wall-clock time where the cohort meets (e.g. Asia/Almaty).
 * Shared by server and browser: Intl only, no library.
 */

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidTimeZone(timeZone: string): boolean {
	if (!timeZone || timeZone.length > 64) return false;
	try {
		formatter('en', { timeZone }, 'check');
		return true;
	} catch {
		return false;
	}
}

/** 'YYYY-MM-DD' that names a real calendar day. */
export function isValidDate(ymd: string): boolean {
	const m = DATE_PATTERN.exec(ymd);
	if (!m) return false;
	const [y, mo, day] = m.slice(1).map(Number) as [number, number, number];
	const d = new Date(Date.UTC(y, mo - 1, day));
	return d.getUTCFullYear() === y && d.getUTCMonth() === mo - 1 && d.getUTCDate() === day;
}

/**
 * Building an Intl.DateTimeFormat costs ~100 µs, formatting with one ~1 µs: formatters are
 * kept per (locale, zone, style). The key space is small (two languages, the zones in use).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions & { timeZone: string }, style: string) {
	const key = `${locale}|${options.timeZone}|${style}`;
	let f = formatters.get(key);
	if (!f) {
		if (formatters.size > 500) formatters.clear();
		f = new Intl.DateTimeFormat(locale, options);
		formatters.set(key, f);
	}
	return f;
}

/** The wall-clock parts of an instant in a zone. */
function partsInZone(date: Date, timeZone: string) {
	const f = formatter(
		'en-US',
		{
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit'
		},
		'parts'
	);
	const p: Record<string, number> = {};
	for (const part of f.formatToParts(date)) if (part.type !== 'literal') p[part.type] = Number(part.value);
	return p as { year: number; month: number; day: number; hour: number; minute: number; second: number };
}

/** Minutes the zone is ahead of UTC at that instant. */
function offsetMinutes(date: Date, timeZone: string): number {
	const p = partsInZone(date, timeZone);
	const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
	return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

/**
 * 'YYYY-MM-DDTHH:mm' (a datetime-local input) read in `timeZone` → the instant, or null when
 * the text is not such a time. A time skipped by a daylight-saving jump moves forward.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date | null {
	const m = LOCAL_PATTERN.exec(local.trim());
	if (!m || !isValidTimeZone(timeZone)) return null;
	const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
	if (!isValidDate(local.trim().slice(0, 10)) || h > 23 || mi > 59) return null;
	const wall = Date.UTC(y, mo - 1, d, h, mi);
	// Two passes settle the offset, also across a daylight-saving change.
	let guess = wall - offsetMinutes(new Date(wall), timeZone) * 60000;
	guess = wall - offsetMinutes(new Date(guess), timeZone) * 60000;
	return new Date(guess);
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The instant as 'YYYY-MM-DDTHH:mm' in `timeZone`: the value for a datetime-local input. */
export function utcToZonedLocal(date: Date | string | null | undefined, timeZone: string): string {
	if (!date) return '';
	const p = partsInZone(new Date(date), timeZone);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}`;
}

/** The calendar day ('YYYY-MM-DD') of an instant in a zone. */
export function dayInZone(date: Date | string, timeZone: string): string {
	const p = partsInZone(new Date(date), timeZone);
	return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** "27 Nov 2026, 14:00" in the reader's language and the cohort's zone. */
export function formatDateTime(date: Date | string, locale: string, timeZone: string): string {
	return formatter(locale, { timeZone, dateStyle: 'medium', timeStyle: 'short' }, 'datetime').format(new Date(date));
}

/** "27 Nov 2026": the calendar day of an instant in the reader's language and the cohort's zone. */
export function formatDate(date: Date | string, locale: string, timeZone: string): string {
	return formatter(locale, { timeZone, dateStyle: 'medium' }, 'date').format(new Date(date));
}

/** "14:00" in the reader's language and the cohort's zone. */
export function formatTime(date: Date | string, locale: string, timeZone: string): string {
	return formatter(locale, { timeZone, timeStyle: 'short' }, 'time').format(new Date(date));
}

/** A calendar date ('YYYY-MM-DD') in the reader's language, e.g. "27 Nov 2026". */
export function formatDay(ymd: string, locale: string): string {
	if (!isValidDate(ymd)) return ymd;
	const [y, mo, d] = ymd.split('-').map(Number) as [number, number, number];
	return formatter(locale, { timeZone: 'UTC', dateStyle: 'medium' }, 'day').format(new Date(Date.UTC(y, mo - 1, d)));
}

/** "UTC+05:00" for the zone at that instant, shown beside times so no one guesses. */
export function zoneLabel(timeZone: string, at: Date = new Date()): string {
	const off = offsetMinutes(at, timeZone);
	const sign = off < 0 ? '-' : '+';
	const abs = Math.abs(off);
	return `${timeZone} (UTC${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)})`;
}
