// Shared by scripts/bench/sync-*.mjs: a fresh database with a squad leader's roster, and a small HTTP server
// that answers /api/sync/push and /api/sync/pull with the app's own sync functions (src/lib/server/sync).
// It stands in for the SvelteKit server so a bench does not depend on signing in: the caller is named by an
// `x-bench-user` header. Measured: HTTP, JSON, validation, permissions, the database — not the session lookup.
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tsImport } from 'tsx/esm/api';

let modules;
const app = () => (modules ??= tsImport('./sync-bench-modules.ts', import.meta.url));

export const ROSTER_SIZE = 2000;
export const VEHICLES = 200;
export const AGENCY = 'A0900';
export const LEADER = '900000';

/** Opens a fresh migrated database: SQLite in a temp folder, or a new database on the PostgreSQL server `pgUrl`. */
export async function freshDatabase(pgUrl) {
	const { openDatabase, migrateToLatest } = await app();
	if (pgUrl) {
		const pg = (await import('pg')).default;
		const name = `ems_bench_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: pgUrl });
		await admin.connect();
		await admin.query(`create database ${name}`);
		await admin.end();
		const url = new URL(pgUrl);
		url.pathname = `/${name}`;
		const handle = openDatabase({ url: url.toString() }); // the app's default pool
		await migrateToLatest(handle.db);
		return {
			...handle,
			async dispose() {
				await handle.close();
				const a = new pg.Client({ connectionString: pgUrl });
				await a.connect();
				// Pool connections close asynchronously; forcing them would raise an error on the closing pool.
				for (let attempt = 0; ; attempt++) {
					try {
						await a.query(`drop database if exists ${name}`);
						break;
					} catch (error) {
						if (attempt > 50) throw error;
						await new Promise((r) => setTimeout(r, 100));
					}
				}
				await a.end();
			}
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'ems-bench-'));
	const handle = openDatabase({ sqlitePath: join(dir, 'registry.db') });
	await migrateToLatest(handle.db);
	return {
		...handle,
		async dispose() {
			await handle.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

const vinValues = Object.fromEntries([...'ABCDEFGHJKLMNPRSTUVWXYZ'].map((c, i) => [c, [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][i]]));
const weights = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];
export function vin(n) {
	const draft = `1FDXE4FS0KDC${String(n).padStart(5, '0')}`;
	let sum = 0;
	for (let i = 0; i < 17; i++) sum += (/\d/.test(draft[i]) ? Number(draft[i]) : vinValues[draft[i]]) * weights[i];
	const check = sum % 11 === 10 ? 'X' : String(sum % 11);
	return draft.slice(0, 8) + check + draft.slice(9);
}

/** One agency, its squad leader, ROSTER_SIZE members with a credential each, VEHICLES vehicles. */
export async function seedRoster(db) {
	const now = new Date().toISOString();
	const total = 1 + (ROSTER_SIZE + 1) * 3 + VEHICLES;
	await db.transaction().execute(async (trx) => {
		const { value } = await trx
			.updateTable('counters')
			.set((eb) => ({ value: eb('value', '+', total) }))
			.where('name', '=', 'revision')
			.returning('value')
			.executeTakeFirstOrThrow();
		let revision = Number(value) - total;
		const stamp = () => ({ revision: ++revision, updatedAt: now, deletedAt: null });
		await trx
			.insertInto('agencies')
			.values({ number: AGENCY, name: 'Bench County Ambulance', type: 'bls_ground', parentNumber: null, phone: '+17015550100', email: 'bench@example.org', street: '1 Main St', street2: null, city: 'Minot', state: 'ND', zip: '58701', licenseNumber: 'AL-0900', licenseExpiresOn: '2027-06-30', ...stamp() })
			.execute();
		const persons = [];
		const credentials = [];
		const affiliations = [];
		for (let i = 0; i <= ROSTER_SIZE; i++) {
			const ems = String(900000 + i);
			persons.push({ emsNumber: ems, firstName: 'Member', middleName: null, lastName: `Number${i}`, suffix: null, dateOfBirth: '1990-01-01', email: `m${ems}@example.org`, mobilePhone: '+17015550101', homePhone: null, street: `${i} Elm St`, street2: null, city: 'Minot', state: 'ND', zip: '58701', ...stamp() });
			credentials.push({ id: crypto.randomUUID(), emsNumber: ems, level: 'EMT', number: `EMT-${ems}`, status: 'active', issuedOn: '2024-04-01', expiresOn: '2026-03-31', nremtNumber: `E${ems}`, nremtExpiresOn: '2026-03-31', ...stamp() });
			affiliations.push({ id: crypto.randomUUID(), emsNumber: ems, agencyNumber: AGENCY, role: i === 0 ? 'squad_leader' : 'member', startedOn: '2020-01-01', endedOn: null, ...stamp() });
		}
		const vehicles = Array.from({ length: VEHICLES }, (_, i) => ({ id: crypto.randomUUID(), agencyNumber: AGENCY, unitNumber: `Medic ${i + 1}`, vin: vin(i + 1), year: 2020, make: 'Ford', model: 'E-450', type: 'type_iii_ambulance', status: 'in_service', ...stamp() }));
		for (const [table, rows] of [['persons', persons], ['credentials', credentials], ['affiliations', affiliations], ['vehicles', vehicles]]) {
			for (let i = 0; i < rows.length; i += 200) await trx.insertInto(table).values(rows.slice(i, i + 200)).execute();
		}
	});
}

export const leader = { accountId: 'bench-leader', role: 'licensee', emsNumber: LEADER, email: 'leader@example.org', leaderOf: [AGENCY] };
export const member = (i) => ({ accountId: `bench-${i}`, role: 'licensee', emsNumber: String(900000 + i), email: `m${900000 + i}@example.org`, leaderOf: [] });

/** Starts the sync HTTP stand-in on a free port; `x-bench-user: leader | <member index>` names the caller. */
export async function startSyncServer(db) {
	const v = await import('valibot');
	const { pushRequestSchema, pullQuerySchema, push, pull } = await app();
	const server = createServer(async (req, res) => {
		try {
			const who = req.headers['x-bench-user'];
			const user = who === 'leader' ? leader : who ? member(Number(who)) : null;
			if (!user) return void res.writeHead(401).end();
			const url = new URL(req.url, 'http://bench');
			let body;
			if (url.pathname === '/api/sync/pull') {
				const q = v.parse(pullQuerySchema, { cursor: url.searchParams.get('cursor') ?? '0', limit: url.searchParams.get('limit') ?? undefined });
				body = await pull(db, user, q.cursor, q.limit);
			} else if (url.pathname === '/api/sync/push' && req.method === 'POST') {
				const chunks = [];
				for await (const c of req) chunks.push(c);
				body = await push(db, user, v.parse(pushRequestSchema, JSON.parse(Buffer.concat(chunks).toString('utf8'))));
			} else return void res.writeHead(404).end();
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
		} catch (error) {
			res.writeHead(500).end(String(error));
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address();
	return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Which databases to measure: SQLite always, PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL names one. */
export function databases() {
	const pg = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
	return [{ label: 'SQLite', url: undefined }, ...(pg ? [{ label: 'PostgreSQL', url: pg }] : [])];
}
