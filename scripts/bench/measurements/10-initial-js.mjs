// Initial JS per route: every script the browser fetches while first loading the route (entry, modulepreloads and
// dynamic imports started during load), gzip level 9 — the figure DESIGN.md budgets. The service worker is blocked
// so its precache downloads, which happen after load and are measured separately, are not counted.
// A route whose page marks when its first screen's content is drawn (`firstScreenMark`, the dashboard: decision 044)
// is weighed by the scripts requested before that mark — what the first screen needed; what it loads after (Dexie,
// the sync engine) is printed in a second row, without a budget, so nothing it fetches goes unseen.
import { gzipSync } from 'node:zlib';
import { signInAsParamedic } from '../sign-in.mjs';

const KB = 1000;

/**
 * Routes to weigh. A route that answers 404, or redirects elsewhere (e.g. to /login while signed out), prints
 * "n/a" until its issue lands and, where needed, adds a `signIn(page, baseURL)` step here.
 */
export const initialJsRoutes = [
	{ metric: 'initial JS gzip /', path: '/', budgetKB: 80 },
	{ metric: 'initial JS gzip /login', path: '/login', budgetKB: 80 },
	{ metric: 'initial JS gzip licensee dashboard', path: '/dashboard', budgetKB: 80, signIn: signInAsParamedic, firstScreenMark: 'ems:first-screen' }
];

/** URLs whose requests started before the page set `mark` (Resource Timing); throws when it never did. */
async function requestsBeforeMark(page, mark) {
	const { at, started } = await page.evaluate((name) => {
		const entry = performance.getEntriesByName(name, 'mark')[0];
		return { at: entry?.startTime ?? null, started: performance.getEntriesByType('resource').map((e) => [e.name, e.startTime]) };
	}, mark);
	if (at === null) throw new Error(`the page never marked ${mark}`);
	return new Set(started.filter(([, startTime]) => startTime < at).map(([url]) => url));
}

async function scriptBytesOnFirstLoad(browser, baseURL, route) {
	const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
	try {
		const page = await context.newPage();
		if (route.signIn) await route.signIn(page, baseURL);
		const scripts = new Map();
		page.on('response', (response) => {
			if (response.request().resourceType() === 'script' && !scripts.has(response.url()))
				scripts.set(response.url(), response.body().catch(() => null));
		});
		const response = await page.goto(route.path, { waitUntil: 'networkidle' });
		const landedOn = new URL(page.url()).pathname;
		if (!response || response.status() === 404) return { missing: 'route not built yet' };
		if (landedOn !== route.path) return { missing: `redirects to ${landedOn}` };
		const firstScreen = route.firstScreenMark ? await requestsBeforeMark(page, route.firstScreenMark) : null;
		let gzipped = 0;
		let count = 0;
		let untilIdle = 0;
		for (const [url, pending] of scripts) {
			const body = await pending;
			if (!body) throw new Error(`could not read ${url}`);
			const size = gzipSync(body, { level: 9 }).length;
			untilIdle += size;
			if (firstScreen && !firstScreen.has(url)) continue;
			gzipped += size;
			count++;
		}
		return { gzipped, count, untilIdle, countUntilIdle: scripts.size, firstScreen: !!firstScreen };
	} finally {
		await context.close();
	}
}

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const rows = [];
	for (const route of initialJsRoutes) {
		const result = await scriptBytesOnFirstLoad(browser, ctx.baseURL, route);
		rows.push(
			'missing' in result
				? { metric: route.metric, value: null, unit: 'KB', budget: { max: route.budgetKB }, note: result.missing }
				: {
						metric: `${route.metric}${result.firstScreen ? ' to first screen' : ''} (${result.count} files)`,
						value: result.gzipped / KB,
						unit: 'KB',
						budget: { max: route.budgetKB }
					}
		);
		if (!('missing' in result) && result.firstScreen)
			rows.push({ metric: `  … and until network idle (${result.countUntilIdle} files)`, value: result.untilIdle / KB, unit: 'KB' });
	}
	return rows;
}
