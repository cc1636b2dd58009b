import { describe, expect, it } from 'vitest';
import {
	CONTACT_FIELDS,
	NAME_FIELDS,
	changedFields,
	contactFormFrom,
	firstInvalid,
	nameFormFrom,
	validateContactForm,
	validateNameForm
} from '../../src/lib/domain/person-edit';

const stored = {
	firstName: 'Dana',
	middleName: null,
	lastName: 'Berg',
	suffix: null,
	email: 'medic@example.org',
	mobilePhone: '+17015550123',
	homePhone: null,
	street: '100 Main St',
	street2: null,
	city: 'Bismarck',
	state: 'ND',
	zip: '58501'
};

describe('contact information form', () => {
	it('starts from the stored values, phones as people write them', () => {
		expect(contactFormFrom(stored)).toEqual({
			email: 'medic@example.org',
			mobilePhone: '(701) 555-0123',
			homePhone: '',
			street: '100 Main St',
			street2: '',
			city: 'Bismarck',
			state: 'ND',
			zip: '58501'
		});
	});

	it('finds nothing changed when the form is sent as shown', () => {
		const checked = validateContactForm(contactFormFrom(stored));
		expect(checked.ok).toBe(true);
		if (checked.ok) expect(changedFields(stored, checked.value, CONTACT_FIELDS)).toEqual({});
	});

	it('sends only the fields that changed, normalised', () => {
		const form = { ...contactFormFrom(stored), mobilePhone: '701 555 0199', zip: '585011234', street2: '  Apt 2 ' };
		const checked = validateContactForm(form);
		expect(checked.ok).toBe(true);
		if (checked.ok)
			expect(changedFields(stored, checked.value, CONTACT_FIELDS)).toEqual({ mobilePhone: '+17015550199', zip: '58501-1234', street2: 'Apt 2' });
	});

	it('clears an optional phone as null', () => {
		const checked = validateContactForm({ ...contactFormFrom(stored), mobilePhone: '' });
		expect(checked.ok && changedFields(stored, checked.value, CONTACT_FIELDS)).toEqual({ mobilePhone: null });
	});

	it('gives a message per field, keyed by the form’s field names', () => {
		const checked = validateContactForm({
			...contactFormFrom(stored),
			email: 'medic@',
			mobilePhone: '701555012',
			zip: '5850',
			street: 'x'.repeat(500),
			state: 'XX'
		});
		expect(checked.ok).toBe(false);
		if (!checked.ok)
			expect(checked.errors).toEqual({
				email: 'Enter an email address like name@example.org.',
				mobilePhone: 'Mobile phone: enter a 10-digit US phone number, like 701-555-0123.',
				street: 'Street address must be at most 100 characters.',
				state: 'State: choose a US state or territory code, like ND.',
				zip: 'ZIP code must be 5 digits, or 9 digits as 58501-1234.'
			});
	});

	it('focuses the first invalid field in page order', () => {
		expect(firstInvalid({ zip: 'x', email: 'y' })).toBe('email');
		expect(firstInvalid({ zip: 'x', lastName: 'y' })).toBe('lastName');
		expect(firstInvalid({})).toBeNull();
	});
});

describe('name change form', () => {
	it('needs a reason', () => {
		const checked = validateNameForm({ ...nameFormFrom(stored), lastName: 'Olson' });
		expect(checked).toEqual({ ok: false, errors: { reason: 'Reason for the change is required.' } });
	});

	it('sends only the changed name parts with the reason', () => {
		const checked = validateNameForm({ ...nameFormFrom(stored), lastName: ' Olson ', suffix: '', reason: 'Marriage' });
		expect(checked.ok).toBe(true);
		if (checked.ok) {
			expect(changedFields(stored, checked.value, NAME_FIELDS)).toEqual({ lastName: 'Olson' });
			expect(checked.value.reason).toBe('Marriage');
		}
	});

	it('refuses a suffix the registry does not use', () => {
		const checked = validateNameForm({ ...nameFormFrom(stored), suffix: 'Esq.', reason: 'Court order' });
		expect(checked.ok).toBe(false);
		if (!checked.ok) expect(Object.keys(checked.errors)).toEqual(['suffix']);
	});
});
