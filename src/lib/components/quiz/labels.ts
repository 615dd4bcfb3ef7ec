import * as m from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';

/** Words and numbers of the quiz pages, in the reader's language. */

type Status = 'correct' | 'partial' | 'incorrect' | 'unanswered';

const STATUS: Record<Status, () => string> = {
	correct: m.quiz_status_correct,
	partial: m.quiz_status_partial,
	incorrect: m.quiz_status_incorrect,
	unanswered: m.quiz_status_unanswered
};
export const statusName = (status: Status) => STATUS[status]();

const numbers = new Map<string, Intl.NumberFormat>();
/** 2, 1.33, 0.5 in the reader's way of writing numbers (up to two decimals, as graded). */
export function formatNumber(n: number): string {
	const locale = getLocale();
	let format = numbers.get(locale);
	if (!format) numbers.set(locale, (format = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 })));
	return format.format(n);
}

/** "85 %" or "85%", as the reader's language writes it. */
export const formatPercent = (n: number) => m.quiz_percent({ percent: formatNumber(n) });

/** Whole minutes left, rounded up: "1 min" until the last second. */
export const minutesLeft = (seconds: number) => Math.ceil(seconds / 60);

export const trueFalseName = (value: string | null) => (value === 'true' ? m.quiz_true() : value === 'false' ? m.quiz_false() : '');
