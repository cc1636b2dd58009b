// `npm run fuzz`: the full hostile-input set (tests/server/fuzz-hostile-input.spec.ts) against the built app —
// FUZZ_RUNS payloads (default 500) per target and asker kind instead of CI's sample — and prints how many payloads
// each endpoint took. `npm run fuzz -- /login` fuzzes only targets whose label contains "/login";
// FUZZ_SEED=<n> replays a failure; TEST_DATABASE_URL runs it on PostgreSQL.
import { ensureBuild, run } from './lib/prepare.mjs';

ensureBuild();
const only = process.argv.slice(2).join(' ');
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const status = run(npx, ['vitest', 'run', '--project', 'server', 'tests/server/fuzz-hostile-input.spec.ts'], {
	env: { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '500', FUZZ_ONLY: only, TEST_DATABASE_URL: process.env.TEST_DATABASE_URL ?? '' }
});
process.exit(status);
