import { launchChromium } from './chromium.mjs';
import { benchDatabases } from './databases.mjs';

/**
 * What every measurement receives.
 * @typedef {object} BenchContext
 * @property {string} baseURL the built app, served on a fresh database with the demo data
 * @property {number} serverPid the process that serves baseURL (with WEB_CONCURRENCY > 1, the cluster primary)
 * @property {string} buildDir
 * @property {() => Promise<import('@playwright/test').Browser>} browser one Chromium shared by all measurements
 * @property {() => Promise<import('./databases.mjs').BenchDatabase[]>} databases the built app on SQLite (the
 *   server at baseURL) and, when BENCH_DATABASE_URL or TEST_DATABASE_URL is set, on PostgreSQL; started once
 */

/** @returns {BenchContext & { close(): Promise<void> }} */
export function createContext({ server, buildDir }) {
	let launching = null;
	const databases = benchDatabases(server);
	return {
		baseURL: server.baseURL,
		serverPid: server.pid,
		buildDir,
		browser: () => (launching ??= launchChromium()),
		databases: databases.list,
		async close() {
			if (launching) await (await launching).close();
			await databases.close();
		}
	};
}
