import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decide, type MutationIntent } from '../../src/lib/domain/permissions';
import type { SessionUser } from '../../src/lib/domain/session-user';
import type { SyncTable } from '../../src/lib/domain/sync-tables';
import type { MutationOp } from '../../src/lib/domain/sync-protocol';
import { ensureBuild } from '../../scripts/lib/prepare.mjs';
import { signIn, startBuiltApp, type BuiltApp } from '../support/built-app';
import { routesOnDisk, targetsOf, type Target } from '../support/routes-on-disk';
import { MUTATION_TYPES } from './fuzz-payloads';
import { ASKERS, MUTATIONS, ROUTES, type Asker, type MutationCell, type RouteCell } from './authorization-matrix';

/**
 * The authorization matrix (tests/server/authorization-matrix.ts) checked cell by cell: every route on disk is asked
 * by every kind of asker against the built app, and every sync mutation type is put to the permission rule. A
 * route or mutation type without a row fails, printing the row to add.
 */
const PORT = Number(process.env.MATRIX_PORT ?? 4284);
const FILE = 'tests/server/authorization-matrix.ts';
const AGENCY_A = 'A0082'; // the demo squad leader's agency
const AGENCY_B = 'A0001';

const keyOf = (t: Target) => `${t.method} ${t.route.id}${t.kind.startsWith('action') ? ` ?/${t.kind.slice('action '.length)}` : ''}`;
const targets = targetsOf(routesOnDisk());

function rowToAdd(key: string, cells: Record<Asker, string>): string {
	return `\t'${key}': row(${ASKERS.map((a) => `'${cells[a]}'`).join(', ')}),`;
}

describe('authorization matrix: the table covers everything', () => {
	it('has a row for every route, method and form action on disk', () => {
		const missing = targets.map(keyOf).filter((k) => !(k in ROUTES));
		expect(
			missing,
			`No row in ${FILE} (ROUTES) for these; add one per line, with each asker's outcome (${ASKERS.join(', ')}) as 'allow', 'deny' or 'home':\n` +
				missing.map((k) => rowToAdd(k, Object.fromEntries(ASKERS.map((a) => [a, '?'])) as Record<Asker, string>)).join('\n') +
				'\n("a route without a row" below prints what the app answers now: check each cell before copying it)'
		).toEqual([]);
	});

	it('has no row for a route that is gone', () => {
		const onDisk = new Set(targets.map(keyOf));
		expect(Object.keys(ROUTES).filter((k) => !onDisk.has(k)), `Remove these rows from ${FILE} (ROUTES): no such route on disk`).toEqual([]);
	});

	it('has a row for every sync mutation type', () => {
		const missing = MUTATION_TYPES.map((m) => `${m.table} ${m.op}`).filter((k) => !(k in MUTATIONS));
		expect(missing, `No row in ${FILE} (MUTATIONS) for these; add:\n${missing.map((k) => `\t'${k}': row('deny', ?, ?, ?, ?),`).join('\n')}`).toEqual([]);
	});
});

describe('authorization matrix: every route as every asker (built app)', () => {
	let app: BuiltApp;
	const accounts: Partial<Record<Asker, [string, string]>> = {
		licensee: ['100002', 'Demo-Paramedic-2026!'],
		'squad leader A': ['100003', 'Demo-Leader-2026!'],
		'squad leader B': ['100003', 'Demo-Leader-2026!'],
		office: ['office@example.org', 'Demo-Office-2026!']
	};
	const cookies: Partial<Record<Asker, string>> = {};
	const home: Partial<Record<Asker, string>> = { licensee: '/dashboard', 'squad leader A': '/dashboard', 'squad leader B': '/dashboard', office: '/office' };

	beforeAll(async () => {
		ensureBuild();
		app = await startBuiltApp(PORT);
		for (const asker of ASKERS) {
			const account = accounts[asker];
			if (account) cookies[asker] = await signIn(app.baseURL, ...account);
		}
	}, 240_000);
	afterAll(async () => app?.stop());

	async function ask(target: Target, asker: Asker): Promise<{ cell: RouteCell; saw: string }> {
		const agency = asker === 'squad leader B' ? AGENCY_B : AGENCY_A;
		const url = target.url.replace('/agency/7001', `/agency/${agency}`);
		const isEndpoint = target.kind.startsWith('endpoint');
		const headers: Record<string, string> = { origin: app.baseURL, accept: isEndpoint ? 'application/json' : 'text/html' };
		if (cookies[asker]) headers.cookie = cookies[asker]!;
		let body: string | undefined;
		if (target.method !== 'GET') {
			headers['content-type'] = isEndpoint ? 'application/json' : 'application/x-www-form-urlencoded';
			body = isEndpoint ? '{}' : '';
		}
		const response = await fetch(`${app.baseURL}${url}`, { method: target.method, headers, body, redirect: 'manual' });
		const text = await response.text();
		const full = response.headers.get('location') ?? '';
		const location = full.split('?')[0]!;
		const saw = `${response.status}${location ? ` → ${location}` : ''}`;
		if (response.status >= 500) throw new Error(`${target.method} ${url} as ${asker} answered ${response.status}: ${text.slice(0, 300)}`);
		if (response.status === 401 || response.status === 403) return { cell: 'deny', saw };
		if (response.status >= 300 && response.status < 400) {
			// Sent to sign in and come back (the hook's refusal); signing out's own "go to sign in" has no way back.
			if (full.startsWith('/login?next=') && !cookies[asker]) return { cell: 'deny', saw };
			if (location === home[asker]) return { cell: 'home', saw };
		}
		return { cell: 'allow', saw };
	}

	it('a route without a row: prints the row of what the app answers now', async () => {
		const rows: string[] = [];
		for (const target of targets.filter((t) => !(keyOf(t) in ROUTES))) {
			const got = {} as Record<Asker, string>;
			for (const asker of ASKERS) got[asker] = (await ask(target, asker)).cell;
			rows.push(rowToAdd(keyOf(target), got));
		}
		expect(rows, `Rows to check and add to ${FILE} (ROUTES), from what the app answers now:\n${rows.join('\n')}`).toEqual([]);
	});

	const checked = targets.filter((t) => keyOf(t) in ROUTES);
	it.each(checked.map((t) => [keyOf(t), t] as const))('%s', async (key, target) => {
		const got = {} as Record<Asker, string>;
		const saw: string[] = [];
		for (const asker of ASKERS) {
			const answer = await ask(target, asker);
			got[asker] = answer.cell;
			saw.push(`${asker}: ${answer.saw}`);
			// Signing out ends this asker's session: sign in again for the rows that follow.
			if (target.route.id === '/logout' && accounts[asker]) cookies[asker] = await signIn(app.baseURL, ...accounts[asker]!);
		}
		expect(got, `${key} — the app answers (${saw.join('; ')}), as a row:\n${rowToAdd(key, got)}`).toEqual(ROUTES[key]);
	});
});

describe('authorization matrix: every mutation type as every asker', () => {
	const base = { role: 'licensee', email: 'x@example.org' } as const;
	const users: Record<Exclude<Asker, 'no session'>, SessionUser> = {
		licensee: { ...base, accountId: 'a-lic', emsNumber: '100002', leaderOf: [] },
		'squad leader A': { ...base, accountId: 'a-lead', emsNumber: '100003', leaderOf: [AGENCY_A] },
		'squad leader B': { ...base, accountId: 'a-lead', emsNumber: '100003', leaderOf: [AGENCY_B] },
		office: { accountId: 'a-off', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] }
	};
	/** The record each row is about and a typical change to it: the licensee's own, or one of agency A's. */
	const existing: Record<SyncTable, Record<string, unknown>> = {
		persons: { emsNumber: '100002', firstName: 'Ann', lastName: 'Berg', street: '1 Main St' },
		credentials: { id: 'c1', emsNumber: '100002', level: 'Paramedic', status: 'active' },
		agencies: { number: AGENCY_A, name: 'Agency A', phone: '7015550100' },
		affiliations: { id: 'f1', agencyNumber: AGENCY_A, emsNumber: '100002', role: 'member', endedOn: null },
		vehicles: { id: 'v1', agencyNumber: AGENCY_A, unitNumber: '7', status: 'in_service' },
		ceEntries: { id: 'e1', emsNumber: '100002', title: 'ACLS renewal', hours: 4 }
	};
	const change: Record<SyncTable, Record<string, unknown>> = {
		persons: { street: '2 Oak Ave' },
		credentials: { status: 'expired' },
		agencies: { phone: '7015550199' },
		affiliations: { endedOn: '2026-12-01' },
		vehicles: { status: 'out_of_service' },
		ceEntries: { hours: 5 }
	};
	function intent(key: string): MutationIntent {
		const [table, op] = key.split(' ') as [SyncTable, MutationOp];
		if (key === 'persons update (name)') return { table, op, existing: existing.persons, changes: { lastName: 'Olson' } };
		if (op === 'insert') return { table, op, existing: null, changes: { ...existing[table], ...change[table] } };
		return { table, op, existing: existing[table], changes: op === 'delete' ? {} : change[table] };
	}
	const cellOf = (user: SessionUser, key: string): MutationCell => decide(user, intent(key)).kind;

	it.each(Object.keys(MUTATIONS))('%s', async (key) => {
		const got = { 'no session': 'deny' } as Record<Asker, MutationCell>;
		for (const asker of ASKERS) if (asker !== 'no session') got[asker] = cellOf(users[asker], key);
		expect(got, `${key} — permissions.ts decides, as a row:\n${rowToAdd(key, got)}`).toEqual(MUTATIONS[key]);
	});

	it('refuses every mutation without a session before reading it (the push endpoint)', async () => {
		const route = await import('../../src/routes/api/sync/push/+server');
		const request = new Request('http://localhost/api/sync/push', { method: 'POST', body: '{}' });
		await expect(route.POST({ locals: { user: null }, request } as never)).rejects.toMatchObject({ status: 401 });
	});
});
