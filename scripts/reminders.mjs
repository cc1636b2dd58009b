// `npm run reminders -- [--now ISO-TIME]`: sends the renewal reminders that are due, once, for cron (issue 12,
// decision 040), against the configured database (data/registry.db, or DATABASE_URL) and mail/SMS settings. Like
// scripts/import.mjs it runs the app's TypeScript server code through tsx, so it needs no build.
import { tsImport } from 'tsx/esm/api';

const { remindersCommand } = await tsImport('../src/lib/server/renewal/reminders-command.ts', import.meta.url);
process.exitCode = await remindersCommand(process.argv.slice(2));
