import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextRevision, reserveRevisions } from '../../src/lib/server/db/revision';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t.dispose();
});

describe('revision counter', () => {
	it('allocates increasing revisions', async () => {
		const a = await t.db.transaction().execute((trx) => nextRevision(trx));
		const b = await t.db.transaction().execute((trx) => nextRevision(trx));
		expect(b).toBe(a + 1);
	});

	it('reserves a block of consecutive revisions and continues after it', async () => {
		const first = await t.db.transaction().execute((trx) => reserveRevisions(trx, 100));
		const after = await t.db.transaction().execute((trx) => nextRevision(trx));
		expect(after).toBe(first + 100);
	});

	it('rejects a reservation of no revisions', async () => {
		await expect(reserveRevisions(t.db, 0)).rejects.toThrow(RangeError);
	});

	it('gives up a rolled-back reservation without leaving a gap in what committed', async () => {
		const before = await nextRevision(t.db);
		await expect(
			t.db.transaction().execute(async (trx) => {
				await reserveRevisions(trx, 10);
				throw new Error('abort');
			})
		).rejects.toThrow('abort');
		expect(await nextRevision(t.db)).toBe(before + 1);
	});

	it('never hands out the same revision to concurrent transactions', async () => {
		const start = await nextRevision(t.db);
		const workers = 20;
		const perWorker = 10;
		const results = await Promise.all(
			Array.from({ length: workers }, () =>
				t.db.transaction().execute(async (trx) => {
					const got: number[] = [];
					for (let i = 0; i < perWorker; i++) got.push(await nextRevision(trx));
					got.push(await reserveRevisions(trx, 5));
					return got;
				})
			)
		);
		for (const got of results) {
			// Within one transaction revisions only grow.
			for (let i = 1; i < got.length; i++) expect(got[i]!).toBeGreaterThan(got[i - 1]!);
		}
		const blocks = results.flatMap((got) => [...got.slice(0, perWorker), ...[0, 1, 2, 3, 4].map((k) => got[perWorker]! + k)]);
		expect(new Set(blocks).size).toBe(blocks.length);
		expect(Math.min(...blocks)).toBe(start + 1);
		expect(Math.max(...blocks)).toBe(start + workers * (perWorker + 5));
	});
});
