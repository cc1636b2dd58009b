import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { vehicleSchema, vin, vinCheckDigit } from '../../src/lib/domain/vehicle';
import { validate } from '../../src/lib/domain/validation';

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';
const VALUE: Record<string, number> = Object.fromEntries(
	[...VIN_CHARS].map((c) => [c, /\d/.test(c) ? Number(c) : [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9][VIN_CHARS.indexOf(c)]!])
);
const vinBody = fc.array(fc.constantFrom(...VIN_CHARS), { minLength: 17, maxLength: 17 }).map((cs) => cs.join(''));
const withCheckDigit = (body: string) => `${body.slice(0, 8)}${vinCheckDigit(body)}${body.slice(9)}`;

describe('VIN check digit', () => {
	it.each([
		// The worked example in 49 CFR 565 and the NHTSA guidance.
		['1M8GDM9AXKP042788', 'X'],
		['11111111111111111', '1'],
		['1HGCM82633A004352', '3']
	])('of %s is %s', (value, digit) => {
		expect(vinCheckDigit(value)).toBe(digit);
	});

	it('ignores letter case', () => {
		expect(vinCheckDigit('1m8gdm9axkp042788')).toBe('X');
		expect(v.parse(vin, ' 1m8gdm9axkp042788 ')).toBe('1M8GDM9AXKP042788');
	});

	it('accepts any VIN whose position 9 is its check digit', () => {
		fc.assert(
			fc.property(vinBody, (body) => {
				expect(v.safeParse(vin, withCheckDigit(body)).success).toBe(true);
			})
		);
	});

	it('catches every single-character misreading outside position 9', () => {
		fc.assert(
			fc.property(vinBody, fc.integer({ min: 0, max: 16 }).filter((i) => i !== 8), fc.constantFrom(...VIN_CHARS), (body, i, c) => {
				const good = withCheckDigit(body);
				fc.pre(VALUE[c] !== VALUE[good[i]!]);
				const typo = `${good.slice(0, i)}${c}${good.slice(i + 1)}`;
				expect(v.safeParse(vin, typo).issues?.[0]?.message).toBe('VIN check digit does not match; please re-read the VIN.');
			})
		);
	});

	it('refuses I, O and Q and wrong lengths', () => {
		expect(v.safeParse(vin, '1M8GDM9AXKP04278O').issues?.[0]?.message).toBe('VIN is 17 letters and digits (never I, O or Q).');
		expect(v.safeParse(vin, '1M8GDM9AXKP04278').issues?.[0]?.message).toBe('VIN is 17 letters and digits (never I, O or Q).');
	});
});

describe('vehicle schema', () => {
	const ambulance = {
		id: '6edd3b95-30ab-4a2d-a4d5-6ed5d72a0a3e',
		agencyNumber: 'A0001',
		unitNumber: 'Medic 4',
		vin: '1M8GDM9AXKP042788',
		year: 2019,
		make: 'Ford',
		model: 'F-450 Super Duty',
		type: 'type_i_ambulance',
		status: 'in_service'
	};

	it('accepts an ambulance', () => {
		expect(validate(vehicleSchema, ambulance)).toEqual({ ok: true, value: { ...ambulance, outOfServiceOn: null, outOfServiceReason: null } });
	});

	it('takes a vehicle out of service only with the date and the reason', () => {
		const out = validate(vehicleSchema, { ...ambulance, status: 'out_of_service' });
		expect(out.ok).toBe(false);
		if (!out.ok) expect(out.errors).toMatchObject({ outOfServiceOn: expect.stringContaining('date and the reason'), outOfServiceReason: expect.any(String) });
		expect(validate(vehicleSchema, { ...ambulance, status: 'out_of_service', outOfServiceOn: '2026-11-30', outOfServiceReason: 'Transmission' }).ok).toBe(true);
	});

	it('limits the model year to 1970 … next year', () => {
		const next = new Date().getUTCFullYear() + 1;
		expect(validate(vehicleSchema, { ...ambulance, year: next }).ok).toBe(true);
		expect(validate(vehicleSchema, { ...ambulance, year: next + 1 })).toEqual({ ok: false, errors: { year: 'Year cannot be more than one year ahead.' } });
		expect(validate(vehicleSchema, { ...ambulance, year: 1969 })).toEqual({ ok: false, errors: { year: 'Year must be 1970 or later.' } });
		expect(validate(vehicleSchema, { ...ambulance, year: 2019.5 })).toEqual({ ok: false, errors: { year: 'Year must be a whole number.' } });
	});

	it('explains bad unit numbers and types', () => {
		expect(validate(vehicleSchema, { ...ambulance, unitNumber: 'Medic #4', type: 'bus', status: 'sold' })).toEqual({
			ok: false,
			errors: {
				unitNumber: 'Unit number may contain letters, digits, spaces and hyphens.',
				type: 'Vehicle type: choose one from the list.',
				status: 'Status: in service or out of service.'
			}
		});
	});
});
