import { error, redirect } from '@sveltejs/kit';
import type { Role } from '../db/schema';
import type { SessionUser } from './session';

/** Every load and every action calls one of these; a layout's check is not enough. */

export function requireUser(locals: App.Locals, url?: URL): SessionUser {
	if (!locals.user) {
		const next = url ? `?next=${encodeURIComponent(url.pathname + url.search)}` : '';
		redirect(303, `/signin${next}`);
	}
	return locals.user;
}

export function requireRole(locals: App.Locals, roles: Role | Role[], url?: URL): SessionUser {
	const user = requireUser(locals, url);
	const allowed = Array.isArray(roles) ? roles : [roles];
	if (!allowed.includes(user.role)) error(403, { message: 'error_forbidden' });
	return user;
}

export const requireAdmin = (locals: App.Locals, url?: URL) => requireRole(locals, 'admin', url);
