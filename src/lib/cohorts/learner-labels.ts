import * as m from '../paraglide/messages.js';
import { getLocale } from '../paraglide/runtime.js';
import { dayInZone, formatDateTime, formatDay, formatTime, zoneLabel } from '../datetime';

/**
 * How the learner's pages (cohort page, My learning, course page, lesson gate) name cohort
 * facts, in the reader's language. Times are always on the cohort's clock, with the zone.
 */

type Message = () => string;
const name = (names: Record<string, Message>) => (value: string) => names[value]?.() ?? value;

export const cohortStatusName = name({
	planned: m.cohort_status_planned,
	open: m.cohort_status_open,
	running: m.cohort_status_running,
	finished: m.cohort_status_finished
});

export const enrolmentModeName = name({
	open: m.cohort_mode_open,
	application: m.cohort_mode_application,
	invitation: m.cohort_mode_invitation
});

/** "27 Nov 2026 – 15 Feb 2027" */
export const cohortDates = (startsOn: string, endsOn: string) =>
	m.cohort_dates_value({ start: formatDay(startsOn, getLocale()), end: formatDay(endsOn, getLocale()) });

/** "27 Nov 2026, 14:00 Asia/Almaty (UTC+05:00)": a moment on the cohort's clock. */
export const cohortTime = (date: Date | string, timeZone: string) =>
	`${formatDateTime(date, getLocale(), timeZone)} ${zoneLabel(timeZone, new Date(date))}`;

/** "27 Nov 2026, 14:00 – 15:30 Asia/Almaty (UTC+05:00)": a session, the end's day only when it differs. */
export function sessionTime(startsAt: Date | string, endsAt: Date | string, timeZone: string) {
	const locale = getLocale();
	const start = new Date(startsAt);
	const end = new Date(endsAt);
	const sameDay = dayInZone(start, timeZone) === dayInZone(end, timeZone);
	const endText = sameDay
		? formatTime(end, locale, timeZone)
		: formatDateTime(end, locale, timeZone);
	return `${formatDateTime(start, locale, timeZone)} – ${endText} ${zoneLabel(timeZone, start)}`;
}
