import { z } from 'zod';

/**
 * Certificate templates (docs/certificates.md, "Templates"): the words, signatories, colours
 * and switch of a course's (or the site's) certificates. The logo is a file and is checked on
 * the server (certificates/template.ts). Safe to import in the browser.
 *
 * The form is flat (`enTitle`, `signatory2Name` ...) so each error sits beside its own field;
 * the domain works on the nested shape (`TemplateInput`), and both are checked by one schema.
 */

export const TEMPLATE_LOCALES = ['en', 'ru'] as const;
export type TemplateLocale = (typeof TEMPLATE_LOCALES)[number];

/** What each placeholder stands for: the form lists them (message cert_tpl_ph_<name>). */
export const PLACEHOLDERS = ['name', 'course', 'cohort', 'start', 'end', 'hours', 'grade', 'date', 'issuer', 'serial'] as const;
export type Placeholder = (typeof PLACEHOLDERS)[number];

export const MAX_SIGNATORIES = 3;
export const LOGO_MAX_BYTES = 1024 * 1024;
export const LIMITS = { title: 120, intro: 200, body: 2000, signatoryName: 100, signatoryTitle: 120 } as const;

/** `{word}` in any script: a placeholder we know, or a typo the author should hear about. */
export const PLACEHOLDER_PATTERN = /\{([\p{L}\p{N}_-]+)\}/gu;

/** The placeholders in a text that are not ours, e.g. ['{nmae}'], each once, in order. */
export function unknownPlaceholders(text: string): string[] {
	const found = new Set<string>();
	for (const match of text.matchAll(PLACEHOLDER_PATTERN)) {
		if (!(PLACEHOLDERS as readonly string[]).includes(match[1]!)) found.add(match[0]);
	}
	return [...found];
}

/** Browsers send CRLF from a textarea; the certificate keeps plain line breaks. */
const lines = (s: string) => s.replace(/\r\n?/g, '\n');

const templateText = (max: number, required: boolean) =>
	z
		.string({ error: 'error_required' })
		.transform((s) => lines(s).trim())
		.pipe(
			z
				.string()
				.min(required ? 1 : 0, { error: 'error_required' })
				.max(max, { error: 'error_too_long' })
				.superRefine((text, ctx) => {
					const [placeholder] = unknownPlaceholders(text);
					if (placeholder) {
						ctx.addIssue({ code: 'custom', message: 'error_cert_tpl_unknown_placeholder', params: { placeholder } });
					}
				})
		);

const TextsSchema = z.object({
	title: templateText(LIMITS.title, true),
	intro: templateText(LIMITS.intro, false),
	body: templateText(LIMITS.body, true)
});

const oneLine = (max: number) =>
	z
		.string()
		.default('')
		.transform((s) => s.replace(/\s+/g, ' ').trim())
		.pipe(z.string().max(max, { error: 'error_too_long' }));

/** A row with both fields empty is no signatory; a position without a name is a mistake. */
const SignatorySchema = z
	.object({ name: oneLine(LIMITS.signatoryName), title: oneLine(LIMITS.signatoryTitle) })
	.superRefine((s, ctx) => {
		if (!s.name && s.title) ctx.addIssue({ code: 'custom', path: ['name'], message: 'error_cert_tpl_signatory_name_required' });
	});

const ColourSchema = z
	.string({ error: 'error_cert_tpl_colour' })
	.trim()
	.regex(/^#[0-9a-fA-F]{6}$/, { error: 'error_cert_tpl_colour' })
	.transform((c) => c.toLowerCase());

/** The template as the domain takes it (certificates/template.ts saveTemplate). */
export const TemplateInputSchema = z.object({
	autoIssue: z.boolean(),
	texts: z.object({ en: TextsSchema, ru: TextsSchema }),
	signatories: z
		.array(SignatorySchema)
		.max(MAX_SIGNATORIES, { error: 'error_cert_tpl_too_many_signatories' })
		.default([])
		.transform((rows) => rows.filter((s) => s.name)),
	primaryColour: ColourSchema,
	accentColour: ColourSchema,
	/** drop the stored logo (a new upload wins over this) */
	removeLogo: z.boolean().default(false)
});
export type TemplateInput = z.input<typeof TemplateInputSchema>;
export type TemplateData = z.output<typeof TemplateInputSchema>;

/** The names of the form's text fields, in the order the form shows them. */
const textField = (locale: TemplateLocale, part: 'title' | 'intro' | 'body') =>
	`${locale}${part[0]!.toUpperCase()}${part.slice(1)}`;
const signatoryField = (i: number, part: 'name' | 'title') => `signatory${i + 1}${part === 'name' ? 'Name' : 'Title'}`;

export const TEMPLATE_FORM_FIELDS = [
	...TEMPLATE_LOCALES.flatMap((l) => (['title', 'intro', 'body'] as const).map((p) => textField(l, p))),
	...Array.from({ length: MAX_SIGNATORIES }, (_, i) => [signatoryField(i, 'name'), signatoryField(i, 'title')]).flat(),
	'primaryColour',
	'accentColour',
	'autoIssue',
	'removeLogo'
] as const;

/** The form's field for an issue's path in the nested shape. */
export function templateFieldOf(path: readonly PropertyKey[]): string {
	const [head, a, b] = path;
	if (head === 'texts' && typeof a === 'string' && typeof b === 'string') return textField(a as TemplateLocale, b as 'title');
	if (head === 'signatories' && typeof a === 'number') return signatoryField(a, b === 'title' ? 'title' : 'name');
	if (head === 'signatories') return signatoryField(0, 'name');
	return String(head ?? 'form');
}

/** The form's flat values for a template: what the editor shows before any change. */
export function templateFormValues(t: {
	autoIssue: boolean;
	texts: Record<TemplateLocale, { title: string; intro: string; body: string }>;
	signatories: { name: string; title: string }[];
	primaryColour: string;
	accentColour: string;
}): Record<string, string> {
	const values: Record<string, string> = {
		primaryColour: t.primaryColour,
		accentColour: t.accentColour,
		autoIssue: t.autoIssue ? 'yes' : ''
	};
	for (const l of TEMPLATE_LOCALES) {
		for (const p of ['title', 'intro', 'body'] as const) values[textField(l, p)] = t.texts[l][p];
	}
	for (let i = 0; i < MAX_SIGNATORIES; i++) {
		values[signatoryField(i, 'name')] = t.signatories[i]?.name ?? '';
		values[signatoryField(i, 'title')] = t.signatories[i]?.title ?? '';
	}
	return values;
}

export type TemplateFormResult =
	| { ok: true; data: TemplateData }
	| {
			ok: false;
			/** what was typed, to show again (no secrets in this form) */
			values: Record<string, string>;
			/** message keys by field, the first per field */
			errors: Record<string, string>;
			/** the message parameters by field, e.g. { enBody: { placeholder: '{nmae}' } } */
			params: Record<string, Record<string, string | number>>;
	  };

/** Turns a schema failure into errors by form field. */
export function templateErrors(error: z.ZodError) {
	const errors: Record<string, string> = {};
	const params: Record<string, Record<string, string | number>> = {};
	for (const issue of error.issues) {
		const field = templateFieldOf(issue.path);
		if (errors[field]) continue;
		errors[field] = issue.message.startsWith('error_') ? issue.message : 'error_invalid';
		const extra = (issue as { params?: Record<string, string | number> }).params;
		if (extra) params[field] = extra;
	}
	return { errors, params };
}

/** The editor's form (and the preview's, which posts the same fields) → the nested input. */
export function parseTemplateForm(form: FormData): TemplateFormResult {
	const raw: Record<string, string> = {};
	for (const name of TEMPLATE_FORM_FIELDS) {
		const value = form.get(name);
		if (typeof value === 'string') raw[name] = value;
	}
	const input = {
		autoIssue: raw.autoIssue === 'yes',
		removeLogo: raw.removeLogo === 'yes',
		texts: Object.fromEntries(
			TEMPLATE_LOCALES.map((l) => [
				l,
				{ title: raw[textField(l, 'title')] ?? '', intro: raw[textField(l, 'intro')] ?? '', body: raw[textField(l, 'body')] ?? '' }
			])
		),
		signatories: Array.from({ length: MAX_SIGNATORIES }, (_, i) => ({
			name: raw[signatoryField(i, 'name')] ?? '',
			title: raw[signatoryField(i, 'title')] ?? ''
		})),
		primaryColour: raw.primaryColour ?? '',
		accentColour: raw.accentColour ?? ''
	};
	const parsed = TemplateInputSchema.safeParse(input);
	if (parsed.success) return { ok: true, data: parsed.data };
	// Longest field is the body (2000): keep a little more, so nothing typed is cut off.
	const values = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, v.slice(0, LIMITS.body + 500)]));
	return { ok: false, values, ...templateErrors(parsed.error) };
}
