import { describe, expect, it } from 'vitest';
import { firstExpiration, renewedExpiration } from '../../src/lib/domain/license-cycle';

describe('license cycles', () => {
	it('ends EMT and up on March 31 and EMRs on June 30, two years on', () => {
		expect(firstExpiration('Paramedic', '2026-02-10')).toBe('2028-03-31');
		expect(firstExpiration('EMT', '2026-05-01')).toBe('2028-03-31');
		expect(firstExpiration('EMR', '2026-03-01')).toBe('2028-06-30');
	});

	it('gives a credential issued late in the year the following cycle end', () => {
		expect(firstExpiration('EMT', '2026-11-20')).toBe('2029-03-31');
		expect(firstExpiration('EMR', '2026-12-01')).toBe('2028-06-30');
	});

	it('renews two years after the current expiration, or from today when it lapsed long ago', () => {
		expect(renewedExpiration('Paramedic', '2027-03-31', '2026-12-02')).toBe('2029-03-31');
		expect(renewedExpiration('EMR', '2026-06-30', '2026-12-02')).toBe('2028-06-30');
		expect(renewedExpiration('EMT', '2020-03-31', '2026-12-02')).toBe('2028-03-31');
	});
});
