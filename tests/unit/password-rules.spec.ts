import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { commonPasswords, isCommonPassword } from '../../src/lib/domain/common-passwords';
import { allMet, checkPassword } from '../../src/lib/domain/password-rules';

const person = { emsNumber: '100001', email: 'new.emt@example.org' };
const unmet = (password: string, confirmation = password) =>
	checkPassword({ ...person, password, confirmation }, isCommonPassword)
		.filter((r) => !r.met)
		.map((r) => r.id);

describe('password requirements', () => {
	it('accepts a long, personal-data-free, uncommon password typed twice', () => {
		expect(unmet('Prairie-Ambulance-Run-7')).toEqual([]);
	});

	it('needs at least 12 characters', () => {
		expect(unmet('Prairie-Am7')).toEqual(['length']);
		expect(unmet('Prairie-Amb7')).toEqual([]);
	});

	it('refuses the EMS # or the email, however padded', () => {
		expect(unmet('xx100001-Prairie')).toEqual(['personal']);
		expect(unmet('NEW.EMT@EXAMPLE.ORG')).toEqual(['personal']);
		expect(unmet('new.emt-Prairie-Run')).toEqual(['personal']);
	});

	it('refuses the 10,000 most common passwords, in any case', () => {
		expect(commonPasswords.size).toBe(10_000);
		expect(unmet('1q2w3e4r5t6y')).toContain('common');
		expect(unmet('PASSWORD1234')).toEqual(expect.arrayContaining(isCommonPassword('password1234') ? ['common'] : []));
		expect(isCommonPassword('Password')).toBe(true);
	});

	it('needs both entries to be the same', () => {
		expect(unmet('Prairie-Ambulance-Run-7', 'Prairie-Ambulance-Run-8')).toEqual(['match']);
	});

	it('shows every requirement unmet for an empty password', () => {
		expect(unmet('', '')).toEqual(['length', 'personal', 'common', 'match']);
	});

	it('is met exactly when every rule holds (property)', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (password, confirmation) => {
				const r = checkPassword({ ...person, password, confirmation }, isCommonPassword);
				const expected =
					[...password].length >= 12 &&
					!password.toLowerCase().includes('100001') &&
					!password.toLowerCase().includes('new.emt') &&
					!isCommonPassword(password) &&
					password === confirmation;
				return allMet(r) === expected;
			})
		);
	});
});
