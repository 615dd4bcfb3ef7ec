import { redirect } from '@sveltejs/kit';
import { db } from '$lib/server/db';
import { LOCALE_COOKIE, isLocale } from '$lib/i18n/negotiate';
import { safeRedirectPath } from '$lib/server/http';
import { setLocale } from '$lib/server/users/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(303, '/');

export const actions = {
	set: async ({ request, cookies, locals, url }) => {
		const form = await request.formData();
		const locale = form.get('locale');
		const back = safeRedirectPath(form.get('redirectTo'));
		// An unknown language changes nothing; the reader lands back where they were.
		if (isLocale(locale)) {
			cookies.set(LOCALE_COOKIE, locale, {
				path: '/',
				maxAge: 60 * 60 * 24 * 365,
				sameSite: 'lax',
				httpOnly: false,
				secure: url.protocol === 'https:'
			});
			if (locals.user) await setLocale(db, locals.user.id, locale);
		}
		redirect(303, back);
	}
} satisfies Actions;
