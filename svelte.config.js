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
		version: { pollInterval: 0 }
	}
};

export default config;
