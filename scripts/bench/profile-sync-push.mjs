// Where a push of 500 spends its time (decision 046): the 41-sync-push bench's rounds, with a timeline per round
// (page clock: online → push request sent → answer received → "All changes saved", and the pull after it, from
// Resource Timing) and CPU time rather than wall time, which the shared machine's load distorts: the server's
// processes (utime + stime from /proc, primary and workers) and the page's main thread (CDP Performance metrics).
// Run against a build: `BENCH_PORT=4431 node scripts/bench/profile-sync-push.mjs [rounds]`.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { startAppServer } from './app-server.mjs';
import { launchChromium } from './chromium.mjs';
import { benchDatabases, LARGE_AGENCY, largeAgencyLeader } from './databases.mjs';
import { deviceCounts, deviceOutboxSource, signIn, statusAt, syncLog, waitForStatus, watchSyncIndicator } from './device.mjs';

process.env.WEB_CONCURRENCY ??= '2';
const ROUNDS = Number(process.argv[2] ?? 5);
const QUEUED = 500;
const EDITS = 200;
const TICK_MS = 1000 / 100; // USER_HZ

/** utime + stime (ms) of `pid` and every process below it. */
function treeCpuMs(pid) {
	const children = new Map();
	const own = new Map();
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
			const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
			const ppid = Number(fields[1]);
			own.set(Number(entry), (Number(fields[11]) + Number(fields[12])) * TICK_MS);
			children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
		} catch {
			/* gone */
		}
	}
	let total = 0;
	const walk = (p) => {
		total += own.get(p) ?? 0;
		for (const c of children.get(p) ?? []) walk(c);
	};
	walk(pid);
	return total;
}

function queueEdits({ agency, queued, edits, round }) {
	const { clientIdFor, deviceDb, getMeta, upsertVehicle, vinCheckDigit } = window.benchOutbox;
	return (async () => {
		const db = deviceDb();
		const vehicles = (await db.vehicles.where('agencyNumber').equals(agency).sortBy('id')).slice(0, edits);
		for (const [i, v] of vehicles.entries()) {
			// Out of service needs its date and reason, a return to service clears them (vehicle.ts): a valid edit either way.
			const status = v.status === 'in_service' ? { status: 'out_of_service', outOfServiceOn: '2026-01-15', outOfServiceReason: 'Bench' } : { status: 'in_service', outOfServiceOn: null, outOfServiceReason: null };
			await upsertVehicle({ id: v.id, unitNumber: `Prof ${round}-${i}`, ...status });
		}
		for (let i = 0; i < queued - edits; i++) {
			const draft = `1FDXE4FS0R${"KLMNPRSTUVWXYZ"[round % 14]}${String(Date.now() % 1_000_000 + i * 7).padStart(6, '0')}`.slice(0, 17);
			const vin = draft.slice(0, 8) + vinCheckDigit(draft) + draft.slice(9);
			await upsertVehicle({ agencyNumber: agency, unitNumber: `PNew ${round}-${i}`, vin, year: 2024, make: 'Ford', model: 'E-450', type: 'type_iii_ambulance', status: 'in_service' });
		}
		return clientIdFor(db, await getMeta(db, 'accountId'));
	})();
}

const port = Number(process.env.BENCH_PORT ?? 4393);
const server = await startAppServer({ port, nodeOptions: process.env.PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF_DIR}`] : [] });
const databases = benchDatabases({ ...server, port });
const browser = await launchChromium();
try {
	const [{ baseURL, db }] = await databases.list();
	const leader = await largeAgencyLeader(db);
	const context = await browser.newContext({ baseURL });
	await context.addInitScript(watchSyncIndicator);
	const page = await context.newPage();
	const cdp = await context.newCDPSession(page);
	await cdp.send('Performance.enable');
	const pageCpu = async () => {
		const { metrics } = await cdp.send('Performance.getMetrics');
		return Object.fromEntries(metrics.filter((m) => ['TaskDuration', 'ScriptDuration'].includes(m.name)).map((m) => [m.name, m.value * 1000]));
	};
	await signIn(page, leader);
	await waitForStatus(page, 'Last synced');
	await page.evaluate(await deviceOutboxSource());
	const lines = [];
	for (let round = 0; round < ROUNDS; round++) {
		await context.setOffline(true);
		await waitForStatus(page, 'Offline');
		await page.evaluate(queueEdits, { agency: LARGE_AGENCY, queued: QUEUED, edits: EDITS, round });
		const { outbox } = await deviceCounts(page, LARGE_AGENCY);
		if (outbox !== QUEUED) throw new Error(`outbox ${outbox}`);
		await page.evaluate(() => {
			window.__benchSync.onlineAt = null;
			performance.clearResourceTimings();
		});
		await new Promise((r) => setTimeout(r, 300));
		const cpu0 = treeCpuMs(server.pid);
		const page0 = await pageCpu();
		if (process.env.TRACE) await browser.startTracing(page, { path: `${process.env.TRACE}/trace-${round}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'IndexedDB', 'blink', 'toplevel', 'disabled-by-default-v8.gc'] });
		if (process.env.PAGE_PROF) {
			await cdp.send('Profiler.enable');
			await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
			await cdp.send('Profiler.start');
		}
		await context.setOffline(false);
		await page.waitForFunction(() => window.__benchSync.onlineAt !== null);
		const onlineAt = await page.evaluate(() => window.__benchSync.onlineAt);
		await waitForStatus(page, 'waiting to sync', { since: onlineAt });
		const seenAt = statusAt(await syncLog(page), 'waiting to sync', onlineAt);
		await waitForStatus(page, 'All changes saved', { since: seenAt });
		const doneAt = statusAt(await syncLog(page), 'All changes saved', seenAt);
		const cpuAtDone = treeCpuMs(server.pid);
		if (process.env.TRACE) await browser.stopTracing();
		if (process.env.PAGE_PROF) {
			const { profile } = await cdp.send('Profiler.stop');
			writeFileSync(`${process.env.PAGE_PROF}/page-${round}.cpuprofile`, JSON.stringify(profile));
		}
		await waitForStatus(page, 'Last synced', { since: doneAt });
		await new Promise((r) => setTimeout(r, 300));
		const cpu1 = treeCpuMs(server.pid);
		const page1 = await pageCpu();
		const entries = await page.evaluate(() =>
			performance.getEntriesByType('resource').map((e) => ({
				path: new URL(e.name).pathname,
				start: e.startTime,
				requestStart: e.requestStart,
				responseStart: e.responseStart,
				end: e.responseEnd,
				transfer: e.transferSize,
				encoded: e.encodedBodySize,
				decoded: e.decodedBodySize
			}))
		);
		const rel = (t) => Math.round(t - onlineAt);
		const parts = entries
			.filter((e) => e.path.startsWith('/api/'))
			.map((e) => `${e.path} ${rel(e.start)}→${rel(e.requestStart)}→${rel(e.responseStart)}→${rel(e.end)} (${e.encoded}/${e.decoded} B)`);
		lines.push(
			`round ${round}: done ${Math.round(doneAt - onlineAt)} ms; server CPU ${Math.round(cpuAtDone - cpu0)} ms to done, ${Math.round(cpu1 - cpu0)} ms with pull; ` +
				`page task ${Math.round(page1.TaskDuration - page0.TaskDuration)} ms, script ${Math.round(page1.ScriptDuration - page0.ScriptDuration)} ms\n    ${parts.join('\n    ')}`
		);
		console.log(lines.at(-1));
	}
	await context.close();
} finally {
	await browser.close();
	await databases.close();
	await server.stop();
}
