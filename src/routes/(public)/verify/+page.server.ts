import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

/** "Check a certificate": a code typed by hand (GET ?code=…) goes to its page; spaces and case do not matter. */
export const load: PageServerLoad = async ({ url }) => {
	const raw = url.searchParams.get('code');
	if (raw === null) return { code: '', empty: false };
	const code = raw.replace(/\s+/g, '').toLowerCase().slice(0, 200);
	if (!code) return { code: '', empty: true };
	redirect(303, `/verify/${encodeURIComponent(code)}`);
};
