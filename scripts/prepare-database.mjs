// Migrates the database and, with LOAD_DEMO_DATA=true, loads the demo registry, then exits: importing the built
// handler runs the app's `init` hook (src/hooks.server.ts) and nothing else. scripts/serve.mjs runs it in its own
// short-lived process before the serving processes start, so the memory that generating the demo and hashing its
// passwords takes is returned when this process ends, not carried by every server process for its lifetime.
import { resolve } from 'node:path';

await import(resolve('build', 'handler.js'));
process.exit(0);
