// Migrates the database and, with LOAD_DEMO_DATA=true, loads the demo registry, then exits: importing the built
// handler runs the app's `init` hook (src/hooks.server.ts) and nothing else. scripts/serve.mjs runs it in its own
// short-lived process before the serving processes start, so the memory that generating the demo and hashing its
// passwords takes is returned when this process ends, not carried by every server process for its lifetime.
// A configuration the app refuses (demo data or a demo password on a server in real use, decision 018) prints its
// one-line reason and exits with REFUSED, which serve.mjs passes on without adding to it.
import { resolve } from 'node:path';

const REFUSED = 78;

try {
	await import(resolve('build', 'handler.js'));
} catch (e) {
	if (e instanceof Error && e.name === 'RefusedToStart') {
		console.error(e.message);
		process.exit(REFUSED);
	}
	throw e;
}
process.exit(0);
