// Server sync throughput and latency against the real built server (SvelteKit, hooks with the session lookup, the
// /api/sync/pull endpoint with its license signing). 200 members of the large agency get a session each, created
// with the app's session module in the server's database; every request carries one of the 200 session cookies, in
// turn. Each request is a pull from cursor 0 (the member's own person, credentials, affiliations and agencies, and
// their signed license), the heaviest request a member's device makes; a periodic pull with nothing new is lighter.
//
// Budget (DESIGN.md §6): the server handles ≥ 500 sync requests/s with p95 ≤ 100 ms. Per database:
// - capacity: 200 connections, each sending its next request as soon as the last is answered (autocannon), so
//   the server is saturated; the rate it sustains is the requests/s row. Its p95 is printed without a budget:
//   in a closed loop every request queues behind the 199 others (mean latency = 200 / throughput), so that p95
//   measures the queue the load generator builds, not the latency at any given load.
// - latency at the budget's load: the same 200 clients offering 500 requests/s together, arriving independently
//   (./open-load.mjs); p95 of those is the latency row. Then 1,000 requests/s, to show the headroom.
// p95 is computed from every response time (autocannon's summary has p90 and p97.5, not p95). The load generator
// runs in this process and shares the 2 cores with the server (and PostgreSQL); its CPU share is printed.
import autocannon from 'autocannon';
import { LARGE_AGENCY, serverModules } from '../databases.mjs';
import { openLoad } from '../open-load.mjs';

const MIN_RPS = 500;
/** The budget's load, offered by the 200 clients together, and twice that to show the headroom (no budget). */
const OFFERED_RPS = [500, 1000];
const MAX_P95_MS = 100;
const CONNECTIONS = 200;
const WARMUP = 3;
const SECONDS = 10;
const PATH = '/api/sync/pull?cursor=0&limit=1000&wire=columns'; // as the device asks (decision 050)

function percentile(sorted, p) {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** One session for each of `count` current members of the large agency; returns their cookie headers. */
export async function memberSessions(db, count) {
	const { createSession, SESSION_COOKIE } = await serverModules();
	const members = await db
		.selectFrom('affiliations')
		.innerJoin('accounts', 'accounts.emsNumber', 'affiliations.emsNumber')
		.select('accounts.id')
		.where('affiliations.agencyNumber', '=', LARGE_AGENCY)
		.where('affiliations.role', '=', 'member')
		.where('affiliations.endedOn', 'is', null)
		.where('affiliations.deletedAt', 'is', null)
		.orderBy('affiliations.emsNumber')
		.limit(count)
		.execute();
	if (members.length < count) throw new Error(`only ${members.length} members to sign in`);
	const cookies = [];
	for (const { id } of members) {
		const { token } = await createSession(db, id, { ip: '127.0.0.1', userAgent: 'bench' });
		cookies.push(`${SESSION_COOKIE}=${token}`);
	}
	return cookies;
}

/**
 * One autocannon run of WARMUP + SECONDS; only responses completed in the last SECONDS count. One run, not a warm-up
 * run and then a measured one: each run opens its 200 connections at once, and connections that arrive while the
 * server is saturated wait seconds for their first answer, which says more about the load generator's start than
 * about steady sync traffic.
 */
function saturate(baseURL, cookies) {
	let n = 0;
	const responses = [];
	let started = 0;
	let cpuBefore;
	return new Promise((resolve, reject) => {
		const instance = autocannon(
			{
				url: baseURL,
				connections: CONNECTIONS,
				duration: WARMUP + SECONDS,
				requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: PATH, headers: { cookie: cookies[n++ % cookies.length] } }) }]
			},
			(error, result) => {
				if (error) return reject(error);
				const windowStart = started + WARMUP * 1000;
				const counted = responses.filter((r) => r.at >= windowStart);
				const latencies = counted.map((r) => r.ms).sort((a, b) => a - b);
				const windowMs = Math.max(...counted.map((r) => r.at)) - windowStart;
				const cpu = process.cpuUsage(cpuBefore);
				resolve({
					rps: (counted.length / windowMs) * 1000,
					p95: percentile(latencies, 95),
					errors: result.errors - result.timeouts + result.non2xx, // autocannon counts timeouts among errors
					timeouts: result.timeouts,
					ownCpu: (cpu.user + cpu.system) / 1000 / (performance.now() - windowStart)
				});
			}
		);
		started = performance.now();
		setTimeout(() => (cpuBefore = process.cpuUsage()), WARMUP * 1000);
		instance.on('response', (_client, status, _bytes, ms) => responses.push({ at: performance.now(), ms, status }));
	});
}

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	const rows = [];
	for (const { label, baseURL, db } of await ctx.databases()) {
		const cookies = await memberSessions(db, CONNECTIONS);
		const check = await fetch(`${baseURL}${PATH}`, { headers: { cookie: cookies[0] } });
		const page = await check.json();
		if (check.status !== 200 || page.tables.persons.count !== 1 || !page.signed?.license) throw new Error(`a member's pull answered ${check.status} without their record (${label})`);
		const run = await saturate(baseURL, cookies);
		if (run.errors) throw new Error(`${run.errors} sync requests failed under load (${label})`);
		console.log(`bench: sync load (${label}): autocannon used ${(run.ownCpu * 100).toFixed(0)}% of one core; ${run.timeouts} requests unanswered after 10 s (first requests of connections opened at the start)`);
		const steady = [];
		for (const rate of OFFERED_RPS) {
			const cpuBefore = process.cpuUsage();
			const offered = await openLoad({ baseURL, path: PATH, headers: (i) => ({ cookie: cookies[i % cookies.length] }), clients: CONNECTIONS, rate, warmupSeconds: WARMUP, seconds: SECONDS });
			const cpu = process.cpuUsage(cpuBefore);
			if (offered.failures) throw new Error(`${offered.failures} sync requests failed at ${rate} requests/s (${label})`);
			console.log(`bench: sync at ${rate} req/s (${label}): ${offered.latencies.length} requests answered at ${offered.rps.toFixed(0)}/s; the load generator used ${((cpu.user + cpu.system) / 10 / (WARMUP + SECONDS) / 1000).toFixed(0)}% of one core`);
			steady.push({ rate, p95: percentile(offered.latencies, 95) });
		}
		const server = `real server, ${process.env.WEB_CONCURRENCY ?? 1} process(es), ${label}`;
		rows.push({ metric: `sync requests/s at saturation, ${CONNECTIONS} sessions (${server})`, value: run.rps, unit: 'req/s', budget: { min: MIN_RPS } });
		for (const { rate, p95 } of steady) {
			rows.push({ metric: `sync p95 at ${rate} req/s from ${CONNECTIONS} sessions (${server})`, value: p95, unit: 'ms', ...(rate === MIN_RPS ? { budget: { max: MAX_P95_MS } } : {}) });
		}
		rows.push({ metric: `sync p95 at saturation, queueing included (${server})`, value: run.p95, unit: 'ms' });
	}
	return rows;
}
