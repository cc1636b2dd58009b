import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { agencyFactsSchema, baseRevisionSchema, squadLeaderSchema } from '../../src/lib/domain/agency-office-forms';
import { renewedAgencyExpiration } from '../../src/lib/domain/agency-license-cycle';

const form = {
	name: ' Washburn Ambulance ',
	type: 'bls_ground',
	parentNumber: '',
	contactPerson: '',
	medicalDirector: 'Dr. Lee',
	phone: '701-555-0142',
	email: 'Service@Example.org',
	street: '108 Division St',
	street2: '',
	city: 'Washburn',
	state: 'nd',
	zip: '58577'
};

describe('office agency forms', () => {
	it('reads the facts form with the agency schema’s rules: trimmed, phone as E.164, empty optional fields as null', () => {
		expect(v.parse(agencyFactsSchema, form)).toMatchObject({
			name: 'Washburn Ambulance',
			parentNumber: null,
			contactPerson: null,
			medicalDirector: 'Dr. Lee',
			phone: '+17015550142',
			email: 'service@example.org',
			state: 'ND',
			street2: null
		});
	});

	it('a substation names its ALS parent, and only a substation does', () => {
		const issues = (over: Record<string, string>) => {
			const r = v.safeParse(agencyFactsSchema, { ...form, ...over });
			return r.success ? {} : v.flatten(r.issues).nested;
		};
		expect(issues({ type: 'als_substation' })).toEqual({ parentNumber: ['A substation names its parent ALS service, and only a substation does.'] });
		expect(issues({ type: 'als_substation', parentNumber: 'a0123' })).toEqual({});
		expect(issues({ parentNumber: 'A0123' })).toHaveProperty('parentNumber');
		expect(issues({ type: 'hospital', phone: '12' })).toHaveProperty('type');
	});

	it('a form revision is digits; an ND EMS # is 4 to 8 digits', () => {
		expect(v.parse(baseRevisionSchema, '42')).toBe(42);
		expect(v.safeParse(baseRevisionSchema, '4e2').success).toBe(false);
		expect(v.safeParse(squadLeaderSchema, { emsNumber: ' 100002 ' }).output).toEqual({ emsNumber: '100002' });
		expect(v.safeParse(squadLeaderSchema, { emsNumber: '12' }).success).toBe(false);
	});

	it('renews an agency license to June 30 two years on; one lapsed long ago comes back on its cycle’s current term', () => {
		expect(renewedAgencyExpiration('2027-06-30', '2026-12-02')).toBe('2029-06-30');
		expect(renewedAgencyExpiration('2026-06-30', '2026-12-02')).toBe('2028-06-30');
		expect(renewedAgencyExpiration('2024-06-30', '2026-06-30')).toBe('2028-06-30');
		expect(renewedAgencyExpiration('2019-06-30', '2026-12-02')).toBe('2027-06-30');
	});
});
