import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { invalidateSession } from '$lib/server/auth/session';
import { clearSessionCookie } from '$lib/server/auth/cookies';
import type { Actions, PageServerLoad } from './$types';

// Signing out is a POST (a link could be triggered by another site); GET just goes home.
export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
	signout: async (event) => {
		if (event.locals.session) await invalidateSession(db, event.locals.session.id);
		clearSessionCookie(event);
		redirect(303, '/');
	}
} satisfies Actions;
