import { describe, expect, it } from 'vitest';
import { canCorrectInEdit, formsFromRefusal } from '../../src/lib/domain/refused-edit';

const person = {
	firstName: 'Pat',
	middleName: null,
	lastName: 'Medic',
	suffix: null,
	email: 'pat@example.org',
	mobilePhone: '+17015550100',
	homePhone: null,
	street: '1 Main St',
	street2: null,
	city: 'Bismarck',
	state: 'ND',
	zip: '58501'
};

describe('a refused change opened again in Edit', () => {
	it('fills what was typed over the record, answers the sections it touched and keeps the field errors', () => {
		const forms = formsFromRefusal(person, {
			table: 'persons',
			recordId: '100002',
			op: 'update',
			changes: { email: 'taken@example.org', mobilePhone: '+17015550199' },
			errors: { email: 'That email address is already used.', dateOfBirth: 'not on the form' }
		});
		expect(forms.contact).toMatchObject({ email: 'taken@example.org', mobilePhone: '(701) 555-0199', city: 'Bismarck', street2: '' });
		expect(forms.changeContact).toBe(true);
		expect(forms.changeName).toBe(false);
		expect(forms.name).toMatchObject({ firstName: 'Pat', reason: '' });
		expect(forms.errors).toEqual({ email: 'That email address is already used.' });
	});

	it('brings back a name request with the reason the person gave', () => {
		const forms = formsFromRefusal(person, { table: 'persons', recordId: '100002', op: 'update', changes: { lastName: 'Smith' }, requestReason: 'Marriage' });
		expect(forms.name).toMatchObject({ lastName: 'Smith', reason: 'Marriage' });
		expect(forms.changeName).toBe(true);
		expect(forms.changeContact).toBe(false);
	});

	it('offers only the person’s own name and contact fields', () => {
		const own = { table: 'persons', recordId: '100002', op: 'update', changes: { city: 'Fargo' } };
		expect(canCorrectInEdit(own, '100002')).toBe(true);
		expect(canCorrectInEdit(own, '100003')).toBe(false);
		expect(canCorrectInEdit({ ...own, changes: { dateOfBirth: '1991-01-01' } }, '100002')).toBe(false);
		expect(canCorrectInEdit({ ...own, table: 'vehicles' }, '100002')).toBe(false);
	});
});
