import { getLocale } from '$lib/paraglide/runtime.js';

/** Scores and percents as the reader writes numbers ("87,5" in Russian). */
export function formatNumber(n: number): string {
	return new Intl.NumberFormat(getLocale(), { maximumFractionDigits: 2 }).format(n);
}
