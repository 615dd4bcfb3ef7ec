import { db } from '$lib/server/db';

/**
 * Closes the database when adapter-node shuts down (an open PGlite keeps the process alive).
 * @type {import('@sveltejs/kit').ServerInit}
 */
export const init = async () => {
	process.once('sveltekit:shutdown', () => void db.destroy());
};
