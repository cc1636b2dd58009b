// Rebuilds only when the build is missing or older than its sources, so repeated bench runs measure quickly.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const sources = ['src', 'static', 'vite.config.ts', 'svelte.config.js', 'package.json'];
// Both are written late in `vite build` (the worker, then the adapter's server entry).
const outputs = ['build/index.js', 'build/client/sw.js'];

function newestMtime(path) {
	const stat = statSync(path);
	if (!stat.isDirectory()) return stat.mtimeMs;
	let newest = stat.mtimeMs;
	for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
	return newest;
}

export function buildIsStale() {
	if (!outputs.every((file) => existsSync(file))) return true;
	const built = Math.min(...outputs.map((file) => statSync(file).mtimeMs));
	return sources.some((source) => existsSync(source) && newestMtime(source) > built);
}

export function ensureFreshBuild() {
	if (!buildIsStale()) return false;
	process.stderr.write('bench: build/ is missing or older than the sources; building…\n');
	for (const args of [['svelte-kit', 'sync'], ['vite', 'build']]) {
		const run = spawnSync('npx', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
		if (run.status !== 0) {
			process.stderr.write(run.stdout + run.stderr);
			throw new Error(`npx ${args.join(' ')} failed (exit ${run.status})`);
		}
	}
	return true;
}
