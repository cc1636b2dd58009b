import { expect, test } from '@playwright/test';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The built server started the way a deployment starts it (scripts/serve.mjs), with settings for real use. These
 * run their own short-lived servers beside the e2e one, on the e2e port + 3.
 */
const port = Number(process.env.E2E_PORT ?? 4183) + 3;
const REAL = { APP_ENV: 'production', ORIGIN: `http://localhost:${port}`, PORT: String(port), DATABASE_URL: '' };

function serve(env: Record<string, string>) {
	const child = spawn(process.execPath, ['scripts/serve.mjs'], {
		env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
		stdio: ['ignore', 'pipe', 'pipe']
	});
	let stderr = '';
	child.stderr.on('data', (chunk) => (stderr += chunk));
	const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
	return { child, exited, stderr: () => stderr };
}

let dataDir: string;
test.beforeEach(() => {
	dataDir = mkdtempSync(join(tmpdir(), 'ems-real-use-'));
});
test.afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

test('a server configured for real use refuses demo data in one line and exits non-zero', async () => {
	const server = serve({ ...REAL, DATA_DIR: dataDir, LOAD_DEMO_DATA: 'true' });
	expect(await server.exited).toBe(78);
	const lines = server.stderr().trim().split('\n');
	expect(lines).toEqual(['Refusing to load demo data: APP_ENV=production, so this server is configured for real use.']);
});

test('a demo registry later given real settings refuses to start while a demo password works', async () => {
	const demo = serve({ DATA_DIR: dataDir, LOAD_DEMO_DATA: 'true', PORT: String(port), ORIGIN: `http://localhost:${port}` });
	await expect.poll(async () => (await fetch(`http://localhost:${port}/shell`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
	demo.child.kill('SIGTERM');
	await demo.exited;

	const real = serve({ ...REAL, DATA_DIR: dataDir, SMTP_URL: 'smtp://mail.example.org:587' });
	expect(await real.exited).toBe(78);
	expect(real.stderr().trim().split('\n')).toEqual([
		'Refusing to start: demo account medic@example.org still has the password published in the README, and APP_ENV=production makes this server real use; change or remove it first.'
	]);
});

test('a real server without demo data serves, and has no /dev pages', async () => {
	const server = serve({ ...REAL, DATA_DIR: dataDir });
	try {
		await expect.poll(async () => (await fetch(`http://localhost:${port}/shell`).catch(() => null))?.status ?? 0, { timeout: 60_000 }).toBe(200);
		for (const path of ['/dev/outbox', '/dev/outbox.json', '/dev/session/stale-confirmation']) {
			expect((await fetch(`http://localhost:${port}${path}`)).status, path).toBe(404);
		}
	} finally {
		server.child.kill('SIGTERM');
		await server.exited;
	}
});
