import { sveltekit } from '@sveltejs/kit/vite';
import { SvelteKitPWA } from '@vite-pwa/sveltekit';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { officeOnlyLeftOut } from './src/lib/pwa/precache-scope';
import { webManifest } from './src/lib/pwa/web-manifest';

const emptyModule = fileURLToPath(new URL('./src/lib/client/empty-module.ts', import.meta.url));

export default defineConfig({
	plugins: [
		sveltekit(),
		SvelteKitPWA({
			// Our own worker with Workbox modules, src/service-worker.ts, which SvelteKit builds: a generated one
			// cannot handle Background Sync (decision 011). vite-pwa injects the precache list into it and names it
			// sw.js, the address installed devices already have registered.
			strategies: 'injectManifest',
			filename: 'sw.ts',
			registerType: 'prompt',
			injectRegister: false,
			// The size cap below leaves jsPDF out on purpose; report it rather than fail the build.
			showMaximumFileSizeToCacheInBytesWarning: true,
			manifest: webManifest,
			injectManifest: {
				globPatterns: [
					'client/**/*.{js,css,ico,png,svg,webp,webmanifest,woff2}',
					'prerendered/**/*.{html,json}'
				],
				// jsPDF (~420 KB) is the one file above this: it stays out of the install-time precache (budget 650 KiB)
				// and reaches the worker's runtime cache when a signed-in device warms it (src/lib/client/offline-warmup.ts).
				maximumFileSizeToCacheInBytes: 256 * 1024
			},
			kit: { includeVersionFile: true },
			// Office pages are online-only: their own chunks (Chart.js, import) are not precached (decision 045).
			integration: officeOnlyLeftOut()
		})
	],
	resolve: {
		alias: [
			// jsPDF's optional HTML renderers are never used for drawn PDFs; keep them out of the bundle and precache.
			{ find: /^(html2canvas|canvg|dompurify)$/, replacement: emptyModule },
			// Dexie's package entry wraps its ES5 UMD build (CommonJS, helpers and all) to guard against two copies;
			// its modern ES module is ~4 KB gzip smaller and this bundle has exactly one copy (decision 008).
			{ find: /^dexie$/, replacement: 'dexie/dist/modern/dexie.mjs' }
		]
	},
	build: {
		// The oldest browsers the field's phones run, as in package.json's browserslist (decision 022). This lowers
		// syntax only; the lint (eslint.config.js) keeps out APIs these browsers lack.
		target: ['safari16.4', 'ios16.4', 'chrome109', 'edge109', 'firefox115'],
		// Terser packs Dexie and the Svelte runtime a few per cent tighter than esbuild (decision 008).
		minify: 'terser',
		terserOptions: { compress: { passes: 2 } }
	},
	preview: { port: 4173 },
	test: {
		projects: [
			{
				extends: true,
				test: {
					name: 'unit',
					environment: 'node',
					include: ['tests/unit/**/*.spec.ts']
				}
			},
			{
				extends: true,
				test: {
					name: 'server',
					environment: 'node',
					include: ['tests/server/**/*.spec.ts'],
					testTimeout: 30_000,
					hookTimeout: 60_000
				}
			},
			{
				extends: true,
				// The load gate (decision 049) runs alone, as its own step: other tests beside it would skew its latencies.
				test: { name: 'load', environment: 'node', include: ['tests/load/**/*.spec.ts'], fileParallelism: false }
			}
		]
	}
});
