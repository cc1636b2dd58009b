// `npm test`: install what is missing (dependencies; Chromium; the PDF tools), type-check, lint for browser compatibility, then run
// unit, server (SQLite, and PostgreSQL when TEST_DATABASE_URL is set) and end-to-end tests. Ends with one line:
// "Tests: N passed, N failed".
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuild, ensureChromium, ensureDependencies, ensurePdfTools, run } from './lib/prepare.mjs';

ensureDependencies();
const chromium = ensureChromium();
ensurePdfTools();

const reports = join('test-results', 'reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function step(name, command, args, env = {}) {
	console.log(`\n━━ ${name}`);
	const status = run(command, args, { env: { ...process.env, ...env } });
	if (status !== 0) failedSteps.push(name);
	return status;
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
ensureBuild();
const sqliteEnv = { TEST_DATABASE_URL: '' };
vitest('Unit and server tests (SQLite)', ['unit', 'server'], join(reports, 'vitest-sqlite.json'), sqliteEnv);
if (process.env.TEST_DATABASE_URL) {
	vitest('Server tests (PostgreSQL)', ['server'], join(reports, 'vitest-postgres.json'), {});
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

if (failedSteps.length) console.log(`\nFailed steps: ${failedSteps.join('; ')}`);
// A step can fail without a failing test (type errors, a crash before tests ran): count it so the line is honest.
const failed = totals.failed || failedSteps.length;
console.log(`\nTests: ${totals.passed} passed, ${failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(failedSteps.length ? 1 : 0);
