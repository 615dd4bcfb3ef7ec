import type { SubmitFunction } from '@sveltejs/kit';

/**
 * For forms with a Preview button: after a preview the form keeps what was typed (the
 * default would reset it to the saved text), so nothing unsaved is lost.
 */
export const keepValues: SubmitFunction = () => {
	return async ({ update }) => {
		await update({ reset: false });
	};
};
