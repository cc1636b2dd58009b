import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DbHandle } from '../../src/lib/server/db';

/**
 * The built app (build/, as `npm test` builds it before the server tests) served the way end-to-end tests serve
 * it — fresh database, demo data, development outbox — for gates that must go through SvelteKit itself (hooks,
 * form actions, content negotiation). On PostgreSQL when TEST_DATABASE_URL is set, else on a temporary SQLite file.
 * `db` is a second connection to the same database, for comparing dumps.
 */
export interface BuiltApp {
	baseURL: string;
	/** The server's supervising process (scripts/serve.mjs); its node children answer requests. */
	pid: number;
	db: DbHandle['db'];
	/** The end of what the server printed (its errors are logged there). */
	readonly log: string;
	/** Ends only this server process (by its id) and removes its database. */
	stop(): Promise<void>;
}

/**
 * `adminUrl`: a PostgreSQL server to create the app's database on (default TEST_DATABASE_URL; '' for SQLite).
 * `databasePrefix` names that fresh database (`<prefix>_<pid>_<random>`, dropped by stop()).
 */
export async function startBuiltApp(
	port: number,
	{ adminUrl: givenAdminUrl, databasePrefix = 'ems_app' }: { adminUrl?: string; databasePrefix?: string } = {}
): Promise<BuiltApp> {
	const dataDir = mkdtempSync(join(tmpdir(), 'ems-built-app-'));
	const baseURL = `http://localhost:${port}`;
	const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ORIGIN: baseURL, E2E_DATA_DIR: dataDir, E2E_MESSAGE_SINKS: 'off' };
	delete env.DATABASE_URL;
	let pgName: string | undefined;
	const adminUrl = givenAdminUrl ?? process.env.TEST_DATABASE_URL;
	if (adminUrl) {
		pgName = `${databasePrefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
		const admin = new pg.Client({ connectionString: adminUrl });
		await admin.connect();
		await admin.query(`create database ${pgName}`);
		await admin.end();
		const url = new URL(adminUrl);
		url.pathname = `/${pgName}`;
		env.DATABASE_URL = url.toString();
	}
	const child: ChildProcess = spawn(process.execPath, ['scripts/e2e-server.mjs'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
	let log = '';
	child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
	const exited = new Promise<void>((done) => child.once('exit', () => done()));
	const deadline = Date.now() + 90_000;
	for (;;) {
		if (child.exitCode !== null) throw new Error(`the built app exited early (did the build run?)\n${log}`);
		try {
			if ((await fetch(`${baseURL}/shell`)).ok) break;
		} catch {
			// Not listening yet.
		}
		if (Date.now() > deadline) throw new Error(`the built app did not answer on ${baseURL}\n${log}`);
		await new Promise((r) => setTimeout(r, 200));
	}
	const handle = openDatabase(env.DATABASE_URL ? { url: env.DATABASE_URL } : { sqlitePath: join(dataDir, 'registry.db') });
	return {
		baseURL,
		pid: child.pid!,
		db: handle.db,
		get log() {
			return log;
		},
		async stop() {
			await handle.close();
			if (child.exitCode === null) {
				child.kill('SIGTERM');
				await exited;
			}
			rmSync(dataDir, { recursive: true, force: true });
			if (adminUrl && pgName) {
				const admin = new pg.Client({ connectionString: adminUrl });
				await admin.connect();
				await admin.query(`drop database if exists ${pgName} with (force)`).catch(() => {});
				await admin.end();
			}
		}
	};
}

/** Signs in through the login form and returns the session cookie ("name=value"). */
export async function signIn(baseURL: string, identifier: string, password: string): Promise<string> {
	const body = new URLSearchParams({ identifier, password });
	const response = await fetch(`${baseURL}/login`, {
		method: 'POST',
		headers: { origin: baseURL, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body,
		redirect: 'manual'
	});
	const cookie = response.headers.getSetCookie().find((c) => c.startsWith('ems_session') || /session/i.test(c.split('=')[0]!));
	if (!cookie) throw new Error(`signing in as ${identifier} gave ${response.status} and no session cookie`);
	return cookie.split(';')[0]!;
}
