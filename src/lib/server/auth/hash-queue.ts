import { availableParallelism } from 'node:os';

/**
 * Hashes in flight per process: the machine's cores shared among the server processes (WEB_CONCURRENCY,
 * scripts/serve.mjs), at least one. Every argon2id hash or verify holds its whole memory cost (19 MiB) outside the
 * JavaScript heap while it runs, and argon2 runs on libuv's four threads, so a burst of sign-ins held 4 × 19 MiB per
 * process; more hashes at once than cores would not finish sooner (argon2id is CPU-bound), only hold more memory
 * (decision 047). ARGON2_CONCURRENCY overrides it.
 */
export function hashConcurrency(env: Record<string, string | undefined> = process.env, cores = availableParallelism()): number {
	const set = Number(env.ARGON2_CONCURRENCY);
	if (Number.isInteger(set) && set >= 1) return set;
	const processes = Math.max(1, Number(env.WEB_CONCURRENCY ?? 1) || 1);
	return Math.max(1, Math.floor(cores / processes));
}
