import adapter from '@sveltejs/adapter-node';

/**
 * The stack's ceiling: the smallest SvelteKit app on the same adapter and database as
 * Bilim. No CSP, no hooks beyond closing the database, one route. The bench harness copies
 * this folder to a temporary directory, adds the app's database module and builds it there.
 * @type {import('@sveltejs/kit').Config}
 */
const config = {
	compilerOptions: { runes: true },
	kit: { adapter: adapter({ out: 'build', precompress: false }) }
};

export default config;
