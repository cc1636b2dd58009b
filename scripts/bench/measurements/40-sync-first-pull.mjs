// First pull on a fresh device, end to end in Chromium: a squad leader of the demo's large agency (~2,000 members,
// 200 vehicles) signs in through the login page in a new browser context (empty IndexedDB, no service worker yet),
// lands on the dashboard, and the app syncs. Measured on the page's clock from the start of the first request to
// /api/sync/ until the sync indicator shows "Last synced" (set once every page is in Dexie); then the roster
// (affiliations and their persons) and the vehicles in IndexedDB are counted against the server's database.
// Includes the real server (SvelteKit, hooks, session lookup, signing), JSON and the device's Dexie writes, and
// whatever else the page does at the same time (the service worker installing). Median of three fresh devices
// after one warm-up. Budget (DESIGN.md §6): ≤ 1.5 s.
import { LARGE_AGENCY, largeAgencyCounts, largeAgencyLeader } from '../databases.mjs';
import { deviceCounts, signIn, statusAt, syncLog, waitForStatus, watchSyncIndicator } from '../device.mjs';

const BUDGET_MS = 1500;
const RUNS = 3;

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function firstPull(browser, baseURL, leader) {
	const context = await browser.newContext({ baseURL });
	try {
		await context.addInitScript(watchSyncIndicator);
		const page = await context.newPage();
		await signIn(page, leader);
		await waitForStatus(page, 'Last synced');
		const log = await syncLog(page);
		const doneAt = statusAt(log, 'Last synced');
		if (log.firstRequestAt === null || doneAt === null) throw new Error('the first sync was not observed');
		return { ms: doneAt - log.firstRequestAt, counts: await deviceCounts(page, LARGE_AGENCY) };
	} finally {
		await context.close();
	}
}

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const rows = [];
	for (const { label, baseURL, db } of await ctx.databases()) {
		const leader = await largeAgencyLeader(db);
		const expected = await largeAgencyCounts(db);
		const times = [];
		for (let run = 0; run <= RUNS; run++) {
			const { ms, counts } = await firstPull(browser, baseURL, leader);
			for (const key of ['affiliations', 'members', 'vehicles'])
				if (counts[key] !== expected[key]) throw new Error(`device holds ${counts[key]} ${key} of ${LARGE_AGENCY}, the server ${expected[key]} (${label})`);
			if (run > 0) times.push(ms);
		}
		rows.push({
			metric: `sync first pull in Chromium, ${expected.members} members + ${expected.vehicles} vehicles (${label}, median of ${RUNS})`,
			value: median(times),
			unit: 'ms',
			budget: { max: BUDGET_MS }
		});
	}
	return rows;
}
