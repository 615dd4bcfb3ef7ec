import { formatDateTime, formatDay, zoneLabel } from '$lib/datetime';
import { getLocale } from '$lib/paraglide/runtime.js';
import * as m from '$lib/paraglide/messages.js';

/** The names the cohort management pages show for the cohort vocabularies. */

type Message = () => string;
const name = (names: Record<string, Message>) => (value: string) => names[value]?.() ?? value;

export const COHORT_STATUS_NAMES: Record<string, Message> = {
	planned: m.manage_status_planned,
	open: m.manage_status_open,
	running: m.manage_status_running,
	finished: m.manage_status_finished
};
export const statusName = name(COHORT_STATUS_NAMES);

export const MODE_NAMES: Record<string, Message> = {
	open: m.manage_mode_open,
	application: m.manage_mode_application,
	invitation: m.manage_mode_invitation
};
export const modeName = name(MODE_NAMES);

export const sessionKindName = name({ online: m.manage_session_online, in_person: m.manage_session_in_person });

export const QUESTION_KIND_NAMES: Record<string, Message> = {
	short_text: m.manage_question_short_text,
	long_text: m.manage_question_long_text,
	single_choice: m.manage_question_single_choice,
	multiple_choice: m.manage_question_multiple_choice
};
export const questionKindName = name(QUESTION_KIND_NAMES);

export const rosterStatusName = name({
	enrolled: m.roster_status_enrolled,
	pending: m.roster_status_pending,
	waitlisted: m.roster_status_waitlisted,
	withdrawn: m.roster_status_withdrawn
});
export const rosterSourceName = name({
	open: m.roster_source_open,
	application: m.roster_source_application,
	invitation: m.roster_source_invitation,
	manual: m.roster_source_manual
});

/** A moment on the cohort's clock, in the reader's language. */
export const when = (date: Date | string, timeZone: string) => formatDateTime(date, getLocale(), timeZone);
export const day = (ymd: string) => formatDay(ymd, getLocale());
export { zoneLabel };

/** Central Asia's zones first (where cohorts meet), then every zone the runtime knows. */
const CENTRAL_ASIA = ['Asia/Almaty', 'Asia/Bishkek', 'Asia/Dushanbe', 'Asia/Tashkent', 'Asia/Samarkand', 'Asia/Ashgabat', 'Asia/Aqtobe', 'Asia/Qyzylorda', 'Asia/Oral', 'Asia/Aqtau', 'Asia/Atyrau', 'Asia/Qostanay'];

export function timeZoneGroups(current?: string | null) {
	let all: string[] = [];
	try {
		all = Intl.supportedValuesOf('timeZone');
	} catch {
		all = [];
	}
	const known = new Set(all);
	const first = CENTRAL_ASIA.filter((z) => known.has(z) || all.length === 0);
	const rest = ['UTC', ...all.filter((z) => !first.includes(z) && z !== 'UTC')];
	// A zone stored earlier that this runtime does not list stays choosable.
	if (current && !first.includes(current) && !rest.includes(current)) rest.unshift(current);
	const option = (z: string) => ({ value: z, label: z.replace(/_/g, ' ') });
	return [
		{ label: m.manage_zones_central_asia(), options: first.map(option) },
		{ label: m.manage_zones_all(), options: rest.map(option) }
	];
}
