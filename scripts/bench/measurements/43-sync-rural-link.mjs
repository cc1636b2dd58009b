// Sync over a rural link (issue 16, item 7): the first pull of a squad leader of the demo's large agency (~2,000
// members, 200 vehicles) on a fresh device, in Chromium, with the page's network throttled the way DevTools does it
// (CDP Network.emulateNetworkConditions): 1 Mbit/s down and up, 300 ms latency. Rows:
// - bytes on the wire for that first pull: every /api/sync/pull response's encodedDataLength (headers and body as
//   received, i.e. compressed when the server compressed it), beside the JSON the device decoded. Budget ≤ 200 KiB.
// - the first pull's time, from the start of the first request to /api/sync/ until the indicator shows
//   "Last synced" (as in 40-sync-first-pull). Budget ≤ 3 s.
// The dashboard document counts too: a first visit is rendered on the server with the first pull page inside it.
// Service workers are blocked in this context: the worker's precache download is not the pull's (and CDP would not
// throttle it). Median of three fresh devices. Chromium takes brotli on http://localhost too (a secure context);
// a third row counts the same pull for a client that takes only gzip. Pages travel column-wise (decision 050).
import { LARGE_AGENCY, largeAgencyCounts, largeAgencyLeader } from '../databases.mjs';
import { deviceCounts, signIn, statusAt, syncLog, waitForStatus, watchSyncIndicator } from '../device.mjs';

const RUNS = 3;
const KIB = 1024;
const LINK = { offline: false, latency: 300, downloadThroughput: 1_000_000 / 8, uploadThroughput: 1_000_000 / 8 };

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

async function throttledFirstPull(browser, baseURL, leader) {
	const context = await browser.newContext({ baseURL, serviceWorkers: 'block' });
	try {
		await context.addInitScript(watchSyncIndicator);
		const page = await context.newPage();
		const cdp = await context.newCDPSession(page);
		await cdp.send('Network.enable');
		const pulls = new Map();
		cdp.on('Network.responseReceived', (e) => {
			// The dashboard's first visit carries the first pull page inside its HTML (decision 044): it is the pull's too.
			const path = new URL(e.response.url).pathname;
			if (path === '/api/sync/pull' || (path === '/dashboard' && e.type === 'Document'))
				pulls.set(e.requestId, { encoding: e.response.headers['content-encoding'] ?? e.response.headers['Content-Encoding'] ?? 'none', wire: 0, decoded: 0 });
		});
		cdp.on('Network.dataReceived', (e) => {
			const pull = pulls.get(e.requestId);
			if (pull) pull.decoded += e.dataLength;
		});
		cdp.on('Network.loadingFinished', (e) => {
			const pull = pulls.get(e.requestId);
			if (pull) pull.wire = e.encodedDataLength;
		});
		// Throttled from the start, sign-in included, so no pull can begin before the link is slow.
		await cdp.send('Network.emulateNetworkConditions', LINK);
		await signIn(page, leader);
		await waitForStatus(page, 'Last synced', { timeout: 60_000 });
		const log = await syncLog(page);
		const doneAt = statusAt(log, 'Last synced');
		if (log.firstRequestAt === null || doneAt === null) throw new Error('the first sync was not observed');
		await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
		const all = [...pulls.values()];
		return {
			ms: doneAt - log.firstRequestAt,
			wire: all.reduce((n, p) => n + p.wire, 0),
			decoded: all.reduce((n, p) => n + p.decoded, 0),
			pages: all.length,
			encodings: [...new Set(all.map((p) => p.encoding))].join('/'),
			counts: await deviceCounts(page, LARGE_AGENCY)
		};
	} finally {
		await context.close();
	}
}

/**
 * The same first pull for a client without brotli (gzip only): the dashboard document, which carries the first
 * page, and every page after it, as their compressed Content-Length. Fetched from Node with the leader's session.
 */
async function gzipFirstPull(baseURL, leader) {
	const login = await fetch(`${baseURL}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ identifier: leader.emsNumber, password: leader.password })
	});
	const cookie = login.headers.getSetCookie().map((h) => h.split(';')[0]).join('; ');
	if (!cookie) throw new Error(`signing in for the gzip row answered ${login.status} without a session`);
	const get = (path) => fetch(`${baseURL}${path}`, { headers: { cookie, 'accept-encoding': 'gzip' } });
	const size = (response) => {
		if (response.headers.get('content-encoding') !== 'gzip') throw new Error(`${response.url} was not sent gzip-compressed`);
		return Number(response.headers.get('content-length'));
	};
	const document = await get('/dashboard');
	let wire = size(document);
	await document.arrayBuffer();
	// The page the document carries (the same query), read only for its cursor; then the pages the engine asks for.
	let page = await (await get('/api/sync/pull?cursor=0&limit=5000&wire=columns')).json();
	while (page.more) {
		const response = await get(`/api/sync/pull?cursor=${page.cursor}&limit=5000&wire=columns`);
		wire += size(response);
		page = await response.json();
	}
	return wire;
}

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	const browser = await ctx.browser();
	const [{ baseURL, db }] = await ctx.databases();
	const leader = await largeAgencyLeader(db);
	const expected = await largeAgencyCounts(db);
	const runs = [];
	for (let run = 0; run < RUNS; run++) {
		const result = await throttledFirstPull(browser, baseURL, leader);
		for (const key of ['affiliations', 'members', 'vehicles'])
			if (result.counts[key] !== expected[key]) throw new Error(`device holds ${result.counts[key]} ${key} of ${LARGE_AGENCY}, the server ${expected[key]}`);
		runs.push(result);
	}
	const mid = runs.find((r) => r.ms === median(runs.map((r) => r.ms)));
	const what = `${expected.members} members + ${expected.vehicles} vehicles, ${mid.pages} pages, ${mid.encodings}, ${Math.round(mid.decoded / KIB)} KiB of JSON`;
	return [
		{ metric: `sync first pull, bytes on the wire (${what})`, value: median(runs.map((r) => r.wire)) / KIB, unit: 'KiB', budget: { max: 200 } },
		{ metric: 'sync first pull, bytes on the wire for a client without brotli (gzip)', value: (await gzipFirstPull(baseURL, leader)) / KIB, unit: 'KiB', budget: { max: 200 } },
		{ metric: `sync first pull at 1 Mbit/s, 300 ms latency (SQLite, median of ${RUNS})`, value: median(runs.map((r) => r.ms)), unit: 'ms', budget: { max: 3000 } }
	];
}
