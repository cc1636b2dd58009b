import { describe, expect, it } from 'vitest';
import { mayRenew, renewalWindow, windowSentence } from '../../src/lib/domain/renewal-window';
import { nremtExpirationProblem, renewalMutation, renewalProblems, renewalStatus, renewedExpiresOn, parseRenewalStatement } from '../../src/lib/domain/renewal-application';

const paramedic = { level: 'Paramedic', status: 'active', expiresOn: '2027-03-31', nremtExpiresOn: '2027-03-31' };
const emr = { level: 'EMR', status: 'active', expiresOn: '2027-06-30', nremtExpiresOn: null };

describe('renewal window', () => {
	it('EMT and up: NREMT window Oct 1 – Mar 31, late to Apr 30, measured from the NREMT expiration', () => {
		expect(renewalWindow(paramedic, '2026-09-30')).toMatchObject({ opensOn: '2026-10-01', lateUntil: '2027-04-30', state: 'not-open' });
		expect(renewalWindow(paramedic, '2026-10-01')?.state).toBe('open');
		expect(renewalWindow(paramedic, '2027-03-31')?.state).toBe('open');
		expect(renewalWindow(paramedic, '2027-04-01')?.state).toBe('late');
		expect(renewalWindow(paramedic, '2027-04-30')?.state).toBe('late');
		expect(renewalWindow(paramedic, '2027-05-01')?.state).toBe('lapsed');
		// A state license whose NREMT certification ends on another date follows the NREMT date.
		expect(renewalWindow({ ...paramedic, expiresOn: '2027-06-30', nremtExpiresOn: '2029-03-31' }, '2027-01-01')).toMatchObject({ opensOn: '2028-10-01', state: 'not-open' });
	});

	it('North Dakota EMR: the state certification ending June 30 opens Jan 1, late to Jul 31', () => {
		expect(renewalWindow(emr, '2026-12-31')).toMatchObject({ opensOn: '2027-01-01', lateUntil: '2027-07-31', state: 'not-open', rule: 'ND-EMR-state-certification' });
		expect(renewalWindow(emr, '2027-01-01')?.state).toBe('open');
		expect(renewalWindow(emr, '2027-07-31')?.state).toBe('late');
		expect(renewalWindow(emr, '2027-08-01')?.state).toBe('lapsed');
	});

	it('offers Renew only inside the window or its late period, never for a suspended credential', () => {
		expect(mayRenew(renewalWindow(paramedic, '2026-09-30'))).toBe(false);
		expect(mayRenew(renewalWindow(paramedic, '2026-11-15'))).toBe(true);
		expect(mayRenew(renewalWindow(paramedic, '2027-04-15'))).toBe(true);
		expect(mayRenew(renewalWindow({ ...paramedic, status: 'suspended' }, '2026-11-15'))).toBe(false);
		expect(renewalWindow({ ...paramedic, level: 'Nurse' }, '2026-11-15')).toBeNull();
	});

	it('words the window for the dashboard', () => {
		expect(windowSentence(renewalWindow(paramedic, '2026-06-01')!)).toBe('Renewal opens October 1, 2026.');
		expect(windowSentence(renewalWindow(paramedic, '2026-11-01')!)).toBe('Renewal is open until March 31, 2027.');
		expect(windowSentence(renewalWindow(paramedic, '2027-04-02')!)).toContain('late renewal is open until April 30, 2027');
	});
});

describe('renewal application', () => {
	const cred = { id: 'c1', ...paramedic };
	const full = { credentialId: 'c1', nremtExpiresOn: '2029-03-31', criminalHistory: true, practiceLimitations: true, agencyNumber: 'A1001', hasCard: true };
	const ctx = { today: '2026-11-15', ceComplete: false };

	it('a complete Paramedic application has no problems and sends the NREMT date with the statement', () => {
		expect(renewalProblems(full, cred, ctx)).toEqual({});
		const m = renewalMutation(full, cred, ctx.today);
		expect(m.changes).toEqual({ nremtExpiresOn: '2029-03-31' });
		expect(parseRenewalStatement(m.reason)).toEqual({ renewal: 1, criminalHistory: true, practiceLimitations: true, agencyNumber: 'A1001' });
	});

	it('says what is missing, field by field', () => {
		const p = renewalProblems({ ...full, nremtExpiresOn: '', hasCard: false, criminalHistory: false, agencyNumber: '' }, cred, ctx);
		expect(Object.keys(p).sort()).toEqual(['agencyNumber', 'card', 'criminalHistory', 'nremtExpiresOn']);
	});

	it('refuses an NREMT expiration not after the current one, or more than 3 years out', () => {
		expect(nremtExpirationProblem('2027-03-31', '2027-03-31', ctx.today)).toContain('after the one on file');
		expect(nremtExpirationProblem('2030-03-31', '2027-03-31', ctx.today)).toContain('more than 3 years');
		expect(nremtExpirationProblem('2029-02-30x', '2027-03-31', ctx.today)).toContain('Enter the new NREMT expiration');
		expect(nremtExpirationProblem('2029-03-31', '2027-03-31', ctx.today)).toBeNull();
	});

	it('an EMR renews on the CE log, and gets June 30 two years on', () => {
		const e = { id: 'e1', ...emr };
		const draft = { ...full, nremtExpiresOn: '', hasCard: false };
		expect(renewalProblems(draft, e, { today: '2027-02-01', ceComplete: false, ceMissing: ['4 hours of Local.'] }).ce).toBe(
			'Your continuing education is not complete yet: 4 hours of Local.'
		);
		expect(renewalProblems(draft, e, { today: '2027-02-01', ceComplete: true })).toEqual({});
		expect(renewalMutation(draft, e, '2027-02-01').changes).toEqual({ expiresOn: '2029-06-30' });
		expect(renewedExpiresOn(cred, '2029-03-31', '2026-11-15')).toBe('2029-03-31');
	});

	it('states the status: draft, waiting to be sent, submitted, approved, returned', () => {
		const f = (d: string) => d;
		expect(renewalStatus({ draft: null, queuedAt: null, request: null }, f).stage).toBe('none');
		expect(renewalStatus({ draft: { updatedAt: '2026-11-15T10:00:00Z' }, queuedAt: null, request: null }, f).stage).toBe('draft');
		expect(renewalStatus({ draft: null, queuedAt: '2026-11-15T10:00:00Z', request: null }, f).stage).toBe('waiting-to-send');
		expect(renewalStatus({ draft: null, queuedAt: null, request: { status: 'pending', at: '2026-11-15T10:00:00Z', changes: {} } }, f).sentence).toBe(
			'Renewal submitted 2026-11-15 — in review at the state EMS office.'
		);
		expect(renewalStatus({ draft: null, queuedAt: null, request: { status: 'approved', at: 'x', decidedAt: '2026-11-20T00:00:00Z', changes: { newExpiresOn: '2029-03-31' } } }, f).sentence).toBe(
			'Renewal approved 2026-11-20: now expires 2029-03-31.'
		);
		const returned = { status: 'rejected' as const, at: '2026-11-15T10:00:00Z', decidedAt: '2026-11-16T00:00:00Z', decisionNote: 'Card photo is unreadable.', changes: {} };
		expect(renewalStatus({ draft: { updatedAt: '2026-11-15T09:00:00Z' }, queuedAt: null, request: returned }, f)).toMatchObject({ stage: 'returned', note: 'Card photo is unreadable.' });
		// Corrected after the return: a draft again, the office's reasons still shown.
		expect(renewalStatus({ draft: { updatedAt: '2026-11-17T00:00:00Z' }, queuedAt: null, request: returned }, f)).toMatchObject({ stage: 'draft', note: 'Card photo is unreadable.' });
	});
});
