// Server memory (DESIGN.md §6: ≤ 150 MB RSS with the demo data loaded), read from /proc for every process that
// serves requests: the cluster's workers (scripts/serve.mjs; its supervising process holds no app). This file runs
// last, so the servers have by now signed people in (argon2id takes 19 MiB per hash), answered tens of thousands
// of sync pulls from 200 concurrent sessions and printed. Rows, per serving process:
// - settled: the lowest resident size over SETTLE_SECONDS of quiet after all that. V8 keeps the heap it grew under
//   load until its memory reducer sees the process idle (~30 s), so "right after the load" measures the load;
// - peak: the most it was resident at any moment of the bench (VmHWM), i.e. with 200 requests in flight;
// and the sum of the settled sizes over the serving processes.
import { readFileSync } from 'node:fs';

const MB = 1024 * 1024;
const BUDGET_MB = 150;
const SETTLE_SECONDS = 45;

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

/** @param {import('../context.mjs').BenchContext} ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(ctx) {
	if (process.platform !== 'linux') return [{ metric: 'server RSS', value: null, unit: 'MB', note: 'needs /proc (Linux)' }];
	const servers = [{ label: 'SQLite', pid: ctx.serverPid }];
	for (const db of await ctx.databases()) if (db.serverPid) servers.push({ label: db.label, pid: db.serverPid });
	const watched = servers.map((server) => ({ ...server, pids: servingProcesses(server.pid) }));
	const settled = new Map();
	for (let t = 0; t <= SETTLE_SECONDS; t += 3) {
		for (const { pids } of watched) for (const pid of pids) settled.set(pid, Math.min(settled.get(pid) ?? Infinity, memoryOf(pid).rss));
		if (t < SETTLE_SECONDS) await new Promise((r) => setTimeout(r, 3000));
	}
	const rows = [];
	for (const { label, pids } of watched) {
		const n = pids.length;
		const what = `${n} process${n === 1 ? '' : 'es'}, ${label}, demo data loaded`;
		const settledMB = pids.map((pid) => settled.get(pid) / MB);
		rows.push({ metric: `server RSS per process, settled after the bench (${what})`, value: Math.max(...settledMB), unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `server peak RSS per process during the bench (${what})`, value: Math.max(...pids.map((pid) => memoryOf(pid).peak)) / MB, unit: 'MB', budget: { max: BUDGET_MB } });
		rows.push({ metric: `server RSS settled, all ${n} serving processes (${label})`, value: settledMB.reduce((a, b) => a + b, 0), unit: 'MB' });
	}
	return rows;
}
