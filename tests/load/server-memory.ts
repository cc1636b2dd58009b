import { readdirSync, readFileSync } from 'node:fs';

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

/** Clock ticks per second of /proc's CPU times (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** CPU seconds (user + system) a process has used, from /proc/<pid>/stat; 0 once it is gone. */
export function cpuSecondsOf(pid: number): number {
	try {
		// The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return (Number(fields[11]) + Number(fields[12])) / TICKS;
	} catch {
		return 0;
	}
}

/** CPU seconds of every process named `name` on this machine (PostgreSQL's server processes, say). */
export function cpuSecondsNamed(name: string): number {
	let total = 0;
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		try {
			if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === name) total += cpuSecondsOf(Number(entry));
		} catch {
			// Gone meanwhile.
		}
	}
	return total;
}

/**
 * The machine's CPU seconds so far over all cores (the `cpu` line of /proc/stat): in all, busy (not idle or waiting
 * for disk), and stolen by the hypervisor for other machines, which a shared host makes vary from run to run.
 */
export function machineCpu(): { total: number; busy: number; steal: number } {
	const ticks = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
	const total = ticks.slice(0, 8).reduce((a, b) => a + b, 0);
	return { total: total / TICKS, busy: (total - ticks[3]! - ticks[4]!) / TICKS, steal: ticks[7]! / TICKS };
}
