// Initial JS per route: every script the browser fetches while first loading the route (entry, modulepreloads and
// dynamic imports started during load), gzip level 9 — the figure DESIGN.md budgets. The service worker is blocked
// so its precache downloads, which happen after load and are measured separately, are not counted.
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
	{ metric: 'initial JS gzip licensee dashboard', path: '/dashboard', budgetKB: 80, signIn: signInAsParamedic }
];

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
		let gzipped = 0;
		for (const [url, pending] of scripts) {
			const body = await pending;
			if (!body) throw new Error(`could not read ${url}`);
			gzipped += gzipSync(body, { level: 9 }).length;
		}
		return { gzipped, count: scripts.size };
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
						metric: `${route.metric} (${result.count} files)`,
						value: result.gzipped / KB,
						unit: 'KB',
						budget: { max: route.budgetKB }
					}
		);
	}
	return rows;
}
