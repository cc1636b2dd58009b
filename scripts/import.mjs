// `npm run import -- [--dry-run] [--report FILE.json] FILE.csv…`: the bulk import (issue 14) against the configured
// database (data/registry.db, or DATABASE_URL). The import is the app's TypeScript server code; tsx (a dev
// dependency, as for the bench) loads it straight from src/, so a fresh clone needs only `npm ci`, no build.
// Those modules use relative imports only, not SvelteKit's $lib alias.
import { tsImport } from 'tsx/esm/api';

const { importCommand } = await tsImport('../src/lib/server/import/command.ts', import.meta.url);
process.exitCode = await importCommand(process.argv.slice(2));
