import { describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/lib/client/backoff';
import { coalesce, withPending } from '../../src/lib/client/outbox-rules';

describe('retry backoff', () => {
	it('doubles up to a cap, with jitter in the upper half', () => {
		expect(retryDelay(0)).toBe(0);
		expect(retryDelay(1, {}, () => 0)).toBe(1000);
		expect(retryDelay(1, {}, () => 1)).toBe(2000);
		expect(retryDelay(3, {}, () => 1)).toBe(8000);
		expect(retryDelay(50, {}, () => 1)).toBe(300_000);
		expect(retryDelay(50, {}, () => 0)).toBe(150_000);
		for (let i = 0; i < 100; i++) {
			const d = retryDelay(4);
			expect(d).toBeGreaterThanOrEqual(8000);
			expect(d).toBeLessThanOrEqual(16000);
		}
	});
});

describe('outbox coalescing', () => {
	const update = (changes: Record<string, unknown>, baseRevision = 5) => ({ op: 'update' as const, baseRevision, changes });

	it('folds edits of one record from the same base into one mutation, later values winning', () => {
		expect(coalesce(update({ city: 'Minot', zip: '58701' }), update({ city: 'Fargo' }))).toEqual(update({ city: 'Fargo', zip: '58701' }));
	});
	it('keeps edits from different bases apart', () => {
		expect(coalesce(update({ city: 'Minot' }, 5), update({ city: 'Fargo' }, 9))).toBeNull();
	});
	it('folds edits of a record not yet sent into its insert', () => {
		expect(coalesce({ op: 'insert', baseRevision: null, changes: { id: 'v', status: 'in_service' } }, update({ status: 'out_of_service' }, 0))).toEqual({
			op: 'insert',
			baseRevision: null,
			changes: { id: 'v', status: 'out_of_service' }
		});
	});
	it('never folds requests, or anything after a delete', () => {
		expect(coalesce({ ...update({ lastName: 'A' }), reason: 'Marriage' }, update({ lastName: 'B' }))).toBeNull();
		expect(coalesce({ op: 'delete', baseRevision: 5, changes: {} }, update({ city: 'X' }))).toBeNull();
		expect(coalesce(update({ city: 'X' }), { op: 'delete', baseRevision: 5, changes: {} })).toEqual({ op: 'delete', baseRevision: 5, changes: {} });
	});
	it('shows the server row with pending changes on top, but not pending requests', () => {
		const row = { city: 'Bismarck', zip: '58501', lastName: 'Doe', revision: 9 };
		expect(withPending(row, [update({ city: 'Minot' }), { ...update({ lastName: 'Roe' }), reason: 'Marriage' }, update({ zip: '58701' })])).toEqual({
			city: 'Minot',
			zip: '58701',
			lastName: 'Doe',
			revision: 9
		});
	});
});
