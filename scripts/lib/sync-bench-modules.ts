// One entry point for the sync benches, loaded with a single tsImport so every module (kysely included) is
// loaded once: two loads would give two copies of kysely, and `instanceof PostgresAdapter` would fail.
export { openDatabase } from '../../src/lib/server/db/index';
export { migrateToLatest } from '../../src/lib/server/db/migrate';
export { pushRequestSchema, pullQuerySchema } from '../../src/lib/domain/sync-protocol';
export { push } from '../../src/lib/server/sync/push';
export { pull } from '../../src/lib/server/sync/pull';
