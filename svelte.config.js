import adapter from '@sveltejs/adapter-node';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	compilerOptions: { runes: true },
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		// Absolute asset URLs: the offline shell is served for every path, so relative URLs would break on nested routes.
		paths: { relative: false },
		serviceWorker: { register: false },
		version: { pollInterval: 0 },
		// Scripts only from this site or with the nonce/hash SvelteKit adds ('auto': hashes on the prerendered shell,
		// nonces on server-rendered pages). Inline style attributes stay allowed (app.html and Svelte use them);
		// style elements do not.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self'],
				'style-src-attr': ['unsafe-inline'],
				'img-src': ['self', 'data:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'manifest-src': ['self'],
				'worker-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
