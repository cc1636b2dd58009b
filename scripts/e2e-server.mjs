// Serves the built app for end-to-end tests on a fresh database (SQLite, or DATABASE_URL when set) with demo data.
// E2E_DATA_DIR lets the benchmark run its own copy beside a test run without wiping the tests' database.
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';

const dataDir = resolve(process.env.E2E_DATA_DIR ?? 'test-results/e2e-data');
rmSync(dataDir, { recursive: true, force: true });
process.env.DATA_DIR = dataDir;
process.env.LOAD_DEMO_DATA = 'true';
await import(resolve('build', 'index.js'));
