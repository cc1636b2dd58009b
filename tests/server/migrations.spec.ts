import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/lib/server/db/migrate';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
beforeAll(async () => {
	// createTestDatabase migrates a brand-new (empty) database.
	t = await createTestDatabase();
});
afterAll(async () => {
	await t.dispose();
});

const EXPECTED_TABLES = ['accounts', 'affiliations', 'agencies', 'counters', 'credentials', 'messages', 'persons', 'vehicles'];

describe('migrations', () => {
	it('create the expected tables from an empty database', async () => {
		const tables = await t.db.introspection.getTables();
		const names = tables.map((x) => x.name);
		for (const name of EXPECTED_TABLES) expect(names).toContain(name);
	});

	it('give synced tables a revision and soft-delete column', async () => {
		const tables = await t.db.introspection.getTables();
		for (const name of ['persons', 'agencies', 'credentials', 'affiliations', 'vehicles']) {
			const columns = tables.find((x) => x.name === name)?.columns.map((c) => c.name) ?? [];
			expect(columns, name).toEqual(expect.arrayContaining(['revision', 'updated_at', 'deleted_at']));
		}
	});

	it('start the revision counter at zero', async () => {
		const row = await t.db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirst();
		expect(Number(row?.value)).toBe(0);
	});

	it('do nothing on a second run', async () => {
		expect(await migrateToLatest(t.db)).toEqual([]);
		const { rows } = await sql<{ n: number | string }>`select count(*) as n from counters`.execute(t.db);
		expect(Number(rows[0]?.n)).toBe(1);
	});

	it('leave a working messages id that numbers itself', async () => {
		await t.db.insertInto('messages').values({ to: 'x@example.org', channel: 'email', subject: 's', text: 't', sentAt: '2026-11-01T00:00:00.000Z' }).execute();
		await t.db.insertInto('messages').values({ to: 'y@example.org', channel: 'email', subject: 's', text: 't', sentAt: '2026-11-01T00:00:00.000Z' }).execute();
		const ids = (await t.db.selectFrom('messages').select('id').orderBy('id').execute()).map((r) => r.id);
		expect(ids[1]! - ids[0]!).toBe(1);
	});
});
