import { describe, expect, it } from 'vitest';
import { affiliationSchema, isCurrent } from '../../src/lib/domain/affiliation';
import { agencySchema, transports } from '../../src/lib/domain/agency';
import { fullName, personSchema } from '../../src/lib/domain/person';
import { validate } from '../../src/lib/domain/validation';

const person = {
	emsNumber: '100002',
	firstName: 'Kristin',
	middleName: null,
	lastName: 'Aasen',
	suffix: null,
	dateOfBirth: '1988-05-14',
	email: 'medic@example.org',
	mobilePhone: '+17015550123',
	homePhone: null,
	mailingAddress: { street: '1148 Main St', street2: null, city: 'Fargo', state: 'ND', zip: '58103' }
};

const agency = {
	number: 'A0001',
	name: 'Red River Valley Ambulance',
	type: 'als_ground',
	parentNumber: null,
	phone: '+17015550160',
	email: 'dispatch@example.org',
	address: { street: '2215 18th St S', street2: null, city: 'Fargo', state: 'ND', zip: '58103' },
	licenseNumber: 'AL-1001',
	licenseExpiresOn: '2027-06-30'
};

const affiliation = {
	id: 'b7e019e9-f697-4654-998e-5a12c6e608eb',
	emsNumber: '100002',
	agencyNumber: 'A0001',
	role: 'member',
	startedOn: '2020-06-20',
	endedOn: null
};

/** Valibot's own wording, which no person should have to read. */
const LIBRARY_WORDING = /Invalid (type|key|length|format)|Expected|received/;

describe('person schema', () => {
	it('accepts a licensee as typed into a form, and stores canonical values', () => {
		const typed = {
			...person,
			firstName: ' Kristin ',
			middleName: '',
			suffix: '',
			email: ' Medic@Example.org',
			mobilePhone: '(701) 555-0123',
			homePhone: '',
			mailingAddress: { ...person.mailingAddress, street2: '  ', state: 'nd', zip: '581031234' }
		};
		expect(validate(personSchema, typed)).toEqual({
			ok: true,
			value: { ...person, mailingAddress: { ...person.mailingAddress, zip: '58103-1234' } }
		});
	});

	it('accepts names in any alphabet with apostrophes, hyphens, spaces and periods', () => {
		for (const lastName of ["O'Connell", 'Davis-Poitra', 'Yellow Bird', 'St. Claire', 'Müller', 'Nguyễn']) {
			expect(validate(personSchema, { ...person, lastName }).ok, lastName).toBe(true);
		}
		expect(validate(personSchema, { ...person, lastName: 'R2-D2' })).toEqual({
			ok: false,
			errors: { lastName: 'Last name may contain letters, spaces, apostrophes, hyphens and periods.' }
		});
	});

	it('refuses dates of birth in the future or before 1900', () => {
		expect(validate(personSchema, { ...person, dateOfBirth: '2999-01-01' })).toEqual({
			ok: false,
			errors: { dateOfBirth: 'Date of birth cannot be in the future.' }
		});
		expect(validate(personSchema, { ...person, dateOfBirth: '1899-12-31' })).toEqual({
			ok: false,
			errors: { dateOfBirth: 'Date of birth: enter a date after 1900.' }
		});
	});

	it('only knows the usual suffixes', () => {
		expect(validate(personSchema, { ...person, suffix: 'Jr.' }).ok).toBe(true);
		expect(validate(personSchema, { ...person, suffix: 'Esq.' })).toEqual({
			ok: false,
			errors: { suffix: 'Suffix: choose one of Jr., Sr., II, III, IV, V, or leave it empty.' }
		});
	});

	it('writes the full name as people read it', () => {
		expect(fullName({ firstName: 'Dale', middleName: 'Arne', lastName: 'Schmitz', suffix: 'Jr.' })).toBe('Dale Arne Schmitz Jr.');
		expect(fullName({ firstName: 'Dale', middleName: null, lastName: 'Schmitz', suffix: null })).toBe('Dale Schmitz');
	});
});

describe('agency schema', () => {
	it('accepts an ALS service', () => {
		expect(validate(agencySchema, agency).ok).toBe(true);
	});

	it('requires a substation, and only a substation, to name its parent', () => {
		const message = 'A substation names its parent ALS service, and only a substation does.';
		expect(validate(agencySchema, { ...agency, number: 'A0140', type: 'als_substation', licenseNumber: 'AL-1140' })).toEqual({
			ok: false,
			errors: { parentNumber: message }
		});
		expect(validate(agencySchema, { ...agency, number: 'A0140', type: 'als_substation', parentNumber: 'A0001' }).ok).toBe(true);
		expect(validate(agencySchema, { ...agency, parentNumber: 'A0002' })).toEqual({ ok: false, errors: { parentNumber: message } });
	});

	it('knows that quick response units do not transport', () => {
		expect(transports('quick_response_unit')).toBe(false);
		expect(transports('bls_ground')).toBe(true);
		expect(transports('air_ambulance')).toBe(true);
	});
});

describe('affiliation schema', () => {
	it('refuses an end before the start', () => {
		expect(validate(affiliationSchema, { ...affiliation, endedOn: '2020-06-19' })).toEqual({
			ok: false,
			errors: { endedOn: 'End date cannot be before the start date.' }
		});
		expect(validate(affiliationSchema, { ...affiliation, endedOn: '2020-06-20' }).ok).toBe(true);
	});

	it('counts an affiliation as current through its end date', () => {
		expect(isCurrent({ endedOn: null }, '2026-11-01')).toBe(true);
		expect(isCurrent({ endedOn: '2026-11-01' }, '2026-11-01')).toBe(true);
		expect(isCurrent({ endedOn: '2026-10-31' }, '2026-11-01')).toBe(false);
	});
});

describe('validation messages', () => {
	const schemas = { person: personSchema, agency: agencySchema, affiliation: affiliationSchema } as const;

	it.each(Object.keys(schemas) as (keyof typeof schemas)[])('of %s are sentences a person can act on, even for missing fields', (name) => {
		const empty = validate(schemas[name], {});
		expect(empty.ok).toBe(false);
		if (empty.ok) return;
		for (const [field, message] of Object.entries(empty.errors)) {
			expect(message, field).not.toMatch(LIBRARY_WORDING);
			expect(message, field).toMatch(/^[A-Z].*\.$/);
		}
	});

	it('name the field a missing value belongs to', () => {
		const { mailingAddress, ...withoutAddress } = person;
		void mailingAddress;
		expect(validate(personSchema, withoutAddress)).toEqual({ ok: false, errors: { mailingAddress: 'This field is required.' } });
		expect(validate(personSchema, { ...person, mailingAddress: { ...person.mailingAddress, zip: undefined } })).toEqual({
			ok: false,
			errors: { 'mailingAddress.zip': 'ZIP code is required.' }
		});
	});

	it('answer a request that is not a form at all', () => {
		expect(validate(personSchema, null)).toEqual({ ok: false, errors: { '': 'Please fill in the form and try again.' } });
	});

	it('are written for every blank text field of a person', () => {
		const blank = validate(personSchema, {
			...person,
			emsNumber: '',
			firstName: '',
			lastName: ' ',
			dateOfBirth: '',
			email: '',
			mailingAddress: { street: '', city: '', state: '', zip: '' }
		});
		expect(blank).toEqual({
			ok: false,
			errors: {
				emsNumber: 'ND EMS # is required.',
				firstName: 'First name is required.',
				lastName: 'Last name is required.',
				dateOfBirth: 'Date of birth: enter a date as YYYY-MM-DD.',
				email: 'Email address is required.',
				'mailingAddress.street': 'Street address is required.',
				'mailingAddress.city': 'City is required.',
				'mailingAddress.state': 'State: choose a US state or territory code, like ND.',
				'mailingAddress.zip': 'ZIP code must be 5 digits, or 9 digits as 58501-1234.'
			}
		});
	});
});
