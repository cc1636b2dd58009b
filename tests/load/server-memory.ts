import { readFileSync } from 'node:fs';

/**
 * Resident memory of the processes that answer requests, read from /proc (Linux): the node children of the served
 * app's supervising process (scripts/serve.mjs forks WEB_CONCURRENCY of them; the supervisor holds no app), as in
 * scripts/bench/measurements/60-server-memory.mjs.
 */
export const MB = 1024 * 1024;

export function servingProcesses(pid: number): number[] {
	let children: number[] = [];
	try {
		children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
	} catch {
		return [pid];
	}
	const workers = children.filter((child) => {
		try {
			return readFileSync(`/proc/${child}/comm`, 'utf8').trim() === 'node';
		} catch {
			return false;
		}
	});
	return workers.length ? workers : [pid];
}

/** Resident and peak resident (VmHWM) bytes of one process. */
export function memoryOf(pid: number): { rss: number; peak: number } {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kB = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? NaN) * 1024;
	return { rss: kB('VmRSS'), peak: kB('VmHWM') };
}

/** The largest resident size over the serving processes, in MB. */
export const largestRss = (pids: number[]) => Math.max(...pids.map((pid) => memoryOf(pid).rss)) / MB;
