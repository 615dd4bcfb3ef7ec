import * as m from '$lib/paraglide/messages.js';

type Message = (params?: Record<string, unknown>) => string;
const messages = m as unknown as Record<string, Message | undefined>;

/**
 * Looks up a message by key at run time, for keys that travel as data (form errors,
 * App.Error.message). Unknown keys fall back to a generic sentence, never the raw key.
 */
export function t(key: string | undefined | null, params: Record<string, unknown> = {}): string {
	const message = key ? messages[key] : undefined;
	return message ? message(params) : m.error_invalid();
}

export function hasMessage(key: string): boolean {
	return typeof messages[key] === 'function';
}
