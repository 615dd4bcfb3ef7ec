/** Countries for forms, by ISO 3166-1 alpha-2 code; names come from Intl in the reader's language. */

/** CALP's countries, listed first in every country picker. */
export const CENTRAL_ASIA = ['KZ', 'KG', 'TJ', 'TM', 'UZ', 'AF'] as const;

export const COUNTRY_CODES: readonly string[] = [
	'AD', 'AE', 'AF', 'AG', 'AI', 'AL', 'AM', 'AO', 'AQ', 'AR', 'AS', 'AT', 'AU', 'AW', 'AX', 'AZ', 'BA', 'BB', 'BD', 'BE',
	'BF', 'BG', 'BH', 'BI', 'BJ', 'BL', 'BM', 'BN', 'BO', 'BQ', 'BR', 'BS', 'BT', 'BV', 'BW', 'BY', 'BZ', 'CA', 'CC', 'CD',
	'CF', 'CG', 'CH', 'CI', 'CK', 'CL', 'CM', 'CN', 'CO', 'CR', 'CU', 'CV', 'CW', 'CX', 'CY', 'CZ', 'DE', 'DJ', 'DK', 'DM',
	'DO', 'DZ', 'EC', 'EE', 'EG', 'EH', 'ER', 'ES', 'ET', 'FI', 'FJ', 'FK', 'FM', 'FO', 'FR', 'GA', 'GB', 'GD', 'GE', 'GF',
	'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GS', 'GT', 'GU', 'GW', 'GY', 'HK', 'HM', 'HN', 'HR', 'HT', 'HU',
	'ID', 'IE', 'IL', 'IM', 'IN', 'IO', 'IQ', 'IR', 'IS', 'IT', 'JE', 'JM', 'JO', 'JP', 'KE', 'KG', 'KH', 'KI', 'KM', 'KN',
	'KP', 'KR', 'KW', 'KY', 'KZ', 'LA', 'LB', 'LC', 'LI', 'LK', 'LR', 'LS', 'LT', 'LU', 'LV', 'LY', 'MA', 'MC', 'MD', 'ME',
	'MF', 'MG', 'MH', 'MK', 'ML', 'MM', 'MN', 'MO', 'MP', 'MQ', 'MR', 'MS', 'MT', 'MU', 'MV', 'MW', 'MX', 'MY', 'MZ', 'NA',
	'NC', 'NE', 'NF', 'NG', 'NI', 'NL', 'NO', 'NP', 'NR', 'NU', 'NZ', 'OM', 'PA', 'PE', 'PF', 'PG', 'PH', 'PK', 'PL', 'PM',
	'PN', 'PR', 'PS', 'PT', 'PW', 'PY', 'QA', 'RE', 'RO', 'RS', 'RU', 'RW', 'SA', 'SB', 'SC', 'SD', 'SE', 'SG', 'SH', 'SI',
	'SJ', 'SK', 'SL', 'SM', 'SN', 'SO', 'SR', 'SS', 'ST', 'SV', 'SX', 'SY', 'SZ', 'TC', 'TD', 'TF', 'TG', 'TH', 'TJ', 'TK',
	'TL', 'TM', 'TN', 'TO', 'TR', 'TT', 'TV', 'TW', 'TZ', 'UA', 'UG', 'UM', 'US', 'UY', 'UZ', 'VA', 'VC', 'VE', 'VG', 'VI',
	'VN', 'VU', 'WF', 'WS', 'XK', 'YE', 'YT', 'ZA', 'ZM', 'ZW',
];

const known = new Set(COUNTRY_CODES);
export function isCountryCode(code: string): boolean {
	return known.has(code);
}

/** Building an Intl.DisplayNames costs far more than using one: one is kept per language. */
const regionNames = new Map<string, Intl.DisplayNames>();

export function countryName(code: string, locale: string): string {
	try {
		let names = regionNames.get(locale);
		if (!names) {
			names = new Intl.DisplayNames([locale], { type: 'region' });
			if (regionNames.size > 50) regionNames.clear();
			regionNames.set(locale, names);
		}
		return names.of(code) ?? code;
	} catch {
		return code;
	}
}

export interface CountryOption {
	code: string;
	name: string;
}

/** Central Asia first (in CALP's order), then every other country by name in the reader's language. */
export function countryOptions(locale: string): { centralAsia: CountryOption[]; others: CountryOption[] } {
	const names = new Intl.DisplayNames([locale], { type: 'region' });
	const option = (code: string) => ({ code, name: names.of(code) ?? code });
	const first = new Set<string>(CENTRAL_ASIA);
	const collator = new Intl.Collator(locale);
	return {
		centralAsia: CENTRAL_ASIA.map(option),
		others: COUNTRY_CODES.filter((c) => !first.has(c))
			.map(option)
			.sort((a, b) => collator.compare(a.name, b.name))
	};
}
