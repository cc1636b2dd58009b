import * as v from 'valibot';
import {
	NAME_SUFFIXES,
	email,
	emsNumber,
	isoDate,
	mailingAddressSchema,
	namePart,
	optionalNamePart,
	optionalPhone
} from './fields';

export const personNameSchema = v.object({
	firstName: namePart('First name'),
	middleName: optionalNamePart('Middle name'),
	lastName: namePart('Last name'),
	suffix: v.pipe(
		v.nullish(v.string(), null),
		v.transform((s) => (s == null || s.trim() === '' ? null : s.trim())),
		v.check(
			(s) => s === null || (NAME_SUFFIXES as readonly string[]).includes(s),
			`Suffix: choose one of ${NAME_SUFFIXES.join(', ')}, or leave it empty.`
		)
	)
});
export type PersonName = v.InferOutput<typeof personNameSchema>;

export const contactInformationSchema = v.object({
	email,
	mobilePhone: optionalPhone('Mobile phone'),
	homePhone: optionalPhone('Home phone'),
	mailingAddress: mailingAddressSchema
});
export type ContactInformation = v.InferOutput<typeof contactInformationSchema>;

const dateOfBirth = v.pipe(
	isoDate('Date of birth'),
	v.check((d) => d >= '1900-01-01', 'Date of birth: enter a date after 1900.'),
	v.check((d) => d <= new Date().toISOString().slice(0, 10), 'Date of birth cannot be in the future.')
);

/** A licensee as the state holds them. */
export const personSchema = v.object({
	emsNumber,
	...personNameSchema.entries,
	dateOfBirth,
	...contactInformationSchema.entries
});
export type Person = v.InferOutput<typeof personSchema>;
export type PersonInput = v.InferInput<typeof personSchema>;

export { fullName } from './format';
