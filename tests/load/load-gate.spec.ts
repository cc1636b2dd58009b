import { availableParallelism, loadavg } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/lib/server/auth/password';
import { signIn, startBuiltApp, type BuiltApp } from '../support/built-app';
import { runDevice, type DeviceSession, type SessionStats } from './device-session';
import { cpuSecondsNamed, cpuSecondsOf, largestRss, machineCpu, memoryOf, MB, servingProcesses } from './server-memory';

/**
 * Load gate (issue 15, decision 049): LOAD_SESSIONS signed-in devices sync at once for LOAD_SECONDS against the built
 * app (scripts/e2e-server.mjs → scripts/serve.mjs, loopback only) on SQLite, or on a fresh PostgreSQL database when
 * TEST_DATABASE_URL is set. Each device signed in through the login form and runs ./device-session.ts. Passes when
 * no answer is an error, p95 is within DESIGN.md §6's sync budget (≤ 100 ms at the ≥ 500 requests/s that 200
 * devices offer together), the devices got through their rounds, and the serving process is back under the 150 MB
 * RSS budget once idle. CI: 50 devices × 10 s per database; `npm run load`: 200 × 60 s. It also prints where the
 * CPU went, per request (server, PostgreSQL, this generator) and the share the host stole, which is what tells a
 * slow run on a busy machine from slower code (decision 053).
 */
const SESSIONS = Number(process.env.LOAD_SESSIONS || 50);
const SECONDS = Number(process.env.LOAD_SECONDS || 10);
/** Mean time between a device's sync rounds (push + pull): 200 devices offer 500 requests/s, the budget's load. */
const ROUND_MS = Number(process.env.LOAD_ROUND_MS || 800);
const PORT = Number(process.env.LOAD_PORT || 4296);
const MAX_P95_MS = 100;
const RSS_BUDGET_MB = 150;
/** V8 returns the heap it grew under load once its memory reducer sees the process idle (~30 s; decision 012). */
const SETTLE_SECONDS = 60;
const LARGE_AGENCY = 'A0001';
const PASSWORD = 'Load-Gate-Device-2026!';
const label = process.env.TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite';
/**
 * Latency and pace are budgets, which DESIGN.md §6 checks where the machine is known to be quiet, not in every
 * timed test run: `npm run load` sets LOAD_STRICT=1 (.ci/run does not: a slow CI machine would turn it red while the
 * code is the same); `npm test` prints them against the budget instead. Errors, what was stored and memory are checked always (decision 049).
 */
const STRICT = process.env.LOAD_STRICT === '1';

let app: BuiltApp;
let sessions: DeviceSession[] = [];
let rssBefore = 0;
let signInSeconds = 0;

const generatorSeconds = (after: NodeJS.CpuUsage, before: NodeJS.CpuUsage) => (after.user - before.user + after.system - before.system) / 1e6;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

beforeAll(async () => {
	app = await startBuiltApp(PORT, { databasePrefix: 'load_gate' });
	rssBefore = largestRss(servingProcesses(app.pid));
	// Current members of the large demo agency, each given a password (one hash: argon2id is the server's work at
	// sign-in, not the gate's), then signed in through the form, a few at a time as devices would arrive.
	const members = await app.db
		.selectFrom('affiliations')
		.innerJoin('accounts', 'accounts.emsNumber', 'affiliations.emsNumber')
		.select(['accounts.id', 'accounts.emsNumber'])
		.where('affiliations.agencyNumber', '=', LARGE_AGENCY)
		.where('affiliations.role', '=', 'member')
		.where('affiliations.endedOn', 'is', null)
		.where('affiliations.deletedAt', 'is', null)
		.orderBy('affiliations.emsNumber')
		.limit(SESSIONS)
		.execute();
	if (members.length < SESSIONS) throw new Error(`only ${members.length} demo members to sign in`);
	const hash = await hashPassword(PASSWORD);
	await app.db
		.updateTable('accounts')
		.set({ passwordHash: hash, passwordChangedAt: new Date().toISOString() })
		.where('id', 'in', members.map((m) => m.id))
		.execute();
	const started = performance.now();
	const queue = [...members];
	await Promise.all(
		Array.from({ length: 4 }, async () => {
			for (let m = queue.shift(); m; m = queue.shift()) sessions.push({ emsNumber: m.emsNumber!, cookie: await signIn(app.baseURL, m.emsNumber!, PASSWORD) });
		})
	);
	signInSeconds = (performance.now() - started) / 1000;
}, 300_000);

afterAll(async () => {
	await app?.stop();
});

describe(`load (${label})`, () => {
	it(`${SESSIONS} signed-in devices syncing for ${SECONDS} s: no error answers, p95 ≤ ${MAX_P95_MS} ms, memory back under ${RSS_BUDGET_MB} MB`, async () => {
		const pids = servingProcesses(app.pid);
		let peakSampled = 0;
		const sampler = setInterval(() => (peakSampled = Math.max(peakSampled, largestRss(pids))), 250);
		// Where the machine's CPU went: the serving processes, PostgreSQL's, this generator, and the hypervisor's share.
		const cpu = () => ({ server: pids.reduce((n, pid) => n + cpuSecondsOf(pid), 0), database: cpuSecondsNamed('postgres'), generator: process.cpuUsage(), machine: machineCpu() });
		const cpuBefore = cpu();
		const started = performance.now();
		const until = started + SECONDS * 1000;
		const today = new Date().toISOString().slice(0, 10);
		let all: SessionStats[];
		try {
			all = await Promise.all(sessions.map((s, i) => runDevice(app.baseURL, s, { until, roundMs: ROUND_MS, seed: 20261202 + i, today })));
		} finally {
			clearInterval(sampler);
		}
		const elapsed = (performance.now() - started) / 1000;
		const cpuAfter = cpu();
		const peakHwm = Math.max(...pids.map((pid) => memoryOf(pid).peak)) / MB;
		const latencies = all.flatMap((s) => s.latencies).sort((a, b) => a - b);
		const requests = all.reduce((n, s) => n + s.requests, 0);
		const rounds = all.reduce((n, s) => n + s.rounds, 0);
		const offeredRounds = (SESSIONS * SECONDS * 1000) / ROUND_MS;
		const errors = new Map<string, number>();
		for (const s of all) for (const [kind, n] of s.errors) errors.set(kind, (errors.get(kind) ?? 0) + n);
		const errorCount = [...errors.values()].reduce((a, b) => a + b, 0);
		const applied = { contact: all.reduce((n, s) => n + s.applied.contact, 0), ce: all.reduce((n, s) => n + s.applied.ce, 0) };

		// Back under budget once idle: the lowest resident size seen, polled until it is under or SETTLE_SECONDS pass.
		const idleFrom = performance.now();
		let after = largestRss(pids);
		while (after > RSS_BUDGET_MB && performance.now() - idleFrom < SETTLE_SECONDS * 1000) {
			await new Promise((r) => setTimeout(r, 1000));
			after = Math.min(after, largestRss(pids));
		}
		const settledIn = (performance.now() - idleFrom) / 1000;

		const byKind = (['first pull', 'push', 'pull'] as const)
			.map((kind) => {
				const sorted = all.flatMap((s) => s.byKind[kind]).sort((a, b) => a - b);
				return `${kind} ${percentile(sorted, 95).toFixed(1)} ms (${sorted.length})`;
			})
			.join(', ');
		const cpuPerRequest = (seconds: number) => `${((1000 * seconds) / requests).toFixed(2)} ms`;
		const ms = (p: number) => `${percentile(latencies, p).toFixed(1)} ms`;
		console.log(
			[
				`load (${label}): ${SESSIONS} devices × ${SECONDS} s (signed in through the form in ${signInSeconds.toFixed(1)} s), ${pids.length} serving process(es), load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
				`  requests ${requests} (${(requests / elapsed).toFixed(0)}/s; offered ≈ ${((2 * SESSIONS * 1000) / ROUND_MS).toFixed(0)}/s), rounds ${rounds} of ≈ ${offeredRounds.toFixed(0)} offered, applied ${applied.contact} contact edits + ${applied.ce} CE entries`,
				`  errors ${errorCount}${errorCount ? ': ' + [...errors].map(([k, n]) => `${n}× ${k}`).join('; ') : ''}`,
				`  CPU per request: server ${cpuPerRequest(cpuAfter.server - cpuBefore.server)}, ${process.env.TEST_DATABASE_URL ? `PostgreSQL ${cpuPerRequest(cpuAfter.database - cpuBefore.database)}, ` : ''}generator ${cpuPerRequest(generatorSeconds(cpuAfter.generator, cpuBefore.generator))}; machine busy ${((cpuAfter.machine.busy - cpuBefore.machine.busy) / elapsed).toFixed(2)} of ${availableParallelism()} cores, stolen ${(100 * (cpuAfter.machine.steal - cpuBefore.machine.steal) / Math.max(1e-9, cpuAfter.machine.total - cpuBefore.machine.total)).toFixed(1)}%`,
				`  latency p50 ${ms(50)}, p95 ${ms(95)}, p99 ${ms(99)}, max ${ms(100)}; p95 by kind: ${byKind}`,
				`  RSS before ${rssBefore.toFixed(0)} MB, peak ${Math.max(peakSampled, peakHwm).toFixed(0)} MB (sampled ${peakSampled.toFixed(0)}, VmHWM ${peakHwm.toFixed(0)}), after ${after.toFixed(0)} MB (${settledIn.toFixed(0)} s idle)`
			].join('\n')
		);

		// What the devices were told was applied is what the database holds.
		const stored = await app.db.selectFrom('ceEntries').select((eb) => eb.fn.countAll().as('n')).where('title', 'like', 'Load round %').executeTakeFirstOrThrow();
		expect.soft(Number(stored.n), 'CE entries stored vs. applied answers').toBe(applied.ce);
		expect.soft(Object.fromEntries(errors), 'error answers').toEqual({});
		const p95 = percentile(latencies, 95);
		if (STRICT) {
			expect.soft(p95, `p95 of ${requests} sync requests (ms)`).toBeLessThanOrEqual(MAX_P95_MS);
			expect.soft(rounds, 'rounds the devices got through (a server that falls behind leaves them fewer)').toBeGreaterThanOrEqual(0.9 * offeredRounds);
		} else if (p95 > MAX_P95_MS || rounds < 0.9 * offeredRounds) {
			console.warn(`load (${label}): over the sync budget (p95 ${p95.toFixed(0)} ms > ${MAX_P95_MS} ms or ${rounds} < 90% of ${offeredRounds.toFixed(0)} rounds); not failed: LOAD_STRICT is not set (load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores)`);
		}
		expect(after, `RSS after ${settledIn.toFixed(0)} s idle (MB)`).toBeLessThanOrEqual(RSS_BUDGET_MB);
	}, 600_000);
});
