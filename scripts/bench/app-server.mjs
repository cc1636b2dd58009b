// Runs the built app the way the end-to-end tests do (fresh database, demo data) on the bench's own port and data
// directory, so a bench can run while tests use theirs. With `databaseUrl` it runs on that (fresh, empty)
// PostgreSQL database instead of SQLite.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

async function waitUntilServing(url, child, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`app server exited early (code ${child.exitCode})`);
		try {
			if ((await fetch(url)).ok) return;
		} catch {
			// Not listening yet.
		}
		await new Promise((r) => setTimeout(r, 200));
	}
	throw new Error(`app server did not answer ${url} within ${timeoutMs} ms`);
}

/**
 * Starts the server and resolves once the offline shell is served; `stop()` ends only this child. `dataDir` holds
 * its SQLite database (bench-results/data unless given); `messageSinks: false` uses the development outbox instead
 * of the local mail and text sinks (which listen on port + 1 and port + 2). `nodeOptions` go to node, e.g.
 * ['--cpu-prof', '--cpu-prof-dir=bench-results/profiles'] (a profile is written when the server stops).
 */
export async function startAppServer({ port, databaseUrl, dataDir = resolve('bench-results', 'data'), messageSinks = true, nodeOptions = [] }) {
	const baseURL = `http://localhost:${port}`;
	const env = { ...process.env, PORT: String(port), ORIGIN: baseURL, E2E_DATA_DIR: dataDir };
	delete env.DATABASE_URL;
	if (databaseUrl) env.DATABASE_URL = databaseUrl;
	if (!messageSinks) env.E2E_MESSAGE_SINKS = 'off';
	const child = spawn(process.execPath, [...nodeOptions, 'scripts/e2e-server.mjs'], {
		env,
		stdio: ['ignore', 'ignore', 'pipe']
	});
	// The server logs every 404 the bench provokes on purpose; keep its output for when it fails to start.
	let log = '';
	child.stderr.on('data', (chunk) => (log = (log + chunk).slice(-20_000)));
	const stop = () =>
		new Promise((done) => {
			if (child.exitCode !== null) return done();
			child.once('exit', () => done());
			child.kill('SIGTERM');
		});
	try {
		await waitUntilServing(`${baseURL}/shell`, child, 60_000);
	} catch (error) {
		await stop();
		process.stderr.write(log);
		throw error;
	}
	return { baseURL, dataDir, pid: child.pid, stop };
}
