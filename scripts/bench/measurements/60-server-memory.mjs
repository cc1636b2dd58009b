// Server memory (DESIGN.md §6: ≤ 150 MB RSS per process with the demo data loaded, peak under load included), read
// from /proc for every process that serves requests: the cluster's workers (scripts/serve.mjs; its supervising
// process holds no app). Rows, per serving process (decision 047):
// - peak at saturation: each worker's peak resident size is reset (clear_refs 5, which zeroes VmHWM), then PULLS
//   pulls are sent by 200 connections that each send their next request as soon as the last is answered (as
//   42-sync-throughput's capacity run), so the server is saturated; the peak is VmHWM after that load, and the rate
//   those pulls were answered at is printed beside it with its budget, so the row says at which load the peak was
//   seen. A fixed count of requests, not a fixed time: a machine with a smaller CPU share sends the same work.
// - the same again with SIGN_INS_IN_FLIGHT sign-ins always in flight beside the pulls (argon2id, 19 MiB each, on
//   separate accounts: concurrent attempts on one account are throttled).
// - peak over the whole bench: VmHWM as the earlier measurements left it (first pulls of a 2,000-member agency,
//   printing, sign-ins...), read before the reset.
// - settled: the lowest resident size over SETTLE_SECONDS of quiet afterwards. V8 keeps the heap it grew under load
//   until its memory reducer sees the process idle (~30 s), so "right after the load" measures the load.
import { readFileSync, writeFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { LARGE_AGENCY, serverModules } from '../databases.mjs';
import { memberSessions } from './42-sync-throughput.mjs';

const MB = 1024 * 1024;
const BUDGET_MB = 150;
const MIN_RPS = 500;
const SETTLE_SECONDS = Number(process.env.BENCH_MEMORY_SETTLE_SECONDS ?? 45);
const CONNECTIONS = 200;
const PULLS = Number(process.env.BENCH_MEMORY_PULLS ?? 20_000);
const SIGN_INS_IN_FLIGHT = 16;
const TIMEOUT_SECONDS = 10;
const PATH = '/api/sync/pull?cursor=0&limit=1000&wire=columns'; // as the device asks (decision 050)
const PASSWORD = 'Bench-Memory-2026!';

function childrenOf(pid) {
	try {
		return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [];
	}
}

/** Resident and peak resident bytes of a process (Linux /proc). */
function memoryOf(pid) {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kB = (field) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
	return { rss: kB('VmRSS'), peak: kB('VmHWM') };
}

/** Zeroes VmHWM (Linux ≥ 4.0; needs the right to ptrace the process, which its parent's user has). */
function resetPeak(pid) {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
		return true;
	} catch {
		return false;
	}
}

/** The processes that answer requests: a cluster primary's node children, else the process itself. */
function servingProcesses(pid) {
	const workers = childrenOf(pid).filter((child) => {
		try {
			return readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'node';
		} catch {
			return false;
		}
	});
	return workers.length ? workers : [pid];
}

/**
 * `count` members of the large agency (after the first 200, whom the pulls use) given one password: concurrent
 * attempts on one account would be throttled (rate-limit.ts reserves each attempt before the hash is checked).
 */
async function signInAccounts(db, count) {
	const { hashPassword } = await serverModules();
	const members = await db
		.selectFrom('affiliations')
		.innerJoin('accounts', 'accounts.emsNumber', 'affiliations.emsNumber')
		.select(['accounts.id', 'accounts.emsNumber'])
		.where('affiliations.agencyNumber', '=', LARGE_AGENCY)
		.where('affiliations.role', '=', 'member')
		.where('affiliations.endedOn', 'is', null)
		.where('affiliations.deletedAt', 'is', null)
		.orderBy('affiliations.emsNumber')
		.offset(CONNECTIONS)
		.limit(count)
		.execute();
	if (members.length < count) throw new Error(`only ${members.length} members to sign in`);
	const passwordHash = await hashPassword(PASSWORD);
	await db.updateTable('accounts').set({ passwordHash }).where('id', 'in', members.map((m) => m.id)).execute();
	return members.map((m) => ({ identifier: m.emsNumber, password: PASSWORD }));
}

/** Signs each account in, over and over, all at once, until `stop()`; resolves with the counts. */
function signInsInFlight(baseURL, accounts) {
	const origin = new URL(baseURL).origin;
	let stopped = false;
	let done = 0;
	let failed = 0;
	const one = async (login) => {
		while (!stopped) {
			try {
				const response = await fetch(`${baseURL}/login`, {
					method: 'POST',
					redirect: 'manual',
					headers: { accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded', origin },
					body: new URLSearchParams(login)
				});
				await response.arrayBuffer();
				if (response.status === 303) done++;
				else failed++;
			} catch {
				// A kept-alive connection the server closed as this request went out (ECONNRESET): counted.
				failed++;
			}
		}
	};
	const loops = accounts.map(one);
	return {
		async stop() {
			stopped = true;
			await Promise.all(loops);
			return { done, failed };
		}
	};
}

/** PULLS pulls from CONNECTIONS closed-loop connections; resolves with the rate they were answered at. */
function saturate(baseURL, cookies) {
	let n = 0;
	const statuses = new Map();
	return new Promise((resolve, reject) => {
		const started = performance.now();
		const instance = autocannon(
			{
				url: baseURL,
				connections: CONNECTIONS,
				amount: PULLS,
				timeout: TIMEOUT_SECONDS,
				requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: PATH, headers: { cookie: cookies[n++ % cookies.length] } }) }]
			},
			(error, result) => {
				if (error) return reject(error);
				const seconds = (performance.now() - started) / 1000;
				const failures = [...statuses].filter(([status]) => status !== 200).map(([status, count]) => `${count} × ${status}`);
				const errors = result.errors - result.timeouts; // autocannon counts timeouts among errors
				if (errors) failures.push(`${errors} connection errors`);
				// As in 42-sync-throughput, requests autocannon gave up on are said, not counted as failed: they are
				// the connections still waiting when the count was reached, and the first ones opened all at once.
				resolve({ rps: result.requests.total / seconds, failed: errors + result.non2xx, failures: failures.join(', '), unanswered: result.timeouts });
			}
		);
		instance.on('response', (_client, status) => statuses.set(status, (statuses.get(status) ?? 0) + 1));
	});
}

/** Runs `load` with each worker's peak resident size reset first; the peak is VmHWM after it (also sampled). */
async function peakDuring(pids, load) {
	if (!pids.every(resetPeak)) throw new Error(`cannot reset the peak resident size of ${pids.join(', ')} (/proc/PID/clear_refs)`);
	// Sampled as well: a second opinion on VmHWM.
	const sampled = new Map(pids.map((pid) => [pid, 0]));
	const sampler = setInterval(() => {
		for (const pid of pids) sampled.set(pid, Math.max(sampled.get(pid), memoryOf(pid).rss));
	}, 20);
	try {
		const result = await load();
		return { result, peakMB: Math.max(...pids.map((pid) => memoryOf(pid).peak)) / MB, sampledMB: Math.max(...sampled.values()) / MB };
	} finally {
		clearInterval(sampler);
	}
}

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	if (process.platform !== 'linux') return [{ metric: 'server RSS', value: null, unit: 'MB', note: 'needs /proc (Linux)' }];
	const rows = [];
	const databases = await ctx.databases();
	for (const { label, baseURL, db, serverPid } of databases) {
		const pids = servingProcesses(serverPid ?? ctx.serverPid);
		const n = pids.length;
		const what = `${n} process${n === 1 ? '' : 'es'}, ${label}, demo data loaded`;
		const wholeBench = Math.max(...pids.map((pid) => memoryOf(pid).peak)) / MB;

		const cookies = await memberSessions(db, CONNECTIONS);
		const accounts = await signInAccounts(db, SIGN_INS_IN_FLIGHT);
		const report = (name, phase) => {
			// A memory measurement: a few requests lost on a loaded machine are said, not fatal; more would skew it.
			if (phase.result.failed > PULLS / 1000) throw new Error(`${phase.result.failed} of ${PULLS} pulls failed under load (${name}, ${label}: ${phase.result.failures})`);
			if (phase.result.failed) console.log(`bench: memory at saturation, ${name} (${label}): ${phase.result.failures}`);
			if (phase.result.unanswered) console.log(`bench: memory at saturation, ${name} (${label}): ${phase.result.unanswered} requests unanswered after ${TIMEOUT_SECONDS} s`);
			const logins = phase.result.logins ? `, ${phase.result.logins.done} sign-ins (${SIGN_INS_IN_FLIGHT} in flight, ${phase.result.logins.failed} failed)` : '';
			console.log(
				`bench: memory at saturation, ${name} (${label}): ${PULLS} pulls at ${phase.result.rps.toFixed(0)}/s from ${CONNECTIONS} connections${logins}; peak ${phase.peakMB.toFixed(1)} MB (VmHWM), ${phase.sampledMB.toFixed(1)} MB (sampled every 20 ms)`
			);
			return phase;
		};
		const pullsOnly = report('pulls', await peakDuring(pids, () => saturate(baseURL, cookies)));
		const withSignIns = report(
			'pulls + sign-ins',
			await peakDuring(pids, async () => {
				const signIns = signInsInFlight(baseURL, accounts);
				const run = await saturate(baseURL, cookies);
				return { ...run, logins: await signIns.stop() };
			})
		);
		const { logins } = withSignIns.result;
		if (logins.failed > logins.done / 100 || logins.done === 0) throw new Error(`${logins.failed} sign-ins failed, ${logins.done} succeeded under load (${label})`);

		const settled = new Map();
		for (let t = 0; t <= SETTLE_SECONDS; t += 3) {
			for (const pid of pids) settled.set(pid, Math.min(settled.get(pid) ?? Infinity, memoryOf(pid).rss));
			if (t < SETTLE_SECONDS) await new Promise((r) => setTimeout(r, 3000));
		}
		const settledMB = pids.map((pid) => settled.get(pid) / MB);
		const load = `${PULLS} pulls by ${CONNECTIONS} connections`;
		rows.push({ metric: `server peak RSS per process at saturation (${load}; ${what})`, value: pullsOnly.peakMB, unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `sync requests/s while that peak was measured (${label})`, value: pullsOnly.result.rps, unit: 'req/s', budget: { min: MIN_RPS } });
		rows.push({ metric: `server peak RSS per process, the same with ${SIGN_INS_IN_FLIGHT} sign-ins in flight (${label})`, value: withSignIns.peakMB, unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `server peak RSS per process over the whole bench before it (${what})`, value: wholeBench, unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `server RSS per process, settled after the load (${what})`, value: Math.max(...settledMB), unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `server RSS settled, all ${n} serving processes (${label})`, value: settledMB.reduce((a, b) => a + b, 0), unit: 'MB' });
	}
	return rows;
}
