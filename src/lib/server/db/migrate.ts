import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index';
import * as m001 from './migrations/001-foundation';
import * as m002 from './migrations/002-accounts';

/** Migrations are bundled in code (not read from disk) so the built server carries them. */
const migrations: Record<string, Migration> = {
	'001-foundation': m001,
	'002-accounts': m002
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the database to the newest schema; safe to call on every start and from several processes. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	const migrator = new Migrator({ db, provider });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
