import adapter from '@sveltejs/adapter-node';

const dev = process.env.NODE_ENV === 'development';

// SvelteKit's route announcer (for screen readers) carries this one style attribute; it is
// allowed by its hash, so no other inline style can run.
const ANNOUNCER_STYLE = 'sha256-S8qMpvofolR8Mpjy4kQvEm7m1q8clzU4dfDH0AmvZjo=';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Strict by default: nothing from other hosts, and no inline script but SvelteKit's own,
		// allowed by its hash (not a nonce: a page kept by a cache and sent again then carries
		// no secret that must differ per response). Vite's dev server injects <style> tags, so
		// only dev allows inline styles.
		csp: {
			mode: 'hash',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': dev ? ['self', 'unsafe-inline'] : ['self', 'unsafe-hashes', ANNOUNCER_STYLE],
				'img-src': ['self', 'data:'],
				// Lesson videos: YouTube's no-cookie player and Vimeo's (content/video.ts builds the URLs);
				// 'self' for the H5P player, which runs sandboxed in an opaque origin (server/h5p/serve.ts).
				'frame-src': ['self', 'https://www.youtube-nocookie.com', 'https://player.vimeo.com'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none'],
				'base-uri': ['self'],
				'object-src': ['none']
			}
		},
		version: { pollInterval: 0 }
	}
};

export default config;
