import http from 'node:http';
import { decodePullPage, type PullWire } from '../../src/lib/domain/pull-wire';

/**
 * One signed-in device syncing the way the app does (src/lib/client/sync.ts): at a random moment of the first round
 * (devices are opened by different people, not at one instant; decision 053), a first pull from cursor 0, then
 * rounds of "push what was queued, then pull what is new since the last cursor". Each round queues one small
 * mutation of the person's own: a contact edit (mobile phone, based on the revision the last answer gave) or a new
 * CE entry. Rounds start at random times, a mean `roundMs` apart (Poisson, as from independent devices), over the
 * device's own keep-alive connection; a round that is due while the last one is still waiting starts when it ends,
 * so a server that falls behind shows as fewer rounds (checked by the gate), not as a queue the generator builds.
 */
export interface SessionStats {
	/** Latency of every answered request (ms, from the moment it was sent). */
	latencies: number[];
	/** The same latencies by kind of request: first pull, push, pull after a push. */
	byKind: Record<'first pull' | 'push' | 'pull', number[]>;
	requests: number;
	/** Answers that were not what a device expects: status and a short reason, counted by kind. */
	errors: Map<string, number>;
	rounds: number;
	/** Mutations the server applied (its answer says so), by kind. */
	applied: { contact: number; ce: number };
}

export interface DeviceSession {
	emsNumber: string;
	cookie: string;
}

interface Answer {
	status: number;
	body: string;
	ms: number;
}

function request(agent: http.Agent, base: URL, cookie: string, method: 'GET' | 'POST', path: string, body?: string): Promise<Answer> {
	return new Promise((resolve) => {
		const started = performance.now();
		const req = http.request(
			{
				agent,
				host: base.hostname,
				port: base.port,
				method,
				path,
				headers: { cookie, accept: 'application/json', origin: base.origin, ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}) }
			},
			(res) => {
				const chunks: Buffer[] = [];
				res.on('data', (c: Buffer) => chunks.push(c));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - started }));
				res.on('error', (e) => resolve({ status: 0, body: String(e), ms: performance.now() - started }));
			}
		);
		// Says how far a request got when it times out: never connected, connected but no answer, or answer cut short.
		let stage = 'not connected';
		req.on('socket', (socket) => {
			if (!socket.connecting) stage = 'connected, no answer';
			else socket.once('connect', () => (stage = 'connected, no answer'));
		});
		req.on('response', () => (stage = 'answer started'));
		req.setTimeout(30_000, () => req.destroy(new Error(`no answer within 30 s (${stage})`)));
		req.on('error', (e) => resolve({ status: 0, body: e.message, ms: performance.now() - started }));
		req.end(body);
	});
}

/** Deterministic uniform numbers in [0, 1) (mulberry32), so runs offer the same arrivals. */
function random(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs one device until `until` (performance.now() time); resolves with what it saw. */
export async function runDevice(baseURL: string, session: DeviceSession, opts: { until: number; roundMs: number; seed: number; today: string }): Promise<SessionStats> {
	const base = new URL(baseURL);
	const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
	const next = random(opts.seed);
	const stats: SessionStats = { latencies: [], byKind: { 'first pull': [], push: [], pull: [] }, requests: 0, errors: new Map(), rounds: 0, applied: { contact: 0, ce: 0 } };
	const fail = (kind: string) => stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);
	const clientId = crypto.randomUUID();
	let seq = 0;
	let cursor = 0;
	let since: string | null = null;
	let revision: number | null = null;

	let first = true;
	const send = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
		const answer = await request(agent, base, session.cookie, method, path, body === undefined ? undefined : JSON.stringify(body));
		stats.requests++;
		stats.latencies.push(answer.ms);
		stats.byKind[method === 'POST' ? 'push' : first ? 'first pull' : 'pull'].push(answer.ms);
		if (answer.status !== 200) {
			fail(`${method} ${path.split('?')[0]} → ${answer.status} ${answer.body.slice(0, 120)}`);
			return null;
		}
		try {
			return JSON.parse(answer.body) as Record<string, any>;
		} catch {
			fail(`${method} ${path.split('?')[0]} → 200 with a body that is not JSON`);
			return null;
		}
	};

	const pullAll = async () => {
		for (let page = 0; page < 20; page++) {
			// Column-wise, as the app asks (decision 050), and read back into rows as the app reads it.
			const query = new URLSearchParams({ cursor: String(cursor), limit: '1000', wire: 'columns', ...(since ? { since } : {}) });
			const wire = await send('GET', `/api/sync/pull?${query}`);
			if (!wire) return;
			const answer = decodePullPage(wire as PullWire) as unknown as Record<string, any>;
			const mine = (answer.rows?.persons as { emsNumber: string; revision: number }[] | undefined)?.find((p) => p.emsNumber === session.emsNumber);
			if (mine) revision = mine.revision;
			cursor = answer.cursor;
			since = answer.asOf ?? since;
			if (!answer.more) return;
		}
	};

	try {
		// Devices are opened by different people: each starts at its own moment in the first round, not all 200 at
		// one instant (a burst no set of independent devices makes, which measured the queue it built, not the rate).
		await sleep(next() * opts.roundMs);
		await pullAll();
		first = false;
		if (revision === null) fail('the first pull did not hold the person’s own record');
		let due = performance.now();
		while (performance.now() < opts.until) {
			due += -Math.log(1 - next()) * opts.roundMs;
			const wait = due - performance.now();
			if (wait > 0) await sleep(wait);
			if (performance.now() >= opts.until) break;
			const contact = stats.rounds % 2 === 0;
			seq++;
			const mutation = contact
				? { seq, table: 'persons', id: session.emsNumber, op: 'update', baseRevision: revision, changes: { mobilePhone: `+1701555${String(seq % 10_000).padStart(4, '0')}` } }
				: {
						seq,
						table: 'ceEntries',
						id: crypto.randomUUID(),
						op: 'insert',
						baseRevision: null,
						changes: { emsNumber: session.emsNumber, title: `Load round ${seq}`, provider: 'Sanford Health', completedOn: opts.today, hours: 1, format: 'F1', component: 'national', topic: 'airway', pediatric: false }
					};
			if (!contact) (mutation.changes as Record<string, unknown>).id = mutation.id;
			const pushed = await send('POST', '/api/sync/push', { clientId, mutations: [mutation] });
			const result = pushed?.results?.[0];
			if (pushed && result?.status !== 'applied') fail(`push of a ${contact ? 'contact edit' : 'CE entry'} answered ${result?.status ?? 'no result'}: ${result?.reason ?? pushed.retryLater ?? ''}`);
			else if (result) {
				stats.applied[contact ? 'contact' : 'ce']++;
				if (contact && typeof result.revision === 'number') revision = result.revision;
			}
			await pullAll();
			stats.rounds++;
		}
	} finally {
		agent.destroy();
	}
	return stats;
}
