import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DeviceDb, type OutboxEntry } from '../../src/lib/client/device-db';
import { echoes, settleAnswers } from '../../src/lib/client/settle-answers';

let n = 0;
const entry = (seq: number, recordId: string, changes: Record<string, unknown>, extra: Partial<OutboxEntry> = {}): OutboxEntry => ({
	seq,
	table: 'vehicles',
	recordId,
	op: 'update',
	baseRevision: 1,
	changes,
	createdAt: '2026-12-02T00:00:00Z',
	sentAt: '2026-12-02T00:00:01Z',
	accountId: 'acc',
	...extra
});

describe('settleAnswers (a whole push answer at once)', () => {
	it('keeps back the fields a later answered entry or a still queued one changes, as settling one by one did', async () => {
		const db = new DeviceDb(`settle-${++n}`);
		await db.vehicles.bulkPut([
			{ id: 'v1', agencyNumber: 'A1', unitNumber: 'old', make: 'old', model: 'old' },
			{ id: 'v2', agencyNumber: 'A1', unitNumber: 'mine' }
		] as never);
		const answered = [
			entry(1, 'v1', { unitNumber: 'u1' }),
			entry(2, 'v1', { make: 'm2' }),
			entry(3, 'v1', { unitNumber: 'u3' }), // refused without the server's values
			entry(4, 'v2', { unitNumber: 'mine' }, { op: 'insert' }) // a refused insert
		];
		// Still queued after this answer: a later edit of v1's model, and a name-change request (holds nothing back).
		await db.outbox.bulkPut([entry(5, 'v1', { model: 'm5' }), entry(6, 'v1', { make: 'x' }, { reason: 'request' })]);
		await db.transaction('rw', [db.outbox, db.vehicles], () =>
			settleAnswers(db, answered, [
				{ index: 0, table: 'vehicles', recordId: 'v1', current: { unitNumber: 'S1', make: 'S1', model: 'S1' } },
				{ index: 1, table: 'vehicles', recordId: 'v1', current: { unitNumber: 'S2', make: 'S2', model: 'S2' } },
				{ index: 3, table: 'vehicles', recordId: 'v2', current: null }
			])
		);
		// Answer 1: unitNumber (entry 3 later), make (entry 2 later), model (queued 5) all pending → nothing.
		// Answer 2: unitNumber still pending (entry 3), model (5) → make = S2.
		expect(await db.vehicles.get('v1')).toMatchObject({ unitNumber: 'old', make: 'S2', model: 'old' });
		expect(await db.vehicles.get('v2')).toBeUndefined();
		db.close();
	});

	it('writes nothing when nothing was answered', async () => {
		const db = new DeviceDb(`settle-${++n}`);
		await db.vehicles.put({ id: 'v1', agencyNumber: 'A1', unitNumber: 'old' } as never);
		await settleAnswers(db, [], []);
		expect(await db.vehicles.get('v1')).toMatchObject({ unitNumber: 'old' });
		db.close();
	});

	it('reads and writes no record for answers that repeat what was sent, and still writes a value the server changed', async () => {
		const db = new DeviceDb(`settle-${++n}`);
		// Every read of vehicles by key, seen below Dexie's API (DBCore; registered before the database opens).
		const read: unknown[][] = [];
		db.use({
			stack: 'dbcore',
			name: 'count-vehicle-reads',
			create: (down) => ({
				...down,
				table: (name) => {
					const table = down.table(name);
					return name !== 'vehicles' ? table : { ...table, getMany: (req) => (read.push([...req.keys]), table.getMany(req)) };
				}
			})
		});
		// As mutate() left them: each row holds what its entry sent.
		await db.vehicles.bulkPut([
			{ id: 'v1', agencyNumber: 'A1', unitNumber: 'u1', status: 'in_service' },
			{ id: 'v2', agencyNumber: 'A1', unitNumber: 'u2' }
		] as never);
		const answered = [entry(1, 'v1', { unitNumber: 'u1', status: 'in_service' }, { op: 'insert' }), entry(2, 'v2', { unitNumber: 'u2' })];
		await db.transaction('rw', [db.outbox, db.vehicles], () =>
			settleAnswers(db, answered, [
				{ index: 0, table: 'vehicles', recordId: 'v1', current: { unitNumber: 'u1', status: 'in_service' } },
				{ index: 1, table: 'vehicles', recordId: 'v2', current: { unitNumber: 'U2' } } // the server's spelling
			])
		);
		expect(read).toEqual([['v2']]);
		expect(await db.vehicles.get('v2')).toMatchObject({ unitNumber: 'U2' });
		expect(await db.vehicles.get('v1')).toMatchObject({ unitNumber: 'u1', status: 'in_service' });
		db.close();
	});
});

describe('echoes (an answer that changes nothing on the device)', () => {
	it('is an answer setting only sent fields to the sent values', () => {
		expect(echoes(entry(1, 'v', { a: 'x', b: null, c: [1, { d: 2 }] }), { a: 'x', b: null, c: [1, { d: 2 }] })).toBe(true);
		expect(echoes(entry(1, 'v', { a: 'x', b: 'y' }), { a: 'x' })).toBe(true);
		expect(echoes(entry(1, 'v', { a: 'x' }), {})).toBe(true);
	});

	it('is not one with another value, another field, no values, a request or a delete', () => {
		expect(echoes(entry(1, 'v', { a: 'x' }), { a: 'X' })).toBe(false);
		expect(echoes(entry(1, 'v', { a: 'x' }), { a: 'x', b: 'server' })).toBe(false);
		expect(echoes(entry(1, 'v', { c: [1, 2] }), { c: [1, 2, 3] })).toBe(false);
		expect(echoes(entry(1, 'v', { c: { d: 1 } }), { c: { e: 1 } })).toBe(false);
		expect(echoes(entry(1, 'v', { a: 'x' }), null)).toBe(false);
		expect(echoes(entry(1, 'v', { a: 'x' }, { reason: 'name change' }), { a: 'x' })).toBe(false);
		expect(echoes(entry(1, 'v', {}, { op: 'delete' }), {})).toBe(false);
		expect(echoes(undefined, { a: 'x' })).toBe(false);
	});
});
