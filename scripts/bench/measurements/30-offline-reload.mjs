// Offline reload to content: with the service worker in control and the network off, the time from the start of
// page.reload() until the page's main heading is visible, median of ten. Measured from Node around the reload,
// so it includes Playwright's round trips (a few ms) and errs on the slow side.
import { waitForServiceWorkerControl } from '../chromium.mjs';

const runs = 10;

/** Pages to reload offline; the dashboard (the budgeted one) joins when it exists and can be signed in to. */
export const offlineReloadPages = [{ metric: 'offline reload / (median of 10)', path: '/', heading: 'EMS Registry', budgetMs: 300 }];

function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = sorted.length >> 1;
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function offlineReloadTimes(browser, baseURL, target) {
	const context = await browser.newContext({ baseURL });
	try {
		const page = await context.newPage();
		if (target.signIn) await target.signIn(page, baseURL);
		await page.goto(target.path);
		await waitForServiceWorkerControl(page);
		await context.setOffline(true);
		const heading = page.getByRole('heading', { level: 1, name: target.heading });
		const times = [];
		for (let i = 0; i < runs; i++) {
			const started = performance.now();
			const response = await page.reload({ waitUntil: 'commit' });
			await heading.waitFor({ state: 'visible' });
			times.push(performance.now() - started);
			if (!response?.fromServiceWorker()) throw new Error(`offline reload of ${target.path} bypassed the service worker`);
		}
		return times;
	} finally {
		await context.close();
	}
}

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const rows = [];
	for (const target of offlineReloadPages) {
		const times = await offlineReloadTimes(browser, ctx.baseURL, target);
		rows.push({ metric: target.metric, value: median(times), unit: 'ms', budget: { max: target.budgetMs } });
	}
	return rows;
}
