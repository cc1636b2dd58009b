import SQLite from 'better-sqlite3';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import pg from 'pg';
import type { Database } from './schema';
import { preparingPool } from './postgres-pool';
import { sqliteDialect } from './sqlite-dialect';

export type Dialect = 'sqlite' | 'postgres';
export type Db = Kysely<Database>;

export interface DbConfig {
	/** postgres://… selects PostgreSQL; anything else is a SQLite file path. */
	url?: string;
	sqlitePath?: string;
	/** Largest pool for PostgreSQL. */
	poolSize?: number;
}

export interface DbHandle {
	db: Db;
	dialect: Dialect;
	close(): Promise<void>;
}

export const DEFAULT_SQLITE_PATH = resolve(process.env.DATA_DIR ?? 'data', 'registry.db');

export function openDatabase(config: DbConfig = {}): DbHandle {
	const url = config.url ?? process.env.DATABASE_URL;
	const plugins = [new CamelCasePlugin()];
	if (url && /^postgres(ql)?:\/\//.test(url)) {
		const pool = new pg.Pool({ connectionString: url, max: config.poolSize ?? 10 });
		// An idle connection dropped by the server (restart, failover) must not crash the process; the pool reconnects.
		pool.on('error', (error) => console.error('PostgreSQL connection lost:', error.message));
		// A connection checked out when the server ends it (PostgreSQL stopped: 57P01) emits 'error' on the client,
		// which the pool listens to only while it is idle: unheard, it killed the process. The query in flight fails
		// (answered 503, database-outage.ts) and the pool drops the connection on release (decision 048).
		pool.on('connect', (client) => client.on('error', (error) => console.error('PostgreSQL connection lost:', error.message)));
		const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: preparingPool(pool) }), plugins });
		return { db, dialect: 'postgres', close: () => db.destroy() };
	}
	const path = config.sqlitePath ?? DEFAULT_SQLITE_PATH;
	mkdirSync(dirname(path), { recursive: true });
	const sqlite = new SQLite(path);
	// WAL lets readers proceed while one writer commits. FULL syncs the WAL at every commit: with NORMAL the last
	// commits before a power cut can be lost, after the device was told they were saved and dropped its copy.
	sqlite.pragma('journal_mode = WAL');
	sqlite.pragma('synchronous = FULL');
	sqlite.pragma('foreign_keys = ON');
	sqlite.pragma('busy_timeout = 5000');
	const db = new Kysely<Database>({ dialect: sqliteDialect(sqlite), plugins });
	return { db, dialect: 'sqlite', close: () => db.destroy() };
}
