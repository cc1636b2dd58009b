// `npm start`: install what is missing, build, then serve the app with the embedded database and demo data.
// The server migrates the database and loads the demo data on its first start (hooks.server.ts `init`).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { ensureBuild, ensureDependencies } from './lib/prepare.mjs';

ensureDependencies();
ensureBuild();

const port = Number(process.env.PORT ?? 4173);
const origin = process.env.ORIGIN ?? `http://localhost:${port}`;
const server = spawn(process.execPath, ['scripts/serve.mjs'], {
	stdio: ['inherit', 'inherit', 'inherit'],
	env: { LOAD_DEMO_DATA: 'true', ...process.env, PORT: String(port), ORIGIN: origin }
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));

await waitUntilServing(`http://localhost:${port}/shell`);
const logins = JSON.parse(readFileSync('src/lib/server/demo/demo-logins.json', 'utf8'));
console.log(`\nEMS Registry is running at ${origin}\n`);
console.log('Demo logins — EMS ID (office staff: email) and password:');
for (const l of logins) {
	const login = l.emsNumber ?? l.email;
	console.log(`  ${login.padEnd(20)} ${(l.password ?? '(none yet)').padEnd(22)} ${l.purpose} — ${l.email}`);
}
console.log(`\nMessages the app would send (codes for Forgot Password): ${origin}/dev/outbox`);
console.log('Press Ctrl+C to stop.\n');

async function waitUntilServing(url) {
	for (let i = 0; i < 600; i++) {
		try {
			const res = await fetch(url);
			if (res.ok) return;
		} catch {
			// not listening yet
		}
		await new Promise((r) => setTimeout(r, 100));
	}
	console.error(`The server did not answer at ${url} within 60 s.`);
	server.kill();
	process.exit(1);
}
