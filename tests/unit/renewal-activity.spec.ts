import { describe, expect, it } from 'vitest';
import { decisionActivities } from '$lib/client/decision-activity';
import { activityItems } from '$lib/domain/dashboard';
import { decide } from '$lib/domain/permissions';
import type { PulledRequest } from '$lib/domain/sync-protocol';
import type { SessionUser } from '$lib/domain/session-user';
import { validateChanges } from '$lib/domain/sync-validation';

const renewal = (over: Partial<PulledRequest> = {}): PulledRequest => ({
	id: 'r1',
	kind: 'renewal',
	table: 'credentials',
	recordId: 'c1',
	changes: { newExpiresOn: '2029-03-31' },
	status: 'pending',
	decisionNote: null,
	decidedAt: null,
	requestedAt: '2026-12-01T10:00:00.000Z',
	revision: 5,
	...over
});

describe('the office’s decisions in Recent activity', () => {
	it('lists an approval (with the new expiration) and a return (with the reasons) once, when the decision first arrives', () => {
		const approved = renewal({ status: 'approved', decidedAt: '2026-12-02T09:00:00.000Z' });
		const [line] = decisionActivities([approved], [undefined]);
		expect(line).toMatchObject({ kind: 'decision', decision: 'approved', requestKind: 'renewal', at: approved.decidedAt, note: 'New expiration: March 31, 2029' });
		expect(line!.seq).toBeLessThan(0);
		// Pending: nothing yet; already filed with that status: not again.
		expect(decisionActivities([renewal()], [undefined])).toEqual([]);
		const filed = { id: 'r1', table: 'credentials' as const, recordId: 'c1', changes: {}, message: '', at: approved.requestedAt, status: 'approved' as const };
		expect(decisionActivities([approved], [filed])).toEqual([]);

		const returned = decisionActivities([renewal({ id: 'r2', status: 'rejected', decidedAt: '2026-12-03T09:00:00.000Z', decisionNote: 'The card is unreadable.' })], [{ ...filed, status: 'pending' }]);
		const items = activityItems([
			{ seq: 7, table: 'credentials', kind: 'request', fields: ['nremtExpiresOn'], at: '2026-12-01T10:00:00.000Z', state: 'requested', settledAt: null },
			line!,
			...returned,
			{ seq: 8, table: 'persons', kind: 'change', fields: ['homePhone'], at: '2026-12-02T12:00:00.000Z', state: 'applied', settledAt: null }
		]);
		expect(items.map((i) => [i.what, i.where, i.note])).toEqual([
			['Renewal returned by the state EMS office', 'Decided by the state EMS office', 'The card is unreadable.'],
			['Changed Home phone', 'Reached the state registry', null],
			['Renewal approved', 'Decided by the state EMS office', 'New expiration: March 31, 2029'],
			['Submitted a renewal application', 'Sent to the state EMS office for approval', null]
		]);
	});
});

describe('renewal reminders on the person’s record', () => {
	const me: SessionUser = { accountId: 'a', role: 'licensee', emsNumber: '100002', email: 'medic@example.org', leaderOf: [] };
	const existing = { emsNumber: '100002' };
	it('the person may turn them off and on; nobody else may; only on or off', () => {
		expect(decide(me, { table: 'persons', op: 'update', existing, changes: { renewalReminders: 'off' } })).toEqual({ kind: 'allow' });
		expect(decide({ ...me, emsNumber: '100003' }, { table: 'persons', op: 'update', existing, changes: { renewalReminders: 'on' } }).kind).toBe('deny');
		expect(validateChanges('persons', { renewalReminders: 'off' })).toEqual({ ok: true, value: { renewalReminders: 'off' } });
		expect(validateChanges('persons', { renewalReminders: 'weekly' })).toMatchObject({ ok: false, errors: { renewalReminders: 'Renewal reminders are either on or off.' } });
	});
});
