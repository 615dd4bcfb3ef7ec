import type { Session, SessionUser } from '$lib/server/auth/session';

declare global {
	namespace App {
		interface Error {
			/** A message key (src/lib/i18n/messages), shown in the reader's language. */
			message: string;
			/** Quoted to support staff; the log line carries the same id. */
			id?: string;
		}
		interface Locals {
			user: SessionUser | null;
			session: Session | null;
			locale: 'en' | 'ru';
			/** Set by a page's load through keepPage (server/page-cache.ts): the page may be served again until then. */
			keepPage?: { until: number };
		}
		interface PageData {
			/** What every page may show of the signed-in person (from the root layout). */
			user?: Pick<SessionUser, 'name' | 'role' | 'email'> | null;
			locale?: 'en' | 'ru';
		}
	}
}

export {};
