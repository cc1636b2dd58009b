import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeviceDb, type OutboxEntry } from '../../src/lib/client/device-db';
import { deleteSeqs, keyRuns, rowsBySeq } from '../../src/lib/client/seq-ranges';

let n = 0;
const entry = (seq: number, accountId: string | null = 'acc'): OutboxEntry => ({
	seq,
	table: 'persons',
	recordId: `p${seq}`,
	op: 'update',
	baseRevision: 1,
	changes: { city: `c${seq}` },
	createdAt: '2026-12-02T00:00:00Z',
	sentAt: '2026-12-02T00:00:01Z',
	accountId
});

describe('keyRuns (which ranges delete exactly the answered entries)', () => {
	it('makes one run of a push whose entries are consecutive', () => {
		expect(keyRuns([3, 1, 2, 4], [1, 2, 3, 4])).toEqual([[1, 4]]);
	});

	it('never covers an entry that stays: another account’s, or one not answered', () => {
		expect(keyRuns([1, 2, 4, 5, 9], [1, 2, 3, 4, 5, 7, 9])).toEqual([
			[1, 2],
			[4, 5],
			[9, 9]
		]);
	});

	it('spans numbers no row holds (a gap left by an entry deleted earlier)', () => {
		expect(keyRuns([10, 20], [10, 20])).toEqual([[10, 20]]);
		expect(keyRuns([], [1, 2])).toEqual([]);
	});
});

describe('rowsBySeq and deleteSeqs on IndexedDB', () => {
	it('reads the answered entries in one range and deletes only them', async () => {
		const db = new DeviceDb(`seq-ranges-${++n}`);
		await db.outbox.bulkPut([entry(1), entry(2), entry(3, 'someone-else'), entry(4), entry(6), entry(8)]);
		const { rows, keys } = await rowsBySeq(db.outbox, [4, 1, 2, 6, 5]);
		expect([...rows.keys()].sort()).toEqual([1, 2, 4, 6]);
		expect(rows.get(4)?.changes).toEqual({ city: 'c4' });
		expect(keys).toEqual([1, 2, 3, 4, 6]);
		await db.transaction('rw', db.outbox, () => deleteSeqs(db.outbox, [...rows.keys()], keys));
		expect(await db.outbox.toCollection().primaryKeys()).toEqual([3, 8]);
		db.close();
	});

	it('reads nothing for no keys', async () => {
		const db = new DeviceDb(`seq-ranges-${++n}`);
		await db.outbox.put(entry(1));
		expect(await rowsBySeq(db.outbox, [])).toEqual({ rows: new Map(), keys: [] });
		db.close();
	});
});
