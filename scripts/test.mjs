// `npm test`: install what is missing (dependencies; Chromium; the PDF tools), type-check, lint for browser compatibility, then run
// unit, server (SQLite, and PostgreSQL when TEST_DATABASE_URL is set), the load gate's sample and end-to-end tests.
// Ends with the time each step took and one line: "Tests: N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild, ensureChromium, ensureDependencies, ensurePdfTools, run } from './lib/prepare.mjs';

/** How long each step took, printed at the end: CI must stay under 30 minutes (issue 15). */
const timings = [];
const runStarted = performance.now();

const chromium = timed('Install what is missing (dependencies, Chromium, PDF tools)', () => {
	ensureDependencies();
	const path = ensureChromium();
	ensurePdfTools();
	return path;
});

const reports = join('test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, command, args, env = {}) {
	console.log(`\n━━ ${name}`);
	const started = performance.now();
	const status = run(command, args, { env: { ...process.env, ...env } });
	timings.push([name, (performance.now() - started) / 1000]);
	if (status !== 0) failedSteps.push(name);
	return status;
}

/** Times what is not a step (installing, building). */
function timed(name, work) {
	const started = performance.now();
	const result = work();
	timings.push([name, (performance.now() - started) / 1000]);
	return result;
}

function addVitest(file) {
	if (!existsSync(file)) return;
	const r = JSON.parse(readFileSync(file, 'utf8'));
	totals.passed += r.numPassedTests ?? 0;
	totals.failed += r.numFailedTests ?? 0;
	totals.skipped += (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}

const vitest = (name, projects, file, env) => {
	const args = ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${file}`];
	step(name, npx, args, env);
	addVitest(file);
};

step('Type check (svelte-check)', 'npm', ['run', 'check', '--silent']);
step('Browser compatibility lint (ESLint)', 'npm', ['run', 'lint', '--silent']);

// Built first: the server tests' hostile-input gate (tests/server/fuzz-hostile-input.spec.ts) runs the built app.
timed('Build (when sources changed)', ensureBuild);
const sqliteEnv = { TEST_DATABASE_URL: '' };
vitest('Unit and server tests (SQLite)', ['unit', 'server'], join(reports, 'vitest-sqlite.json'), sqliteEnv);
if (process.env.TEST_DATABASE_URL) {
	vitest('Server tests (PostgreSQL)', ['server'], join(reports, 'vitest-postgres.json'), {});
}

// The load gate's sample (decision 049): 50 devices × 10 s per database, alone, so other tests do not skew it.
vitest('Load gate sample (SQLite)', ['load'], join(reports, 'vitest-load-sqlite.json'), sqliteEnv);
if (process.env.TEST_DATABASE_URL) {
	vitest('Load gate sample (PostgreSQL)', ['load'], join(reports, 'vitest-load-postgres.json'), {});
}

ensureBuild();
const pwJson = join(reports, 'playwright.json');
step('End-to-end tests (Chromium)', npx, ['playwright', 'test', '--reporter=list,json'], {
	PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson,
	CHROMIUM_PATH: chromium
});
if (existsSync(pwJson)) {
	const s = JSON.parse(readFileSync(pwJson, 'utf8')).stats ?? {};
	totals.passed += (s.expected ?? 0) + (s.flaky ?? 0);
	totals.failed += s.unexpected ?? 0;
	totals.skipped += s.skipped ?? 0;
}

const total = (performance.now() - runStarted) / 1000;
console.log('\nTime per step:');
for (const [name, seconds] of timings) console.log(`  ${seconds.toFixed(0).padStart(5)} s  ${name}`);
console.log(`  ${total.toFixed(0).padStart(5)} s  in all`);
if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join('; ')}`);
// A step can fail without a failing test (type errors, a crash before tests ran): count it so the line is honest.
const failed = totals.failed || failedSteps.length;
console.log(`\nTests: ${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
