// The built app on each database the sync rows are measured on: SQLite (the bench's main server) and, when
// BENCH_DATABASE_URL or TEST_DATABASE_URL names a PostgreSQL server, a second app server on a fresh database
// created there (demo data loaded by the app, dropped again at the end). Each comes with a connection to its
// database, opened with the app's own modules, so a measurement can prepare what it needs (a password, sessions)
// and check what the server stored.
import { resolve } from 'node:path';
import { tsImport } from 'tsx/esm/api';
import { startAppServer } from './app-server.mjs';

let modules;
/** The app's server modules (./server-modules.ts), loaded once. */
export const serverModules = () => (modules ??= tsImport('./server-modules.ts', import.meta.url));

/** The demo's large agency (src/lib/server/demo/generator.ts, LARGE_AGENCY_NUMBER): ~2,000 members, 200 vehicles. */
export const LARGE_AGENCY = 'A0001';

/**
 * @typedef {object} BenchDatabase
 * @property {string} label "SQLite" or "PostgreSQL"
 * @property {string} baseURL the built app running on this database
 * @property {import('kysely').Kysely<any>} db the same database, opened by the bench
 */

async function createPostgresDatabase(serverUrl) {
	const pg = (await import('pg')).default;
	const name = `ems_bench_${process.pid}_${Date.now().toString(36)}`;
	const admin = new pg.Client({ connectionString: serverUrl });
	await admin.connect();
	try {
		await admin.query(`create database ${name}`);
	} finally {
		await admin.end();
	}
	const url = new URL(serverUrl);
	url.pathname = `/${name}`;
	return {
		url: url.toString(),
		async drop() {
			const a = new pg.Client({ connectionString: serverUrl });
			await a.connect();
			try {
				await a.query(`drop database if exists ${name} with (force)`);
			} finally {
				await a.end();
			}
		}
	};
}

/**
 * Lazily opens the bench databases; `close()` stops what it started.
 * @param {{ baseURL: string, dataDir: string, port: number }} main the bench's SQLite app server
 */
export function benchDatabases(main) {
	let opening = null;
	const cleanups = [];
	async function open() {
		const { openDatabase } = await serverModules();
		const sqlite = openDatabase({ sqlitePath: resolve(main.dataDir, 'registry.db') });
		cleanups.push(() => sqlite.close());
		const list = [{ label: 'SQLite', baseURL: main.baseURL, db: sqlite.db }];
		const pgServer = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
		if (pgServer) {
			const database = await createPostgresDatabase(pgServer);
			cleanups.push(() => database.drop());
			// Port + 3: the SQLite server's message sinks use port + 1 and + 2; this one uses the development outbox.
			const server = await startAppServer({ port: main.port + 3, databaseUrl: database.url, dataDir: resolve('bench-results', 'data-pg'), messageSinks: false });
			cleanups.push(() => server.stop());
			const handle = openDatabase({ url: database.url, poolSize: 4 });
			cleanups.push(() => handle.close());
			list.push({ label: 'PostgreSQL', baseURL: server.baseURL, db: handle.db, serverPid: server.pid });
		}
		return list;
	}
	return {
		/** @returns {Promise<(BenchDatabase & { serverPid?: number })[]>} */
		list: () => (opening ??= open()),
		async close() {
			if (opening) await opening.catch(() => undefined);
			for (const cleanup of cleanups.reverse()) await cleanup();
		}
	};
}

/** A current squad leader of the large agency, given a password of the bench's choosing; returns how to sign in. */
export async function largeAgencyLeader(db) {
	const { hashPassword } = await serverModules();
	const leader = await db
		.selectFrom('affiliations')
		.innerJoin('accounts', 'accounts.emsNumber', 'affiliations.emsNumber')
		.select(['affiliations.emsNumber', 'accounts.id as accountId'])
		.where('affiliations.agencyNumber', '=', LARGE_AGENCY)
		.where('affiliations.role', '=', 'squad_leader')
		.where('affiliations.endedOn', 'is', null)
		.where('affiliations.deletedAt', 'is', null)
		.orderBy('affiliations.emsNumber')
		.executeTakeFirstOrThrow();
	const password = 'Bench-Leader-2026!';
	const now = new Date().toISOString();
	await db.updateTable('accounts').set({ passwordHash: await hashPassword(password), passwordChangedAt: now }).where('id', '=', leader.accountId).execute();
	return { emsNumber: leader.emsNumber, accountId: leader.accountId, password };
}

/** What the leader's device should hold after a first pull: the large agency's roster and vehicles, as the server has them. */
export async function largeAgencyCounts(db) {
	const count = async (query) => Number((await query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	return {
		affiliations: await count(db.selectFrom('affiliations').where('agencyNumber', '=', LARGE_AGENCY).where('deletedAt', 'is', null)),
		members: await count(
			db.selectFrom('persons').where('deletedAt', 'is', null).where('emsNumber', 'in', (eb) =>
				eb.selectFrom('affiliations').select('emsNumber').where('agencyNumber', '=', LARGE_AGENCY).where('deletedAt', 'is', null)
			)
		),
		vehicles: await count(db.selectFrom('vehicles').where('agencyNumber', '=', LARGE_AGENCY).where('deletedAt', 'is', null))
	};
}
