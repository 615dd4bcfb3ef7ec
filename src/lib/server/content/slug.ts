const MAX_SLUG_LENGTH = 80;

/**
 * Heading ids readers can share and authors can link to: lower-case words joined by
 * hyphens, in any script (`## Водные ресурсы` → `водные-ресурсы`), with punctuation
 * dropped. Never empty, never longer than 80 characters.
 *
 * The result never contains `:`, which keeps heading ids apart from footnote ids
 * (`fn:1`, `fnref:1`).
 */
export function slugify(text: string): string {
	const words = text
		.normalize('NFC')
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}_\s-]+/gu, '')
		.trim()
		.replace(/[\s-]+/gu, '-');
	const slug = Array.from(words).slice(0, MAX_SLUG_LENGTH).join('').replace(/^-+|-+$/g, '');
	return slug === '' ? 'section' : slug;
}
