// The app's modules the office bench (office-console.mjs) calls, loaded with one tsImport so kysely loads once.
export { openDatabase } from '../../../src/lib/server/db/index';
export { migrateToLatest } from '../../../src/lib/server/db/migrate';
export { searchPeople } from '../../../src/lib/server/office/people-search';
export { auditPage } from '../../../src/lib/server/office/audit-log';
