import type { SubmitFunction } from '@sveltejs/kit';

/** Empties the form's password fields: a password is never shown back after a failed submit. */
function clearPasswords(form: HTMLFormElement) {
	for (const input of form.querySelectorAll<HTMLInputElement>('input[type="password"]')) input.value = '';
}

/**
 * For forms whose success can change the interface language (sign-in, profile, language
 * switch): follow the redirect with a full page load, so every string on the page is
 * rendered again in the new language. Failures update in place, with passwords emptied
 * (as the server does when JavaScript is off).
 */
export const reloadOnRedirect: SubmitFunction = ({ formElement }) => {
	return async ({ result, update }) => {
		if (result.type === 'redirect') {
			window.location.assign(result.location);
			return;
		}
		await update();
		clearPasswords(formElement);
	};
};

/** For forms with passwords that stay on the page: empties them after every answer. */
export const clearingPasswords: SubmitFunction = ({ formElement }) => {
	return async ({ update }) => {
		await update();
		clearPasswords(formElement);
	};
};
