import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { email, formatUsPhone, isoDate, isRealDate, normalizeUsPhone, optionalPhone, phone, stateCode, zip } from '../../src/lib/domain/fields';

const parse = <S extends v.GenericSchema>(schema: S, input: unknown) => v.safeParse(schema, input);
const firstMessage = <S extends v.GenericSchema>(schema: S, input: unknown) => parse(schema, input).issues?.[0]?.message;

/** A valid NANP number's ten digits: NXX (not N11) + NXX (not N11) + XXXX. */
const nanpDigits = fc
	.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 }))
	.filter(([area, exchange]) => area % 100 !== 11 && exchange % 100 !== 11)
	.map(([a, e, l]) => `${a}${e}${String(l).padStart(4, '0')}`);

describe('normalizeUsPhone', () => {
	it.each([
		['701-555-0123', '+17015550123'],
		['(701) 555-0123', '+17015550123'],
		['701.555.0123', '+17015550123'],
		['7015550123', '+17015550123'],
		['1 701 555 0123', '+17015550123'],
		['+1 (701) 555-0123', '+17015550123'],
		['  +17015550123 ', '+17015550123']
	])('reads %j as %s', (input, expected) => {
		expect(normalizeUsPhone(input)).toBe(expected);
	});

	it.each([
		['9 digits', '701-555-012'],
		['12 digits', '1701555012345'],
		['11 digits not starting with 1', '27015550123'],
		['area code starting with 1', '101-555-0123'],
		['area code starting with 0', '001-555-0123'],
		['exchange starting with 1', '701-155-0123'],
		['N11 area code', '911-555-0123'],
		['N11 exchange', '701-411-0123'],
		['letters', '701-555-CALL'],
		['another country', '+44 20 7946 0958'],
		['another country with ten digits', '+2125550123'],
		['an extension', '701-555-0123 x12'],
		['empty', '']
	])('rejects %s', (_label, input) => {
		expect(normalizeUsPhone(input)).toBeNull();
	});

	it('is idempotent: normalising its own output changes nothing', () => {
		fc.assert(
			fc.property(fc.string({ maxLength: 20 }), (input) => {
				const once = normalizeUsPhone(input);
				expect(once === null ? null : normalizeUsPhone(once)).toBe(once);
			})
		);
	});

	it('reads back every way it is displayed or typed', () => {
		fc.assert(
			fc.property(nanpDigits, fc.constantFrom('', '1', '+1', '1-', '+1 '), (digits, prefix) => {
				const e164 = `+1${digits}`;
				expect(normalizeUsPhone(`${prefix}${digits}`)).toBe(e164);
				expect(normalizeUsPhone(formatUsPhone(e164))).toBe(e164);
				expect(normalizeUsPhone(`${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`)).toBe(e164);
			})
		);
	});

	it('never accepts fewer or more than ten national digits', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{1,15}$/), (digits) => {
				const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
				if (national.length !== 10) expect(normalizeUsPhone(digits)).toBeNull();
			})
		);
	});
});

describe('formatUsPhone', () => {
	it('shows E.164 as (701) 555-0123 and leaves anything else alone', () => {
		expect(formatUsPhone('+17015550123')).toBe('(701) 555-0123');
		expect(formatUsPhone(null)).toBe('');
		expect(formatUsPhone('+442079460958')).toBe('+442079460958');
	});
});

describe('phone fields', () => {
	it('store E.164 and explain what they want', () => {
		expect(parse(phone('Agency phone'), ' 701 555 0123 ').output).toBe('+17015550123');
		expect(firstMessage(phone('Agency phone'), '555-0123')).toBe('Agency phone: enter a 10-digit US phone number, like 701-555-0123.');
		expect(firstMessage(phone('Agency phone'), '  ')).toBe('Agency phone is required.');
	});

	it('treat an empty optional phone as none', () => {
		expect(parse(optionalPhone('Home phone'), '').output).toBeNull();
		expect(parse(optionalPhone('Home phone'), undefined).output).toBeNull();
		expect(parse(optionalPhone('Home phone'), '(701) 555-0123').output).toBe('+17015550123');
		expect(firstMessage(optionalPhone('Home phone'), '12345')).toMatch(/^Home phone: enter a 10-digit US phone number/);
	});
});

describe('zip', () => {
	it.each([
		['58501', '58501'],
		['58501-1234', '58501-1234'],
		['585011234', '58501-1234'],
		[' 58102 ', '58102']
	])('accepts %j as %s', (input, expected) => {
		expect(parse(zip, input).output).toBe(expected);
	});

	it.each(['5850', '585012', '58501-123', '58501 1234', 'ABCDE', ''])('rejects %j with a message that shows the forms', (input) => {
		expect(firstMessage(zip, input)).toBe('ZIP code must be 5 digits, or 9 digits as 58501-1234.');
	});

	it('keeps every valid 9-digit ZIP in the hyphenated form', () => {
		fc.assert(
			fc.property(fc.stringMatching(/^\d{9}$/), (digits) => {
				const out = parse(zip, digits).output as string;
				expect(out).toBe(`${digits.slice(0, 5)}-${digits.slice(5)}`);
				expect(parse(zip, out).output).toBe(out);
			})
		);
	});
});

describe('stateCode', () => {
	it('accepts US states, DC, territories and military codes in any case', () => {
		for (const code of ['ND', 'nd', ' Mn ', 'DC', 'PR', 'GU', 'AE']) expect(parse(stateCode, code).success).toBe(true);
		expect(parse(stateCode, 'nd').output).toBe('ND');
	});

	it('rejects what is not a state code', () => {
		for (const code of ['XX', 'North Dakota', 'N', '']) {
			expect(firstMessage(stateCode, code)).toBe('State: choose a US state or territory code, like ND.');
		}
	});
});

describe('email', () => {
	it('trims and lower-cases', () => {
		expect(parse(email, '  Medic@Example.ORG ').output).toBe('medic@example.org');
	});

	it.each([
		['', 'Email address is required.'],
		['medic', 'Enter an email address like name@example.org.'],
		['medic@', 'Enter an email address like name@example.org.'],
		['medic@example', 'Enter an email address like name@example.org.'],
		['two words@example.org', 'Enter an email address like name@example.org.'],
		[`${'a'.repeat(250)}@example.org`, 'Email address must be at most 254 characters.']
	])('rejects %j', (input, message) => {
		expect(firstMessage(email, input)).toBe(message);
	});
});

describe('dates', () => {
	it('accept real calendar days only', () => {
		const date = isoDate('Issue date');
		expect(parse(date, '2024-02-29').success).toBe(true);
		expect(firstMessage(date, '2026-02-29')).toBe('Issue date: that date does not exist.');
		expect(firstMessage(date, '2026-04-31')).toBe('Issue date: that date does not exist.');
		expect(firstMessage(date, '11/01/2026')).toBe('Issue date: enter a date as YYYY-MM-DD.');
		expect(firstMessage(date, undefined)).toBe('Issue date is required.');
	});

	it('agree with the calendar for every day, years below 100 included', () => {
		fc.assert(
			fc.property(fc.date({ min: new Date('0001-01-01T00:00:00Z'), max: new Date('9999-12-31T00:00:00Z'), noInvalidDate: true }), (d) => {
				expect(isRealDate(d.toISOString().slice(0, 10))).toBe(true);
			})
		);
		expect(isRealDate('0050-02-29')).toBe(false);
		expect(isRealDate('2000-02-29')).toBe(true);
		expect(isRealDate('1900-02-29')).toBe(false);
	});
});
