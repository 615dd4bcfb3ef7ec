import * as m from '$lib/paraglide/messages.js';
import { getLocale } from '$lib/paraglide/runtime.js';
import { LICENCE_INFO, type CourseLanguage, type Level, type LicenceId, type ThematicArea } from './taxonomy';

/**
 * The names of the course vocabularies (taxonomy.ts) in the reader's language, for the
 * catalog, the course page and the forms. An id missing here shows as itself.
 */

type Message = () => string;

const AREAS: Record<ThematicArea, Message> = {
	'climate-change': m.area_climate_change,
	iwrm: m.area_iwrm,
	'transboundary-water': m.area_transboundary_water,
	'flood-emergency': m.area_flood_emergency,
	biodiversity: m.area_biodiversity,
	waste: m.area_waste,
	'chemical-safety': m.area_chemical_safety,
	'cso-leadership': m.area_cso_leadership,
	'environment-health': m.area_environment_health,
	'clean-energy': m.area_clean_energy,
	'water-saving': m.area_water_saving
};

const LANGUAGES: Record<CourseLanguage, Message> = {
	en: m.course_lang_en,
	ru: m.course_lang_ru,
	kk: m.course_lang_kk,
	ky: m.course_lang_ky,
	tg: m.course_lang_tg,
	tk: m.course_lang_tk,
	uz: m.course_lang_uz,
	fa: m.course_lang_fa,
	ps: m.course_lang_ps
};

const LEVEL_NAMES: Record<Level, Message> = {
	introductory: m.level_introductory,
	intermediate: m.level_intermediate,
	advanced: m.level_advanced
};

const lookup = <K extends string>(table: Record<K, Message>, id: string) => (table[id as K] ?? (() => id))();

export const areaName = (id: string) => lookup(AREAS, id);
export const languageName = (id: string) => lookup(LANGUAGES, id);
export const levelName = (id: string) => lookup(LEVEL_NAMES, id);

export function licenceInfo(id: string): { name: string; url: string | null } {
	if (id === 'all-rights-reserved') return { name: m.licence_all_rights_reserved(), url: null };
	return LICENCE_INFO[id as LicenceId] ?? { name: id, url: null };
}

// Building an Intl formatter costs far more than using one, and a catalog page formats
// dozens of numbers: the formatters are kept, one per locale and style (they hold no data).
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions) {
	const key = `${locale} ${JSON.stringify(options)}`;
	let format = formatters.get(key);
	if (!format) formatters.set(key, (format = new Intl.NumberFormat(locale, options)));
	return format;
}

/** "2.5 h" / "2,5 ч". */
export function formatHours(hours: number, locale: string = getLocale()) {
	return m.course_hours({ hours: numberFormat(locale, { maximumFractionDigits: 1 }).format(hours) });
}

/** "12 min", and "1 h 30 min" past the hour. */
export function formatMinutes(minutes: number, locale: string = getLocale()) {
	if (minutes < 60) return m.course_minutes({ minutes: String(minutes) });
	const rest = minutes % 60;
	const hours = formatHours(Math.floor(minutes / 60), locale);
	return rest ? `${hours} ${m.course_minutes({ minutes: String(rest) })}` : hours;
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** A file size as people read it: "820 kB", "1.4 MB" ("1,4 МБ" in Russian). */
export function formatFileSize(bytes: number, locale: string = getLocale()) {
	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < UNITS.length - 1) {
		value /= 1000;
		unit++;
	}
	return numberFormat(locale, {
		style: 'unit',
		unit: UNITS[unit],
		unitDisplay: 'short',
		maximumFractionDigits: value < 10 && unit > 0 ? 1 : 0
	}).format(value);
}

/** The kind of a file from its name, for "PDF, 1.2 MB". */
export function fileKind(fileName: string) {
	const ext = /\.([a-z0-9]{1,5})$/i.exec(fileName)?.[1];
	return ext ? ext.toUpperCase() : '';
}
