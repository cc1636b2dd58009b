// `npm run load`: the load gate (tests/load/load-gate.spec.ts, decision 049) at full size — LOAD_SESSIONS devices
// (default 200) syncing for LOAD_SECONDS (default 60) against the built app, with the latency budget enforced —
// on SQLite, then on a fresh PostgreSQL database when TEST_DATABASE_URL names a server. CI runs a sample of it
// inside `npm test` (50 × 10 s per database).
import { ensureBuild, run } from './lib/prepare.mjs';

ensureBuild();
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const env = { ...process.env, LOAD_SESSIONS: process.env.LOAD_SESSIONS ?? '200', LOAD_SECONDS: process.env.LOAD_SECONDS ?? '60', LOAD_STRICT: process.env.LOAD_STRICT ?? '1' };
const databases = [['SQLite', '']];
if (process.env.TEST_DATABASE_URL) databases.push(['PostgreSQL', process.env.TEST_DATABASE_URL]);
else console.log('load: TEST_DATABASE_URL is not set, so only SQLite (postgres://postgres:postgres@127.0.0.1:5432/postgres adds PostgreSQL)');
let failed = 0;
for (const [label, url] of databases) {
	console.log(`\n━━ Load gate (${label})`);
	if (run(npx, ['vitest', 'run', '--project', 'load'], { env: { ...env, TEST_DATABASE_URL: url } }) !== 0) failed++;
}
process.exit(failed ? 1 : 0);
