// Open-loop load: requests start at a fixed average rate (Poisson arrivals, as from many independent devices)
// whether or not earlier ones have been answered, over keep-alive connections, one per client at most. Each
// latency is measured from when the request was due, not from when a socket was free, so a server that falls
// behind shows it in the percentiles instead of silently slowing the load (no coordinated omission).
// autocannon's own rate option sends each connection's share in a burst at the start of every second, which
// measures how 200 devices syncing in lockstep queue up, not a steady rate.
import http from 'node:http';

/** Deterministic uniform numbers in [0, 1) (mulberry32), so runs offer the same arrivals. */
function random(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * Offers `rate` requests per second for `warmupSeconds + seconds`; resolves with the latencies (ms, sorted) of the
 * requests due in the last `seconds`, the achieved rate of those, and the count of failures (non-2xx or errors).
 * @param {{ baseURL: string, path: string, headers: (i: number) => Record<string, string>, clients: number, rate: number, warmupSeconds: number, seconds: number, seed?: number }} options
 */
export function openLoad({ baseURL, path, headers, clients, rate, warmupSeconds, seconds, seed = 20261126 }) {
	const url = new URL(baseURL);
	const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
	const next = random(seed);
	const start = performance.now();
	const end = start + (warmupSeconds + seconds) * 1000;
	const windowStart = start + warmupSeconds * 1000;
	const latencies = [];
	let failures = 0;
	let pending = 0;
	let issued = 0;
	let due = start;
	let lastAnswer = windowStart;

	return new Promise((resolve) => {
		const finishIfDone = () => {
			if (due < end || pending > 0) return;
			agent.destroy();
			latencies.sort((a, b) => a - b);
			resolve({ latencies, failures, rps: (latencies.length / Math.max(lastAnswer - windowStart, seconds * 1000)) * 1000 });
		};
		const send = (at) => {
			const i = issued++;
			pending++;
			const counted = at >= windowStart;
			let answered = false;
			const done = (ok) => {
				if (answered) return; // a failing socket may report on both the request and the response
				answered = true;
				pending--;
				const now = performance.now();
				if (counted) {
					latencies.push(now - at);
					if (!ok) failures++;
					lastAnswer = Math.max(lastAnswer, now);
				}
				finishIfDone();
			};
			const request = http.get({ agent, host: url.hostname, port: url.port, path, headers: headers(i) }, (response) => {
				response.resume();
				response.on('end', () => done(response.statusCode >= 200 && response.statusCode < 300));
				response.on('error', () => done(false));
			});
			request.on('error', () => done(false));
		};
		const tick = () => {
			const now = performance.now();
			while (due <= now && due < end) {
				send(due);
				due += (-Math.log(1 - next()) / rate) * 1000;
			}
			if (due < end) setTimeout(tick, Math.max(0, Math.min(due - performance.now(), 5)));
			else finishIfDone();
		};
		tick();
	});
}
