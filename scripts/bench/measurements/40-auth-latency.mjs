// Sign-in and code-check latency; the measuring itself lives in ../auth-latency.mjs so it can run against any server.
import { authLatency } from '../auth-latency.mjs';

/** @param {import('../context.mjs').BenchContext} ctx */
export async function measure(ctx) {
	return authLatency(ctx.baseURL);
}
