import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { credentialSchema, daysUntil, displayStatus, EXPIRING_WITHIN_DAYS, type Credential } from '../../src/lib/domain/credential';
import { credentialKind, requiresNremt } from '../../src/lib/domain/levels';
import { validate } from '../../src/lib/domain/validation';

const paramedic: Credential = {
	id: '0b7e2c1a-5d3f-4e8a-9b6c-1a2b3c4d5e6f',
	emsNumber: '100002',
	level: 'Paramedic',
	number: 'P-004321',
	status: 'active',
	issuedOn: '2025-04-01',
	expiresOn: '2027-03-31',
	nremtNumber: 'P1234567',
	nremtExpiresOn: '2027-03-31'
};

describe('credential schema', () => {
	it('accepts a current Paramedic licence', () => {
		expect(v.parse(credentialSchema, paramedic)).toEqual(paramedic);
	});

	it('normalises the NREMT number and treats blank as none', () => {
		expect(v.parse(credentialSchema, { ...paramedic, nremtNumber: ' p1234567 ' }).nremtNumber).toBe('P1234567');
		const emr = v.parse(credentialSchema, { ...paramedic, level: 'EMR', number: 'EMR-007788', nremtNumber: '  ', nremtExpiresOn: '' });
		expect(emr.nremtNumber).toBeNull();
		expect(emr.nremtExpiresOn).toBeNull();
	});

	it('requires the expiration after the issue date', () => {
		expect(validate(credentialSchema, { ...paramedic, expiresOn: '2025-04-01' })).toEqual({
			ok: false,
			errors: { expiresOn: 'Expiration date must be after the issue date.' }
		});
	});

	it('requires NREMT certification of an active EMT, AEMT or Paramedic', () => {
		for (const level of ['EMT', 'AEMT', 'Paramedic'] as const) {
			for (const missing of [{ nremtNumber: null }, { nremtExpiresOn: null }]) {
				const result = validate(credentialSchema, { ...paramedic, level, ...missing });
				expect(result).toEqual({
					ok: false,
					errors: { nremtNumber: 'An active EMT, AEMT or Paramedic license needs a current NREMT number and expiration.' }
				});
			}
		}
	});

	it('does not require NREMT of an EMR, nor of a licence that is not active', () => {
		const none = { nremtNumber: null, nremtExpiresOn: null };
		expect(validate(credentialSchema, { ...paramedic, ...none, level: 'EMR', number: 'EMR-007788' }).ok).toBe(true);
		for (const status of ['pending', 'expired', 'suspended', 'revoked', 'inactive']) {
			expect(validate(credentialSchema, { ...paramedic, ...none, status }).ok).toBe(true);
		}
	});

	it('explains malformed numbers and unknown values in words', () => {
		const result = validate(credentialSchema, { ...paramedic, number: 'EMT12345', nremtNumber: 'NR-1', level: 'Nurse', status: 'lapsed' });
		expect(result).toEqual({
			ok: false,
			errors: {
				number: 'License number looks like EMT-012345.',
				nremtNumber: 'NREMT number looks like E1234567.',
				level: 'Level: choose EMR, EMT, AEMT or Paramedic.',
				status: 'Status is not one the registry knows.'
			}
		});
	});
});

describe('levels', () => {
	it('match North Dakota: EMR is a certification without NREMT, the rest are licences that need it', () => {
		expect(requiresNremt('EMR')).toBe(false);
		expect(credentialKind('EMR')).toBe('certification');
		for (const level of ['EMT', 'AEMT', 'Paramedic'] as const) {
			expect(requiresNremt(level)).toBe(true);
			expect(credentialKind(level)).toBe('license');
		}
	});
});

describe('displayStatus', () => {
	const today = '2026-11-01';
	const at = (days: number) => {
		const d = new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000);
		return d.toISOString().slice(0, 10);
	};

	it('counts whole calendar days', () => {
		expect(daysUntil('2026-11-02', today)).toBe(1);
		expect(daysUntil('2027-03-31', today)).toBe(150);
		expect(daysUntil('2026-10-31', today)).toBe(-1);
		// Across the March daylight-saving change, still whole days.
		expect(daysUntil('2027-03-15', '2027-03-10')).toBe(5);
	});

	it('shows an active credential expiring within 90 days as expiring, to the day', () => {
		expect(EXPIRING_WITHIN_DAYS).toBe(90);
		expect(displayStatus({ status: 'active', expiresOn: at(91) }, today)).toBe('active');
		expect(displayStatus({ status: 'active', expiresOn: at(90) }, today)).toBe('expiring');
		expect(displayStatus({ status: 'active', expiresOn: at(1) }, today)).toBe('expiring');
		// Valid through its expiration day.
		expect(displayStatus({ status: 'active', expiresOn: today }, today)).toBe('expiring');
	});

	it('shows an active credential past its date as expired before the office updates it', () => {
		expect(displayStatus({ status: 'active', expiresOn: at(-1) }, today)).toBe('expired');
	});

	it('shows every other status as it is', () => {
		for (const status of ['pending', 'expired', 'suspended', 'revoked', 'inactive'] as const) {
			expect(displayStatus({ status, expiresOn: at(30) }, today)).toBe(status);
		}
	});
});
