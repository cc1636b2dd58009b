import { launchChromium } from './chromium.mjs';

/**
 * What every measurement receives.
 * @typedef {object} BenchContext
 * @property {string} baseURL the built app, served on a fresh database with the demo data
 * @property {string} buildDir
 * @property {() => Promise<import('@playwright/test').Browser>} browser one Chromium shared by all measurements
 */

/** @returns {BenchContext & { close(): Promise<void> }} */
export function createContext({ baseURL, buildDir }) {
	let launching = null;
	return {
		baseURL,
		buildDir,
		browser: () => (launching ??= launchChromium()),
		async close() {
			if (launching) await (await launching).close();
		}
	};
}
