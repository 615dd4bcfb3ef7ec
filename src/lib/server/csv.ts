/**
 * CSV for spreadsheet programs, the one way the app writes CSV (rosters, applications).
 *
 * - UTF-8 with a byte-order mark: without it Excel reads the file as the system's
 *   legacy code page and Cyrillic names turn into mojibake.
 * - CRLF line ends and RFC 4180 quoting: a cell with a comma, a quote or a line break is
 *   put in double quotes, inner quotes doubled.
 * - Formula injection neutralised (OWASP "CSV injection"): a cell that a spreadsheet
 *   would run as a formula (starting with = + - @, a tab or a carriage return) gets a
 *   leading apostrophe, so a learner named "=HYPERLINK(...)" stays text.
 */

export type CsvCell = string | number | null | undefined;

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

export function csvCell(value: CsvCell): string {
	if (value === null || value === undefined) return '';
	// Numbers are ours (counts, scores), never typed by a person: a negative one stays a number.
	if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
	let text = value;
	if (FORMULA_START.test(text)) text = `'${text}`;
	return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(headers: string[], rows: CsvCell[][]): string {
	const lines = [headers, ...rows].map((row) => row.map(csvCell).join(','));
	return BOM + lines.join('\r\n') + '\r\n';
}
