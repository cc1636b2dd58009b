import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/lib/server/db';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// Named prepared statements (postgres-pool.ts) must survive another process migrating a table they read.
let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t?.dispose();
});

describe.runIf(process.env.TEST_DATABASE_URL)('PostgreSQL prepared statements', () => {
	it('answer after another connection adds a column to the table they select *', async () => {
		const reader = t.db.withTables<{ notes: { id: number; body: string } }>();
		await sql`create table notes (id integer primary key, body text not null)`.execute(t.db);
		await sql`insert into notes values (1, 'first')`.execute(t.db);
		const read = () => reader.selectFrom('notes').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
		// Prepare the statement on every pooled connection the reads may use.
		await Promise.all(Array.from({ length: 12 }, read));

		const other: DbHandle = openDatabase({ url: t.location });
		await sql`alter table notes add column extra text`.execute(other.db);
		await other.close();

		const rows = await Promise.all(Array.from({ length: 12 }, read));
		for (const row of rows) expect(row).toMatchObject({ id: 1, body: 'first', extra: null });
		expect(await read()).toMatchObject({ extra: null });
	});
});
