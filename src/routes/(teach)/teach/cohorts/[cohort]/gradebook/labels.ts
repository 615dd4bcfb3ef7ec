import * as m from '$lib/paraglide/messages.js';

/** The gradebook pages' names for statuses and kinds, and how they write percents. */

type Message = () => string;

const STATUS_NAMES: Record<string, Message> = {
	not_started: m.gradebook_status_not_started,
	in_progress: m.gradebook_status_in_progress,
	submitted: m.gradebook_status_submitted,
	graded: m.gradebook_status_graded,
	passed: m.gradebook_status_passed,
	failed: m.gradebook_status_failed,
	overridden: m.gradebook_status_overridden
};
export const gradeStatusName = (status: string) => STATUS_NAMES[status]?.() ?? status;

export const itemKindName = (kind: string) =>
	kind === 'quiz' ? m.gradebook_kind_quiz() : kind === 'h5p' ? m.gradebook_kind_h5p() : m.gradebook_kind_assignment();

// Building a NumberFormat costs far more than using one (a page formats hundreds).
const formats = new Map<string, Intl.NumberFormat>();
/** "82.5%" / "82,5 %" in the reader's language; "—" for none. */
export function formatPercent(value: number | null | undefined, locale: string): string {
	if (value === null || value === undefined) return '—';
	let format = formats.get(locale);
	if (!format) {
		format = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 2 });
		formats.set(locale, format);
	}
	return format.format(value / 100);
}
