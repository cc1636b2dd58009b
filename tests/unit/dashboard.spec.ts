import { describe, expect, it } from 'vitest';
import {
	activityItems,
	agencyMemberships,
	credentialView,
	currentCredential,
	remainingText,
	type ActivityRecord,
	type CredentialRecord
} from '../../src/lib/domain/dashboard';

const paramedic: CredentialRecord = {
	level: 'Paramedic',
	number: 'P-004321',
	status: 'active',
	issuedOn: '2025-04-01',
	expiresOn: '2027-03-31',
	nremtNumber: 'P1234567',
	nremtExpiresOn: '2027-03-31'
};
const emr: CredentialRecord = { ...paramedic, level: 'EMR', number: 'EMR-0012', nremtNumber: null, nremtExpiresOn: null, expiresOn: '2027-06-30' };

describe('credential on the dashboard', () => {
	it('calls EMT and up a license with its NREMT certification', () => {
		const view = credentialView(paramedic, '2026-11-26')!;
		expect(view.documentWord).toBe('License');
		expect(view.numberLabel).toBe('License number');
		expect(view.nremt).toEqual({ number: 'P1234567', expiresOn: '2027-03-31', daysRemaining: 125 });
		expect(view.status).toBe('active');
		expect(view.daysRemaining).toBe(125);
		expect(view.remainingText).toBe('125 days remaining');
	});

	it('calls an EMR credential a certificate and shows no NREMT lines', () => {
		const view = credentialView(emr, '2026-11-26')!;
		expect(view.documentWord).toBe('Certificate');
		expect(view.numberLabel).toBe('Certificate number');
		expect(view.nremt).toBeNull();
		expect(view.levelName).toBe('Emergency Medical Responder');
	});

	it('says expiring within 90 days, expired after the date, and gives no days while pending', () => {
		expect(credentialView(paramedic, '2027-01-01')!.status).toBe('expiring');
		expect(credentialView(paramedic, '2027-01-01')!.statusLabel).toBe('Expiring soon');
		expect(credentialView(paramedic, '2026-12-31')!.status).toBe('expiring'); // 90 days left
		expect(credentialView(paramedic, '2026-12-30')!.status).toBe('active'); // 91
		expect(credentialView(paramedic, '2027-03-31')!.remainingText).toBe('Expires today');
		const lapsed = credentialView(paramedic, '2027-04-05')!;
		expect([lapsed.status, lapsed.daysRemaining, lapsed.remainingText]).toEqual(['expired', -5, 'Expired 5 days ago']);
		const pending = credentialView({ ...paramedic, status: 'pending' }, '2026-11-26')!;
		expect([pending.status, pending.daysRemaining, pending.remainingText]).toEqual(['pending', null, null]);
		expect(credentialView({ ...paramedic, status: 'revoked' }, '2026-11-26')!.remainingText).toBeNull();
	});

	it('words the days remaining', () => {
		expect([remainingText(2), remainingText(1), remainingText(0), remainingText(-1), remainingText(-30)]).toEqual([
			'2 days remaining',
			'1 day remaining',
			'Expires today',
			'Expired yesterday',
			'Expired 30 days ago'
		]);
	});

	it('ignores a level the registry does not know', () => {
		expect(credentialView({ ...paramedic, level: 'Nurse' }, '2026-11-26')).toBeNull();
	});

	it('leads with the credential in force, then the highest level, then the latest', () => {
		const oldEmt = { ...paramedic, level: 'EMT', status: 'expired', expiresOn: '2025-03-31' };
		const emt = { ...paramedic, level: 'EMT', expiresOn: '2028-03-31' };
		expect(currentCredential([oldEmt, paramedic])).toBe(paramedic);
		expect(currentCredential([emt, paramedic])).toBe(paramedic);
		expect(currentCredential([{ ...paramedic, expiresOn: '2025-03-31' }, paramedic])).toBe(paramedic);
		expect(currentCredential([])).toBeNull();
	});
});

describe('agencies on the dashboard', () => {
	it('lists current memberships, squad-leader roles first, with names', () => {
		const list = agencyMemberships(
			[
				{ agencyNumber: 'A0002', role: 'member', endedOn: null },
				{ agencyNumber: 'A0001', role: 'squad_leader', endedOn: null },
				{ agencyNumber: 'A0003', role: 'member', endedOn: '2026-01-01' }
			],
			[{ number: 'A0001', name: 'Zap QRU' }],
			'2026-11-26'
		);
		expect(list).toEqual([
			{ agencyNumber: 'A0001', agencyName: 'Zap QRU', role: 'squad_leader', roleLabel: 'Squad leader', leads: true },
			{ agencyNumber: 'A0002', agencyName: 'Agency A0002', role: 'member', roleLabel: 'Member', leads: false }
		]);
	});
});

describe('activity list', () => {
	const base: Omit<ActivityRecord, 'seq' | 'state'> = {
		table: 'persons',
		kind: 'change',
		fields: ['mobilePhone', 'street', 'zip'],
		at: '2026-11-26T08:00:00.000Z',
		settledAt: null
	};

	it('says what changed and whether it reached the state, newest first', () => {
		const items = activityItems([
			{ ...base, seq: 1, state: 'applied', settledAt: '2026-11-26T08:00:03.000Z' },
			{ ...base, seq: 2, state: 'waiting', fields: ['homePhone'] },
			{ ...base, seq: 3, state: 'requested', kind: 'request', fields: ['lastName'] },
			{ ...base, seq: 4, state: 'refused', fields: ['email'], note: 'That email address is already used.' }
		]);
		expect(items.map((i) => [i.what, i.where, i.reached])).toEqual([
			['Changed Email address', 'Not accepted by the state registry', false],
			['Asked to change your name', 'Sent to the state EMS office for approval', true],
			['Changed Home phone', 'Kept on this device — not yet sent to the state', false],
			['Changed Mobile phone, Street address and ZIP code', 'Reached the state registry', true]
		]);
		expect(items[0]!.note).toBe('That email address is already used.');
		expect(items.at(-1)!.at).toBe(base.at);
	});

	it('shows only the latest entries', () => {
		const many = Array.from({ length: 30 }, (_, i) => ({ ...base, seq: i + 1, state: 'applied' as const }));
		expect(activityItems(many, 5).map((i) => i.seq)).toEqual([30, 29, 28, 27, 26]);
	});
});
