import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOutbox, recordInOutbox } from '../../src/lib/server/messages/outbox';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => {
	await t.dispose();
});

describe('development outbox', () => {
	it('is empty on a new database', async () => {
		expect(await listOutbox(t.db)).toEqual([]);
	});

	it('records messages and lists them newest first', async () => {
		await recordInOutbox(
			t.db,
			{ to: 'new.emt@example.org', channel: 'email', subject: 'Your EMS Registry code', text: 'Your code is 123456.' },
			new Date('2026-11-01T10:00:00Z')
		);
		await recordInOutbox(
			t.db,
			{ to: '+17015550123', channel: 'sms', subject: 'Code', text: 'EMS Registry code: 654321' },
			new Date('2026-11-01T10:05:00Z')
		);
		expect(await listOutbox(t.db)).toEqual([
			{ to: '+17015550123', channel: 'sms', subject: 'Code', text: 'EMS Registry code: 654321', sentAt: '2026-11-01T10:05:00.000Z' },
			{
				to: 'new.emt@example.org',
				channel: 'email',
				subject: 'Your EMS Registry code',
				text: 'Your code is 123456.',
				sentAt: '2026-11-01T10:00:00.000Z'
			}
		]);
	});

	it('keeps insertion order even when clocks disagree', async () => {
		// Order is by id, not by sentAt: a message recorded later is newer even if its clock ran behind.
		await recordInOutbox(t.db, { to: 'a@example.org', channel: 'email', subject: 'Late', text: 'x' }, new Date('2020-01-01T00:00:00Z'));
		const [newest] = await listOutbox(t.db, 1);
		expect(newest?.subject).toBe('Late');
	});

	it('honours the limit', async () => {
		expect(await listOutbox(t.db, 2)).toHaveLength(2);
	});
});
