import { describe, expect, it } from 'vitest';
import { decide, mayEdit, NOT_YOURS } from '../../src/lib/domain/permissions';
import type { SessionUser } from '../../src/lib/domain/session-user';

const me: SessionUser = { accountId: 'a1', role: 'licensee', emsNumber: '100001', email: 'me@example.org', leaderOf: [] };
const leader: SessionUser = { ...me, leaderOf: ['A0001'] };
const office: SessionUser = { accountId: 'o1', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };
const myRecord = { emsNumber: '100001', firstName: 'Pat', lastName: 'Doe', dateOfBirth: '1990-01-01' };
const agency = { number: 'A0001', name: 'Bismarck Ambulance' };
const vehicle = { id: 'v1', agencyNumber: 'A0001', status: 'in_service' };
const otherVehicle = { id: 'v2', agencyNumber: 'A0002', status: 'in_service' };
const membership = { id: 'f1', emsNumber: '100002', agencyNumber: 'A0001', role: 'member' };

describe('permissions', () => {
	it('lets a licensee change their own contact information only', () => {
		expect(decide(me, { table: 'persons', op: 'update', existing: myRecord, changes: { mobilePhone: '+17015550100', city: 'Fargo' } })).toEqual({ kind: 'allow' });
		expect(decide(me, { table: 'persons', op: 'update', existing: { ...myRecord, emsNumber: '100002' }, changes: { city: 'Fargo' } })).toEqual({ kind: 'deny', reason: NOT_YOURS });
		expect(decide(me, { table: 'persons', op: 'update', existing: myRecord, changes: { dateOfBirth: '1991-01-01' } })).toMatchObject({ kind: 'deny', reason: 'Date of birth can only be changed by the state EMS office.' });
	});

	it('turns a name change into a request, and refuses one mixed with contact changes', () => {
		expect(decide(me, { table: 'persons', op: 'update', existing: myRecord, changes: { lastName: 'Smith' } })).toMatchObject({ kind: 'request', request: 'name' });
		expect(decide(me, { table: 'persons', op: 'update', existing: myRecord, changes: { lastName: 'Smith', city: 'Fargo' } })).toMatchObject({ kind: 'deny' });
	});

	it('lets a squad leader change their agency’s contact information but not its name', () => {
		expect(decide(leader, { table: 'agencies', op: 'update', existing: agency, changes: { phone: '+17015550100' } })).toEqual({ kind: 'allow' });
		expect(decide(leader, { table: 'agencies', op: 'update', existing: agency, changes: { name: 'X' } })).toMatchObject({ kind: 'deny' });
		expect(decide(me, { table: 'agencies', op: 'update', existing: agency, changes: { phone: '+17015550100' } })).toMatchObject({ kind: 'deny' });
	});

	it('lets a squad leader add, edit and take out of service their vehicles only', () => {
		expect(decide(leader, { table: 'vehicles', op: 'insert', existing: null, changes: { agencyNumber: 'A0001' } })).toEqual({ kind: 'allow' });
		expect(decide(leader, { table: 'vehicles', op: 'update', existing: vehicle, changes: { status: 'out_of_service' } })).toEqual({ kind: 'allow' });
		expect(decide(leader, { table: 'vehicles', op: 'update', existing: vehicle, changes: { agencyNumber: 'A0002' } })).toMatchObject({ kind: 'deny' });
		expect(decide(leader, { table: 'vehicles', op: 'update', existing: otherVehicle, changes: { status: 'out_of_service' } })).toMatchObject({ kind: 'deny' });
		expect(decide(leader, { table: 'vehicles', op: 'delete', existing: vehicle, changes: {} })).toMatchObject({ kind: 'deny' });
	});

	it('lets a squad leader end affiliations and grant or remove the squad-leader role', () => {
		expect(decide(leader, { table: 'affiliations', op: 'update', existing: membership, changes: { endedOn: '2025-01-01' } })).toEqual({ kind: 'allow' });
		expect(decide(leader, { table: 'affiliations', op: 'update', existing: membership, changes: { role: 'squad_leader' } })).toEqual({ kind: 'allow' });
		expect(decide(leader, { table: 'affiliations', op: 'update', existing: membership, changes: { startedOn: '2019-01-01' } })).toMatchObject({ kind: 'deny' });
		expect(decide(me, { table: 'affiliations', op: 'update', existing: membership, changes: { endedOn: '2025-01-01' } })).toMatchObject({ kind: 'deny' });
		expect(decide(leader, { table: 'affiliations', op: 'insert', existing: null, changes: membership })).toMatchObject({ kind: 'deny' });
	});

	it('never lets a licensee change a credential; lets office change anything', () => {
		expect(decide(leader, { table: 'credentials', op: 'update', existing: { id: 'c', emsNumber: '100001' }, changes: { status: 'active' } })).toMatchObject({ kind: 'deny' });
		for (const table of ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles'] as const) {
			expect(decide(office, { table, op: 'delete', existing: {}, changes: {} })).toEqual({ kind: 'allow' });
		}
	});

	it('answers whether a field is editable, for the screens', () => {
		expect(mayEdit(me, 'persons', myRecord, 'email')).toBe(true);
		expect(mayEdit(me, 'persons', myRecord, 'lastName')).toBe(true); // as a request
		expect(mayEdit(me, 'persons', myRecord, 'dateOfBirth')).toBe(false);
	});
});
