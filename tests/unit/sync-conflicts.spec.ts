import { describe, expect, it } from 'vitest';
import { fieldChange, splitConflicts, stampFieldRevisions } from '../../src/lib/domain/sync-conflicts';
import { introducedErrors, validateChanges } from '../../src/lib/domain/sync-validation';

const current = { email: 'a@example.org', city: 'Bismarck', zip: '58501' };

describe('per-field conflicts', () => {
	it('applies fields not changed since the base revision and keeps the server’s value otherwise', () => {
		const map = { '*': 9, email: [9, 'other'] as [number, string], city: [4, 'other'] as [number, string] };
		const split = splitConflicts({ changes: { email: 'b@example.org', city: 'Fargo' }, current, baseRevision: 5, rowRevision: 9, fieldRevisions: map, clientId: 'me' });
		expect(split).toEqual({ apply: { city: 'Fargo' }, conflicts: ['email'] });
	});

	it('does not count the device’s own later write, or an equal value, as a conflict', () => {
		const map = { '*': 9, email: [9, 'me'] as [number, string], city: [8, 'other'] as [number, string] };
		expect(splitConflicts({ changes: { email: 'c@example.org', city: 'Bismarck' }, current, baseRevision: 2, rowRevision: 9, fieldRevisions: map, clientId: 'me' })).toEqual({
			apply: { email: 'c@example.org' },
			conflicts: []
		});
	});

	it('distrusts a map that does not describe the row’s revision', () => {
		expect(fieldChange({ '*': 3, zip: [3, 'x'] }, 7, 'zip')).toEqual({ revision: 7, by: null });
		expect(fieldChange(null, 7, 'zip')).toEqual({ revision: 7, by: null });
		expect(fieldChange({ '*': 7, '~': 5 }, 7, 'zip')).toEqual({ revision: 5, by: null });
		expect(fieldChange({ '*': 7 }, 7, 'zip')).toEqual({ revision: 0, by: null });
	});

	it('stamps written fields and keeps a floor for the rest when the old map was stale', () => {
		expect(stampFieldRevisions({ '*': 3, zip: [3, 'x'] }, 7, ['city'], 8, 'me')).toEqual({ '~': 7, city: [8, 'me'], '*': 8 });
		expect(stampFieldRevisions({ '*': 7, zip: [3, 'x'] }, 7, ['city'], 8, 'me')).toEqual({ '*': 8, zip: [3, 'x'], city: [8, 'me'] });
	});
});

describe('change validation', () => {
	it('validates each changed field with its own schema and normalises it', () => {
		expect(validateChanges('persons', { mobilePhone: '(701) 555-0123', email: ' Pat@Example.org ' })).toEqual({ ok: true, value: { mobilePhone: '+17015550123', email: 'pat@example.org' } });
		expect(validateChanges('persons', { zip: '5850' })).toMatchObject({ ok: false, errors: { zip: 'ZIP code must be 5 digits, or 9 digits as 58501-1234.' } });
		expect(validateChanges('vehicles', { color: 'red' })).toMatchObject({ ok: false, errors: { color: expect.stringContaining('not something that can be changed') } });
	});

	it('reports whole-record errors a change introduces, not old ones', () => {
		const affiliation = { id: crypto.randomUUID(), emsNumber: '100001', agencyNumber: 'A0001', role: 'member', startedOn: '2022-01-01', endedOn: null };
		expect(introducedErrors('affiliations', affiliation, { ...affiliation, endedOn: '2021-01-01' })).toEqual({ endedOn: 'End date cannot be before the start date.' });
		expect(introducedErrors('affiliations', { ...affiliation, emsNumber: 'x' }, { ...affiliation, emsNumber: 'x', role: 'squad_leader' })).toEqual({});
	});
});
