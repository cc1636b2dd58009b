/**
 * How long to wait before retrying a failed sync: doubling from `baseMs` up to `maxMs`, with "equal jitter"
 * (half fixed, half random) so that many devices coming back after an outage do not retry in step, yet no
 * retry happens immediately.
 */
export interface BackoffOptions {
	baseMs?: number;
	maxMs?: number;
}

export function retryDelay(failures: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
	const base = options.baseMs ?? 2_000;
	const max = options.maxMs ?? 5 * 60_000;
	if (failures <= 0) return 0;
	const ceiling = Math.min(max, base * 2 ** Math.min(failures - 1, 30));
	return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
