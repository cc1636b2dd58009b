import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../src/lib/server/db';
import { migrateToLatest } from '../../src/lib/server/db/migrate';

export interface TestDatabase extends DbHandle {
	/** Where another process can open the same database: a postgres:// URL or a SQLite file path. */
	location: string;
	/** Closes the connection and removes the database. */
	dispose(): Promise<void>;
}

/**
 * A fresh, migrated database for one test file: a temporary SQLite file by default, or — when
 * TEST_DATABASE_URL names a PostgreSQL server (CI's second pass) — a new database created on it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
	const adminUrl = process.env.TEST_DATABASE_URL;
	if (adminUrl) {
		const name = `ems_test_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`create database ${name}`);
		await admin.end();
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		const handle = openDatabase({ url: url.toString() });
		await migrateToLatest(handle.db);
		return {
			...handle,
			location: url.toString(),
			async dispose() {
				await handle.close();
				await dropDatabase(adminUrl, name);
			}
		};
	}
	const dir = mkdtempSync(join(tmpdir(), 'ems-test-'));
	const handle = openDatabase({ sqlitePath: join(dir, 'registry.db') });
	await migrateToLatest(handle.db);
	return {
		...handle,
		location: join(dir, 'registry.db'),
		async dispose() {
			await handle.close();
			rmSync(dir, { recursive: true, force: true });
		}
	};
}

/**
 * Drops a test database once the pool's sockets have really gone; forcing it at once would terminate sockets
 * that are still closing and surface as an unhandled "terminating connection" error.
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
	const admin = new pg.Client({ connectionString: adminUrl });
	await admin.connect();
	try {
		for (let attempt = 0; attempt < 20; attempt++) {
			try {
				await admin.query(`drop database if exists ${name}`);
				return;
			} catch (error) {
				if ((error as { code?: string }).code !== '55006') throw error; // 55006: still in use
				await new Promise((r) => setTimeout(r, 100));
			}
		}
		await admin.query(`drop database if exists ${name} with (force)`);
	} finally {
		await admin.end();
	}
}
