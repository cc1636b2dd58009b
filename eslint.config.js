import compat from 'eslint-plugin-compat';
import esX from 'eslint-plugin-es-x';
import svelte from 'eslint-plugin-svelte';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

/**
 * The browser-compatibility lint (`npm run lint`, a step of scripts/test.mjs): code that runs on the field's
 * phones may use only what the browsers in package.json's `browserslist` have (decision 022). Server-only code
 * runs on Node and is not checked.
 *
 * Two plugins, because neither covers it all: eslint-plugin-compat checks web APIs against the browserslist, but
 * its data (ast-metadata-inferer) knows no JavaScript built-in newer than ES2023, so it passes Map.groupBy;
 * eslint-plugin-es-x forbids built-ins by ECMAScript edition. ES2022 is the newest edition every target has in
 * full (Chrome 109 lacks ES2023's toSorted/toReversed/with/toSpliced, Safari 16.4 ES2024's groupBy and
 * Promise.withResolvers); the ES2023 pieces they all have are allowed again below.
 */
const CLIENT_CODE = ['src/**/*.ts', 'src/**/*.svelte'];
const SERVER_ONLY = ['src/lib/server/**', 'src/hooks.server.ts', 'src/**/*.server.ts', 'src/routes/**/+server.ts'];

/**
 * Type information lets es-x tell `rows.toSorted()` on an array from Dexie's `collection.toArray()` or a `.map`
 * on an iterator. SvelteKit's tsconfig leaves the service worker out (it is built separately), so it gets a
 * project of its own with the same settings.
 */
const PROJECT_SERVICE = { allowDefaultProject: ['src/service-worker.ts'], defaultProject: 'tsconfig.json' };

export default [
	{ ignores: ['.svelte-kit/**', 'build/**', 'node_modules/**', ...SERVER_ONLY] },
	...svelte.configs.base,
	{
		files: ['**/*.svelte', '**/*.svelte.ts'],
		languageOptions: { parserOptions: { parser: ts.parser, projectService: PROJECT_SERVICE, extraFileExtensions: ['.svelte'], svelteConfig } }
	},
	{
		files: ['**/*.ts'],
		ignores: ['**/*.svelte.ts'],
		languageOptions: { parser: ts.parser, parserOptions: { projectService: PROJECT_SERVICE } }
	},
	{
		files: CLIENT_CODE,
		...compat.configs['flat/recommended'],
		linterOptions: { reportUnusedDisableDirectives: 'error' }
	},
	{
		files: CLIENT_CODE,
		...esX.configs['flat/restrict-to-es2022']
	},
	{
		files: CLIENT_CODE,
		rules: {
			// Chrome 97, Safari 15.4, Firefox 104.
			'es-x/no-array-prototype-findlast-findlastindex': 'off',
			// Only the first line of a script run by a shell; never in browser code.
			'es-x/no-hashbang': 'off'
		}
	}
];
