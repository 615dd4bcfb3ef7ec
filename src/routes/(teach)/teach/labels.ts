import { getLocale } from '$lib/paraglide/runtime.js';
import * as m from '$lib/paraglide/messages.js';

/** What the authoring pages name beyond the shared vocabularies of $lib/courses/labels. */

export const statusNames: Record<string, () => string> = {
	draft: m.teach_status_draft,
	published: m.teach_status_published,
	archived: m.teach_status_archived
};

export function dateTime(d: Date | string): string {
	return new Intl.DateTimeFormat(getLocale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d));
}
