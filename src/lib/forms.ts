import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For forms whose success can change the interface language (sign-in, profile, language
 * switch): follow the redirect with a full page load, so every string on the page is
 * rendered again in the new language. Failures update in place as usual.
 */
export const reloadOnRedirect: SubmitFunction = () => {
	return async ({ result, update }) => {
		if (result.type === 'redirect') window.location.assign(result.location);
		else await update();
	};
};
