import { fail } from '@sveltejs/kit';
import type { z } from 'zod';

/** Fields never sent back to the browser after a failed submit. */
const SECRET = /password|confirm|current|token/i;

export type FormErrors = Record<string, string>;
export type FormResult<T> =
	| { ok: true; data: T }
	| { ok: false; values: Record<string, string>; errors: FormErrors };

/** Parses a submitted form against a schema; errors are message keys by field (the first per field). */
export function parseForm<S extends z.ZodType>(
	schema: S,
	form: FormData
): FormResult<z.output<S>> {
	const raw: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') raw[key] = value;
	const parsed = schema.safeParse(raw);
	if (parsed.success) return { ok: true, data: parsed.data };
	const errors: FormErrors = {};
	for (const issue of parsed.error.issues) {
		const field = String(issue.path[0] ?? 'form');
		errors[field] ??= issue.message.startsWith('error_') ? issue.message : 'error_invalid';
	}
	return { ok: false, values: safeValues(raw), errors };
}

export function safeValues(raw: Record<string, string>): Record<string, string> {
	return Object.fromEntries(
		Object.entries(raw).filter(([k]) => !SECRET.test(k)).map(([k, v]) => [k, v.slice(0, 1000)])
	);
}

export function formValues(form: FormData) {
	const raw: Record<string, string> = {};
	for (const [key, value] of form) if (typeof value === 'string') raw[key] = value;
	return safeValues(raw);
}

/** The 400 answer for a form that did not parse: errors beside fields, values kept. */
export function invalid(result: { values: Record<string, string>; errors: FormErrors }) {
	return fail(400, { values: result.values, errors: result.errors, params: {} as Record<string, string | number> });
}
