import { Migrator, type Migration, type MigrationProvider } from 'kysely';
import type { Db } from './index';
import * as m001 from './migrations/001-foundation';
import * as m002 from './migrations/002-accounts';
import * as m003 from './migrations/003-sync';
import * as m004 from './migrations/004-verify';
import * as m005 from './migrations/005-request-documents';
import * as m006 from './migrations/006-email-changes';
import * as m007 from './migrations/007-agency-roster';
import * as m008 from './migrations/008-ce-entries';
import * as m009 from './migrations/009-office-console';
import * as m012 from './migrations/012-renewals';
import * as m013 from './migrations/013-reminder-schedule';
import * as m014 from './migrations/014-agency-licenses';
import * as m015 from './migrations/015-vehicle-unit-index';

/** Migrations are bundled in code (not read from disk) so the built server carries them. */
const migrations: Record<string, Migration> = {
	'001-foundation': m001,
	'002-accounts': m002,
	'003-sync': m003,
	'004-verify': m004,
	'005-request-documents': m005,
	'006-email-changes': m006,
	'007-agency-roster': m007,
	'008-ce-entries': m008,
	'009-office-console': m009,
	'012-renewals': m012,
	'013-reminder-schedule': m013,
	'014-agency-licenses': m014,
	'015-vehicle-unit-index': m015
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the database to the newest schema; safe to call on every start and from several processes. */
export async function migrateToLatest(db: Db): Promise<string[]> {
	// Branches number their migrations in parallel (004 may ship before 002), and each is independent of the others.
	const migrator = new Migrator({ db, provider, allowUnorderedMigrations: true });
	const { error, results } = await migrator.migrateToLatest();
	if (error) throw error instanceof Error ? error : new Error(String(error));
	return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
