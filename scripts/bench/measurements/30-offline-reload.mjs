// Offline reload to content: with the service worker in control and the network off, the time from the start of
// page.reload() until the page's main heading is visible, median of ten. Measured from Node around the reload,
// so it includes Playwright's round trips (a few ms) and errs on the slow side.
import { waitForServiceWorkerControl } from '../chromium.mjs';
import { signInAsParamedic } from '../sign-in.mjs';

const runs = 10;

/**
 * Pages to reload offline. The dashboard counts as shown when the person's record (read from the device
 * database) is on screen, not when its heading is: `ready` names that text.
 */
export const offlineReloadPages = [
	{ metric: 'offline reload / (median of 10)', path: '/', heading: 'EMS Registry', budgetMs: 300 },
	{
		metric: 'offline reload licensee dashboard (median of 10)',
		path: '/dashboard',
		heading: 'Licensee Dashboard',
		ready: 'ND EMS # 100002',
		budgetMs: 300,
		signIn: signInAsParamedic
	}
];

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
		const heading = target.ready ? page.getByText(target.ready) : page.getByRole('heading', { level: 1, name: target.heading });
		// The record must be on the device (first sync done) before the network goes.
		await heading.waitFor({ state: 'visible' });
		await context.setOffline(true);
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
