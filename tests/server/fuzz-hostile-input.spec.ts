import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBuild } from '../../scripts/lib/prepare.mjs';
import { signIn, startBuiltApp, type BuiltApp } from '../support/built-app';
import { routesOnDisk, targetsOf, type Target } from '../support/routes-on-disk';
import { FIELD_LABELS } from '../../src/lib/domain/sync-tables';
import { MUTATION_TYPES, TEN_MB, payloadsFor, pushesOf, queriesFor, type Payload } from './fuzz-payloads';

/**
 * Hostile input, generated from the routes on disk and the sync tables (not hand-listed): every page, form action,
 * endpoint and mutation type gets malformed, oversized, wrong-typed and injection-shaped requests from every kind of
 * asker. The answer is never a 5xx, a refusal says why in a sentence, a body that cannot be read as what the target
 * reads is refused with a 4xx, and the database is unchanged afterwards (compared as a dump).
 *
 * CI sends FUZZ_RUNS payloads per target and asker kind (10 on SQLite, 4 on the PostgreSQL pass: about a minute
 * together); `npm run fuzz` sends thousands and prints how many each endpoint took.
 */
const RUNS = Number(process.env.FUZZ_RUNS || (process.env.TEST_DATABASE_URL ? 4 : 10));
const PORT = Number(process.env.FUZZ_PORT ?? 4283);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
/** Only targets whose label contains this (`npm run fuzz -- /login`). */
const ONLY = process.env.FUZZ_ONLY ?? '';

/** Bookkeeping that hostile requests change by design; everything else must be byte-for-byte unchanged. */
const CHANGES_BY_DESIGN: Record<string, string> = {
	auth_throttle: 'counts refused sign-in and code attempts',
	rate_limits: 'counts requests per address',
	audit_events: 'records refused sign-ins and confirmations',
	webauthn_challenges: 'each passkey options request issues a challenge',
	sessions: 'the fuzzing sessions’ last-seen times',
	sync_clients: 'a device that pushed is remembered (its last sequence number), even when every change was refused',
	counters: 'a push reserves one revision per new mutation as it takes the lock, before it knows which are refused (decision 051)'
};

/** Targets that end the asker's session are sent only without one (the fuzzing sessions must last). */
const ENDS_SESSION = new Set(['/logout']);

const SENTENCE = /[A-Z][\w’'-]*(?:[ ,]+[^\s.!?<>"]+){2,}[.!?]/;

type Asker = 'no session' | 'licensee' | 'squad leader' | 'office';
let app: BuiltApp;
const cookies: Record<Asker, string | null> = { 'no session': null, licensee: null, 'squad leader': null, office: null };
let before: Record<string, string[]>;
/** A pending name-change request of the licensee's, so an upload reaches the content check. */
let requestId: string;
const sent = new Map<string, number>();

async function dump(): Promise<Record<string, string[]>> {
	const tables = (await app.db.introspection.getTables()).map((t) => t.name).filter((n) => !(n in CHANGES_BY_DESIGN));
	const out: Record<string, string[]> = {};
	for (const name of tables.sort()) {
		const rows = await app.db.selectFrom(name as never).selectAll().execute();
		out[name] = rows.map((r) => JSON.stringify(r)).sort();
	}
	return out;
}

interface Answer {
	status: number;
	text: string;
	location: string | null;
}

async function send(target: Target, payload: Payload, asker: Asker, accept: string): Promise<Answer> {
	const headers: Record<string, string> = { origin: app.baseURL, accept, ...payload.headers };
	if (payload.contentType !== null) headers['content-type'] = payload.contentType;
	const cookie = cookies[asker];
	if (cookie) headers.cookie = cookie;
	const url = `${app.baseURL}${target.url}${payload.query ? `${target.url.includes('?') ? '&' : '?'}${payload.query}` : ''}`;
	const body = target.method === 'GET' ? undefined : ((payload.body ?? undefined) as BodyInit | undefined);
	const init: RequestInit = { method: target.method, headers, body, redirect: 'manual' };
	let response: Response;
	try {
		response = await fetch(url, init);
	} catch (e) {
		// A server that answers without reading a large body closes that kept-alive connection; fetch may already
		// have picked it for this request. Once more on a fresh one; a server that really went away fails again.
		if (!(e instanceof TypeError)) throw e;
		response = await fetch(url, init);
	}
	return { status: response.status, text: await response.text(), location: response.headers.get('location') };
}

const visible = (text: string) => text.replace(/<script[\s\S]*?<\/script>/g, ' ').replace(/<[^>]+>/g, ' ');

/** A redirect to sign in (a 303, or the JSON a script-posted action gets): refused before the body was read. */
function toSignIn(a: Answer): boolean {
	if (a.status >= 300 && a.status < 400) return (a.location ?? '').startsWith('/login');
	return a.status === 200 && /^\{"type":"redirect","status":30\d,"location":"\/login/.test(a.text);
}

/** What is wrong with the answer, or null. */
function fault(payload: Payload, a: Answer): string | null {
	if (a.status >= 500) return `answered ${a.status}`;
	// A script-posted action's `failure` carries data its page turns into words; an HTTP refusal must say why itself.
	if (a.status >= 400 && !SENTENCE.test(visible(a.text))) return `refused (${a.status}) without a sentence saying why`;
	if (payload.unreadable && !(a.status >= 400 || toSignIn(a))) return `took a body it cannot read (answered ${a.status})`;
	return null;
}

function describePayload(p: Payload): string {
	const body = p.body === null ? '' : typeof p.body === 'string' ? p.body : `<${p.body.length} bytes>`;
	return `${p.kind}, content-type ${JSON.stringify(p.contentType)}${p.query ? `, query ${p.query.slice(0, 200)}` : ''}, body ${JSON.stringify(body.slice(0, 300))}${body.length > 300 ? ` … (${body.length} chars)` : ''}`;
}

/** Runs a property; on failure throws only our own description (fast-check's would print a 10 MB counterexample). */
async function check<T>(property: fc.IAsyncProperty<T>, numRuns: number) {
	const details = await fc.check(property, { numRuns, seed: SEED, endOnFailure: true });
	if (details.failed) {
		const cause = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
		throw new Error(`${cause}\n  (replay: FUZZ_SEED=${details.seed})${app.log.includes('Error') ? `\n  server log: ${app.log.slice(-2000)}` : ''}`);
	}
}

async function fuzz(label: string, target: Target, payloads: fc.Arbitrary<Payload>, askers: Asker[]) {
	await check(
		fc.asyncProperty(payloads, fc.constantFrom(...askers), fc.constantFrom('text/html', 'application/json'), async (payload, asker, accept) => {
			const answer = await send(target, payload, asker, accept);
			sent.set(label, (sent.get(label) ?? 0) + 1);
			const wrong = fault(payload, answer);
			if (wrong)
				throw new Error(`${target.method} ${target.url} as ${asker} (accept ${accept}) ${wrong}:\n  sent ${describePayload(payload)}\n  got ${visible(answer.text).replace(/\s+/g, ' ').slice(0, 400)}`);
		}),
		RUNS * askers.length
	);
}

const targets = targetsOf(routesOnDisk());
const timeout = 30_000 + RUNS * 4 * 150;

beforeAll(async () => {
	ensureBuild();
	app = await startBuiltApp(PORT);
	cookies.licensee = await signIn(app.baseURL, '100002', 'Demo-Paramedic-2026!');
	cookies['squad leader'] = await signIn(app.baseURL, '100003', 'Demo-Leader-2026!');
	cookies.office = await signIn(app.baseURL, 'office@example.org', 'Demo-Office-2026!');
	const { revision } = await app.db.selectFrom('persons').select('revision').where('emsNumber', '=', '100002').executeTakeFirstOrThrow();
	const asked = await fetch(`${app.baseURL}/api/sync/push`, {
		method: 'POST',
		headers: { origin: app.baseURL, cookie: cookies.licensee!, 'content-type': 'application/json' },
		body: JSON.stringify({ clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'persons', id: '100002', op: 'update', baseRevision: revision, changes: { lastName: 'Fuzzington' }, reason: 'Marriage' }] })
	});
	requestId = ((await asked.json()) as { results: { requestId: string }[] }).results[0]!.requestId;
	// The signing key is made on first use: made here, so the dump compares only what fuzzing could change.
	await fetch(`${app.baseURL}/verify/keys.json`);
	before = await dump();
}, 240_000);

afterAll(async () => {
	if (sent.size) {
		const width = Math.max(...[...sent.keys()].map((k) => k.length));
		const lines = [...sent].map(([k, n]) => `  ${k.padEnd(width)}  ${n}`);
		console.log(`Hostile payloads sent (${[...sent.values()].reduce((a, b) => a + b, 0)} in all):\n${lines.join('\n')}`);
	}
	await app?.stop();
});

describe('hostile input: every route, action and endpoint', () => {
	it('finds the targets on disk', () => {
		expect(targets.filter((t) => t.kind.startsWith('action')).map((t) => t.url)).toEqual(expect.arrayContaining(['/login', '/forgot-password', '/confirm']));
		expect(targets.some((t) => t.url === '/api/sync/push')).toBe(true);
	});

	for (const target of targets) {
		if (!`${target.method} ${target.url} (${target.kind})`.includes(ONLY)) continue;
		const label = `${target.method} ${target.url} (${target.kind})`;
		const askers: Asker[] = ENDS_SESSION.has(target.url) ? ['no session'] : ['no session', 'licensee', 'squad leader', 'office'];
		const reads = target.kind.startsWith('action') ? 'form' : target.kind.startsWith('endpoint') ? target.route.endpointReads : 'nothing';
		it(`${label} never answers 5xx, and refuses with a sentence`, async () => {
			if (target.method === 'GET') return fuzz(label, target, queriesFor(target.route.formFields), askers);
			const known = target.route.formFields;
			await fuzz(label, target, reads === 'form' || reads === 'json' ? payloadsFor(reads, known) : payloadsFor('nothing', known), askers);
			// One 10 MB body per asker kind: never a 5xx, and refused (413) by every target that reads its body.
			for (const asker of askers) {
				const answer = await send(target, { kind: '10 MB', contentType: 'application/x-www-form-urlencoded', body: `a=${'x'.repeat(TEN_MB)}`, unreadable: true }, asker, 'text/html');
				sent.set(label, (sent.get(label) ?? 0) + 1);
				expect(answer.status, `10 MB to ${label} as ${asker}`).toBeLessThan(500);
				if (reads !== 'nothing') expect(answer.status, `10 MB to ${label} as ${asker}`).toBeGreaterThanOrEqual(300);
			}
		}, timeout);
	}
});

describe.skipIf(!MUTATION_TYPES.some((t) => `POST /api/sync/push (${t.table} ${t.op})`.includes(ONLY)))('hostile input: every sync mutation type', () => {
	const push = targets.find((t) => t.url === '/api/sync/push')!;
	for (const type of MUTATION_TYPES) {
		const label = `POST /api/sync/push (${type.table} ${type.op})`;
		if (!label.includes(ONLY)) continue;
		it(`${type.op} of ${type.table}: refused whole, or every mutation rejected with a reason`, async () => {
			for (const [asker, ownId] of [['licensee', '100002'], ['squad leader', '100003'], ['office', '100002']] as const) {
				await check(
					fc.asyncProperty(pushesOf(type, ownId), async (payload) => {
						const answer = await send(push, payload, asker, 'application/json');
						sent.set(label, (sent.get(label) ?? 0) + 1);
						const where = `${label} as ${asker}:\n  sent ${describePayload(payload)}\n  got ${answer.status} ${answer.text.slice(0, 400)}`;
						if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${where}`);
						if (answer.status >= 400) {
							if (!SENTENCE.test(answer.text)) throw new Error(`refused without a sentence: ${where}`);
							return;
						}
						const { results } = JSON.parse(answer.text) as { results: { status: string; reason?: string }[] };
						for (const r of results) {
							if (r.status !== 'rejected') throw new Error(`a hostile mutation was ${r.status}: ${where}`);
							if (!SENTENCE.test(r.reason ?? '')) throw new Error(`rejected without a sentence: ${where}`);
						}
					}),
					RUNS
				);
			}
		}, timeout);
	}
});

describe('uploads', () => {
	const LIES: [string, Uint8Array][] = [
		['HTML', new TextEncoder().encode('<script>alert(1)</script>')],
		['PDF', new TextEncoder().encode('%PDF-1.7\n1 0 obj')],
		['Windows program', new Uint8Array([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0])],
		['PNG', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0])],
		['JPEG', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])]
	];
	it('refuses a document photo whose bytes are not the image its content type names', async () => {
		const target = targets.find((t) => t.route.id === '/api/change-requests/[id]/document')!;
		const real = { ...target, url: target.url.replace('7001', requestId) };
		const label = `${target.method} ${real.url.replace(requestId, '<pending request>')} (lying content type)`;
		const lie = fc.oneof(fc.constantFrom(...LIES), fc.uint8Array({ minLength: 1, maxLength: 2000 }).map((b): [string, Uint8Array] => ['random bytes', b]));
		await check(
			fc.asyncProperty(fc.constantFrom('image/jpeg', 'image/png', 'image/webp'), lie, async (type, [what, bytes]) => {
				// The one honest pairing is not a lie.
				if (type === `image/${what.toLowerCase()}`) return;
				const payload: Payload = { kind: `${what} as ${type}`, contentType: type, body: bytes, headers: { 'x-file-name': '%E0%A4%A' }, unreadable: true };
				const answer = await send(real, payload, 'licensee', 'application/json');
				sent.set(label, (sent.get(label) ?? 0) + 1);
				if (answer.status !== 415 || !SENTENCE.test(answer.text)) throw new Error(`${what} sent as ${type} answered ${answer.status} ${answer.text.slice(0, 200)}`);
			}),
			RUNS * 4
		);
	});
});

/**
 * U+0000 in any text, sent to every target deterministically (the random sample above found it only now and then):
 * PostgreSQL refuses it in any text parameter, so a form field that reaches a query — even a lookup by id — answered
 * 500, and a pushed change holding it failed on every retry. Every form action, as every asker, with every field it
 * reads set to text holding a NUL; every mutation type with each of its fields, and its reason, holding one.
 */
describe('a NUL character anywhere', () => {
	const NUL_TEXT = 'A\u0000B';
	it('in any field of any form action is refused with a sentence, never a 5xx', async () => {
		for (const target of targets.filter((t) => t.kind.startsWith('action'))) {
			for (const asker of ENDS_SESSION.has(target.url) ? (['no session'] as Asker[]) : (['no session', 'licensee', 'squad leader', 'office'] as Asker[])) {
				const fields = [...new Set([...target.route.formFields, 'credentialId', 'reason', 'id'])];
				const body = new URLSearchParams(fields.map((f) => [f, NUL_TEXT])).toString();
				const payload: Payload = { kind: 'NUL in every field', contentType: 'application/x-www-form-urlencoded', body, unreadable: false };
				const answer = await send(target, payload, asker, 'text/html');
				sent.set('NUL in every field of an action', (sent.get('NUL in every field of an action') ?? 0) + 1);
				const wrong = fault(payload, answer);
				if (wrong) throw new Error(`${target.method} ${target.url} as ${asker} ${wrong}: ${visible(answer.text).replace(/\s+/g, ' ').slice(0, 300)}`);
			}
		}
	}, 120_000);

	it('in the query string of any page or endpoint, or in its path, is refused with a sentence, never a 5xx', async () => {
		const names = ['q', 'number', 'token', 'kind', 'next', 'ems', 'c', 'cursor', 'since', 'correct', 'event', 'account', 'from', 'to'];
		const query = new URLSearchParams(names.map((n) => [n, NUL_TEXT])).toString();
		for (const target of targets.filter((t) => t.method === 'GET')) {
			for (const asker of ['no session', 'licensee', 'squad leader', 'office'] as Asker[]) {
				for (const payload of [
					{ kind: 'NUL in the query', contentType: null, body: null, query, unreadable: false },
					{ kind: 'NUL in the path', contentType: null, body: null, query: `x=%00`, unreadable: false }
				] satisfies Payload[]) {
					const at = payload.kind === 'NUL in the path' ? { ...target, url: `${target.url.replace(/\/$/, '')}/%00` } : target;
					const answer = await send(at, payload, asker, 'application/json');
					sent.set(payload.kind, (sent.get(payload.kind) ?? 0) + 1);
					const wrong = fault(payload, answer);
					if (wrong) throw new Error(`GET ${at.url} as ${asker} ${wrong}: ${visible(answer.text).replace(/\s+/g, ' ').slice(0, 300)}`);
				}
			}
		}
	}, 120_000);

	it('in a pushed change or its reason is rejected with a sentence, never retried forever', async () => {
		const push = targets.find((t) => t.url === '/api/sync/push')!;
		for (const type of MUTATION_TYPES) {
			for (const field of [...Object.keys(FIELD_LABELS[type.table]), '(reason)']) {
				const changes = field === '(reason)' ? { lastName: 'Fuzzington' } : { [field]: NUL_TEXT };
				const mutation = { seq: 1, table: type.table, id: type.table === 'persons' ? '100002' : crypto.randomUUID(), op: type.op, baseRevision: type.op === 'insert' ? null : 1, changes, ...(field === '(reason)' ? { reason: NUL_TEXT } : {}) };
				const payload: Payload = { kind: 'NUL in a pushed field', contentType: 'application/json', body: JSON.stringify({ clientId: crypto.randomUUID(), mutations: [mutation] }), unreadable: false };
				const answer = await send(push, payload, 'licensee', 'application/json');
				sent.set('NUL in a pushed field', (sent.get('NUL in a pushed field') ?? 0) + 1);
				const where = `${type.op} of ${type.table}, ${field}: ${answer.status} ${answer.text.slice(0, 300)}`;
				expect(answer.status, where).toBe(200);
				const { results, retryLater } = JSON.parse(answer.text) as { results: { status: string; reason?: string }[]; retryLater?: string };
				expect(retryLater, where).toBeUndefined();
				expect(results.map((r) => r.status), where).toEqual(['rejected']);
				expect(results[0]!.reason, where).toMatch(SENTENCE);
			}
		}
		// An id holding a control character is no device's: the whole push is unreadable (reload), not retried.
		const payload: Payload = { kind: 'NUL in an id', contentType: 'application/json', body: JSON.stringify({ clientId: crypto.randomUUID(), mutations: [{ seq: 1, table: 'persons', id: '1000\u000002', op: 'update', baseRevision: 1, changes: { mobilePhone: '7015550101' } }] }), unreadable: true };
		const answer = await send(push, payload, 'licensee', 'application/json');
		expect(answer.status, answer.text).toBe(400);
		expect(answer.text).toMatch(SENTENCE);
	}, 120_000);
});

describe('hostile input leaves the registry as it was', () => {
	it('has the same rows in every table afterwards (bookkeeping tables aside)', async () => {
		const after = await dump();
		for (const table of Object.keys(before)) {
			const gone = before[table]!.filter((r) => !after[table]!.includes(r));
			// The mutation log keeps each answer so that a resend gets the same one: refusals only, never applied.
			const logged = (r: string) => table === 'sync_mutations' && (JSON.parse(r) as { status: string }).status === 'rejected';
			const added = after[table]!.filter((r) => !before[table]!.includes(r) && !logged(r));
			expect({ table, gone: gone.slice(0, 3), added: added.slice(0, 3) }).toEqual({ table, gone: [], added: [] });
		}
	}, 60_000);
});
