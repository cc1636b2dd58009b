// A device in Chromium for the sync rows: signing in through the login page, watching the sync indicator from
// inside the page, and reading the device database (IndexedDB) the way the app stores it.
import { resolve } from 'node:path';

/** Signs in through the login page (EMS ID and password) and waits to land on a signed-in page. */
export async function signIn(page, { emsNumber, password }) {
	await page.goto('/login');
	await page.getByLabel('EMS ID').fill(emsNumber);
	await page.getByLabel('Password', { exact: true }).fill(password);
	await page.getByRole('button', { name: /^log in$/i }).click();
	await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Added to every page before its own scripts: records each change of the sync indicator's text and the moment the
 * browser comes back online, on the page's clock (performance.now()), so nothing measured crosses to Node.
 */
export function watchSyncIndicator() {
	const log = { status: [], onlineAt: null };
	Object.defineProperty(window, '__benchSync', { value: log });
	performance.setResourceTimingBufferSize(2000);
	addEventListener('online', () => (log.onlineAt ??= performance.now()));
	let last = null;
	new MutationObserver(() => {
		const text = document.querySelector('[data-testid="sync-status"]')?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
		if (text !== last) log.status.push({ at: performance.now(), text: (last = text) });
	}).observe(document, { subtree: true, childList: true, characterData: true });
}

/** The indicator's recorded states, and when the first request to /api/sync/ started (page clock). */
export function syncLog(page) {
	return page.evaluate(() => {
		const firstRequest = performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname.startsWith('/api/sync/'));
		return { ...window.__benchSync, firstRequestAt: firstRequest?.startTime ?? null };
	});
}

/** Waits until the indicator has shown a text containing `needle` after page time `since`. */
export async function waitForStatus(page, needle, { since = 0, timeout = 30_000 } = {}) {
	await page.waitForFunction(
		([needle, since]) => window.__benchSync.status.some((s) => s.at >= since && s.text?.includes(needle)),
		[needle, since],
		{ timeout, polling: 50 }
	);
}

/** When the indicator first showed a text containing `needle` after page time `since` (page clock), or null. */
export function statusAt(log, needle, since = 0) {
	return log.status.find((s) => s.at >= since && s.text?.includes(needle))?.at ?? null;
}

/** Counts, in the device database, the roster and vehicles of `agency` (persons: those on its roster). */
export function deviceCounts(page, agency) {
	return page.evaluate(
		(agency) =>
			new Promise((resolve, reject) => {
				const open = indexedDB.open('ems-registry');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const idb = open.result;
					const tx = idb.transaction(['affiliations', 'persons', 'vehicles', 'outbox'], 'readonly');
					const all = (request) => new Promise((done, fail) => ((request.onsuccess = () => done(request.result)), (request.onerror = () => fail(request.error))));
					Promise.all([
						all(tx.objectStore('affiliations').index('agencyNumber').getAll(agency)),
						all(tx.objectStore('persons').getAllKeys()),
						all(tx.objectStore('vehicles').index('agencyNumber').count(agency)),
						all(tx.objectStore('outbox').count())
					]).then(([affiliations, persons, vehicles, outbox]) => {
						const roster = new Set(affiliations.map((a) => a.emsNumber));
						idb.close();
						resolve({ affiliations: affiliations.length, members: persons.filter((p) => roster.has(p)).length, vehicles, outbox });
					}, reject);
				};
			}),
		agency
	);
}

let outboxSource = null;
/**
 * The app's outbox API (src/lib/client/outbox.ts, through ./device-outbox.ts) built for the page: the built app's
 * own chunks have minified export names, so the bench bundles the same source once more. Evaluating it defines
 * `window.benchOutbox`; it writes to the same IndexedDB database as the app, and Dexie tells the app's copy.
 */
export function deviceOutboxSource() {
	outboxSource ??= (async () => {
		const { build } = await import('vite');
		const out = await build({
			configFile: false,
			logLevel: 'warn',
			resolve: { alias: { $lib: resolve('src/lib') } },
			build: {
				write: false,
				minify: false,
				lib: { entry: resolve('scripts/bench/device-outbox.ts'), formats: ['iife'], name: 'benchOutbox' }
			}
		});
		return `${(Array.isArray(out) ? out[0] : out).output[0].code}\nwindow.benchOutbox = benchOutbox;`;
	})();
	return outboxSource;
}
