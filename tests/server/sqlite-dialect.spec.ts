import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t.dispose();
});

describe.skipIf(!!process.env.TEST_DATABASE_URL)('SQLite statements (src/lib/server/db/sqlite-dialect.ts)', () => {
	it('reuses prepared statements with each run’s own values, and prepares evicted ones again', async () => {
		const read = (n: number) => sql<{ n: number }>`select ${n} + 1 as n`.execute(t.db).then((r) => r.rows[0]!.n);
		expect(await Promise.all([read(1), read(2), read(41)])).toEqual([2, 3, 42]);
		// More distinct statements than the cache keeps: old ones are dropped and prepared again when needed.
		for (let i = 0; i < 600; i++) expect((await sql<{ n: number }>`select ${sql.raw(String(i))} + ${1} as n`.execute(t.db)).rows[0]!.n).toBe(i + 1);
		expect(await read(9)).toBe(10);
	});
});
