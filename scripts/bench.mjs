// `npm run bench`: measures the built app against DESIGN.md section 6's budgets and prints one table.
// Over-budget rows say "OVER" without failing the run; only errors (build, server, a measurement throwing) exit 1.
// Measurements are the files in scripts/bench/measurements/ (see its README); `npm run bench -- precache` runs
// only those whose file name contains one of the arguments.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { startAppServer } from './bench/app-server.mjs';
import { createContext } from './bench/context.mjs';
import { tableLines, verdict } from './bench/table.mjs';
import { ensureBuild, ensureDependencies } from './lib/prepare.mjs';

// The app runs one server process per core, as a deployment on this 2-core machine would (scripts/serve.mjs);
// WEB_CONCURRENCY=1 measures a single process.
process.env.WEB_CONCURRENCY ??= '2';

const measurementsDir = resolve('scripts', 'bench', 'measurements');
const only = process.argv.slice(2);
const files = readdirSync(measurementsDir)
	.filter((file) => file.endsWith('.mjs') && (only.length === 0 || only.some((word) => file.includes(word))))
	.sort();

let failed = false;
const rows = [];
let server;
let context;
try {
	ensureDependencies();
	ensureBuild();
	const port = Number(process.env.BENCH_PORT ?? 4393);
	server = await startAppServer({ port });
	context = createContext({ server: { ...server, port }, buildDir: resolve('build') });
	for (const file of files) {
		try {
			const { measure } = await import(pathToFileURL(resolve(measurementsDir, file)).href);
			rows.push(...(await measure(context)));
		} catch (error) {
			failed = true;
			rows.push({ metric: file.replace(/\.mjs$/, ''), value: null, unit: '', error: error.message.split('\n')[0] });
			console.error(`bench: ${file} failed:`, error);
		}
	}
} catch (error) {
	failed = true;
	console.error('bench:', error);
} finally {
	await context?.close();
	await server?.stop();
}

if (rows.length > 0) {
	console.log(tableLines(rows).join('\n'));
	mkdirSync('bench-results', { recursive: true });
	const results = rows.map((row) => ({ ...row, ok: verdict(row) }));
	writeFileSync('bench-results/latest.json', JSON.stringify({ at: new Date().toISOString(), results }, null, '\t') + '\n');
}
process.exitCode = failed ? 1 : 0;
