import { openDatabase, type DbHandle } from './db';
import { migrateToLatest } from './db/migrate';

let handle: DbHandle | undefined;
let ready: Promise<DbHandle> | undefined;

/** The process's one database connection (pool), migrated before first use. */
export function appDatabase(): Promise<DbHandle> {
	ready ??= (async () => {
		handle = openDatabase();
		await migrateToLatest(handle.db);
		return handle;
	})();
	return ready;
}
