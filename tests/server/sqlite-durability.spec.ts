import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

describe.skipIf(!!process.env.TEST_DATABASE_URL)('SQLite durability (src/lib/server/db/index.ts)', () => {
	it('syncs the WAL on every commit, so an acknowledged push survives a power loss', async () => {
		const mode = await sql<{ journalMode: string }>`pragma journal_mode`.execute(t.db);
		const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(t.db);
		expect(mode.rows[0]?.journalMode).toBe('wal');
		// 2 is FULL: with NORMAL (1) the last commits before a power cut may be lost after the device deleted its copy.
		expect(sync.rows[0]?.synchronous).toBe(2);
	});
});
