// Bulk import (issue 14; DESIGN.md §6: 50,000 people < 60 s, goal < 10 s; memory < 300 MB): 500 agencies, 50,000
// personnel, 60,000 affiliations and 1,000 vehicles, written as CSV by src/lib/server/import/sample-files.ts, then
// `npm run import` exactly as package.json runs it (its node flags included), on a fresh database of its own so
// the app server's demo database stays as the other measurements left it: a SQLite file, and a PostgreSQL
// database when BENCH_DATABASE_URL or TEST_DATABASE_URL is set. Per database: the dry run, the real import
// (everything created), the same files again (everything unchanged), and the most memory the command held
// (VmHWM from /proc, sampled until it exits).
import { spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { once } from 'node:events';
import { tsImport } from 'tsx/esm/api';

const SIZE = { agencies: 500, persons: 50_000, affiliations: 60_000, vehicles: 1_000 };
const BUDGET_S = 60;
const MEMORY_MB = 300;
const KINDS = ['agencies', 'personnel', 'affiliations', 'vehicles'];

async function writeSamples(dir) {
	const { sampleLines } = await tsImport('../../../src/lib/server/import/sample-files.ts', import.meta.url);
	const files = [];
	for (const kind of KINDS) {
		const path = join(dir, `${kind}.csv`);
		const out = createWriteStream(path);
		for (const line of sampleLines(kind, SIZE)) if (!out.write(line)) await once(out, 'drain');
		out.end();
		await once(out, 'finish');
		files.push(path);
	}
	return files;
}

function peakOf(pid) {
	try {
		const status = readFileSync(`/proc/${pid}/status`, 'utf8');
		return Number(status.match(/^VmHWM:\s+(\d+) kB/m)?.[1] ?? 0) / 1024;
	} catch {
		return 0;
	}
}

/** Runs the command as `npm run import` would; resolves with seconds, peak MB and the report. */
async function runImport(args, env, dir) {
	const [node, ...flags] = JSON.parse(readFileSync('package.json', 'utf8')).scripts.import.split(' ');
	const reportPath = join(dir, 'report.json');
	const started = performance.now();
	const child = spawn(node === 'node' ? process.execPath : node, [...flags, '--report', reportPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
	let output = '';
	child.stdout.on('data', (d) => (output += d));
	child.stderr.on('data', (d) => (output += d));
	let peak = 0;
	const sampler = setInterval(() => (peak = Math.max(peak, peakOf(child.pid))), 50);
	const [code] = await once(child, 'exit');
	clearInterval(sampler);
	const seconds = (performance.now() - started) / 1000;
	if (code !== 0) throw new Error(`npm run import ${args[0]} exited ${code}: ${output.slice(-500)}`);
	return { seconds, peak, report: JSON.parse(readFileSync(reportPath, 'utf8')) };
}

const total = (report, key) => report.files.reduce((n, f) => n + f[key], 0);

async function postgresTarget(serverUrl) {
	const pg = (await import('pg')).default;
	const name = `ems_bench_import_${process.pid}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	await admin.query(`create database ${name}`);
	await admin.end();
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		label: 'PostgreSQL',
		env: { DATABASE_URL: url.toString() },
		async drop() {
			const a = new pg.Client({ connectionString: serverUrl });
			await a.connect();
			await a.query(`drop database if exists ${name} with (force)`);
			await a.end();
		}
	};
}

/** @param {import('../context.mjs').BenchContext} _ctx @returns {Promise<import('../table.mjs').Row[]>} */
export async function measure(_ctx) {
	const dir = resolve('bench-results', 'import');
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(join(dir, 'data'), { recursive: true });
	const files = await writeSamples(dir);
	const lines = SIZE.agencies + SIZE.persons + SIZE.affiliations + SIZE.vehicles;
	const targets = [{ label: 'SQLite', env: { DATA_DIR: join(dir, 'data'), DATABASE_URL: '' }, drop: async () => {} }];
	const pgServer = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
	if (pgServer) targets.push(await postgresTarget(pgServer));
	const rows = [];
	try {
		for (const target of targets) {
			const dry = await runImport(['--dry-run', ...files], target.env, dir);
			const real = await runImport(files, target.env, dir);
			if (total(real.report, 'created') !== lines || !real.report.written) throw new Error(`the import created ${total(real.report, 'created')} of ${lines} lines`);
			const again = await runImport(files, target.env, dir);
			if (total(again.report, 'unchanged') !== lines || again.report.written) throw new Error('the second import changed something');
			const note = `${lines.toLocaleString('en-US')} lines, goal 10 s`;
			rows.push(
				{ metric: `bulk import dry run, 50,000 people (${target.label})`, value: dry.seconds, unit: 's', budget: { max: BUDGET_S }, note },
				{ metric: `bulk import, 50,000 people (${target.label})`, value: real.seconds, unit: 's', budget: { max: BUDGET_S }, note },
				{ metric: `bulk import again, all unchanged (${target.label})`, value: again.seconds, unit: 's', budget: { max: BUDGET_S } },
				{ metric: `bulk import peak memory (${target.label})`, value: Math.max(dry.peak, real.peak, again.peak), unit: 'MB', budget: { max: MEMORY_MB } }
			);
		}
	} finally {
		for (const target of targets) await target.drop();
		rmSync(dir, { recursive: true, force: true });
	}
	return rows;
}
