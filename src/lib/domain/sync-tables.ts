import * as v from 'valibot';
import { affiliationSchema } from './affiliation';
import { agencySchema } from './agency';
import { credentialSchema } from './credential';
import { email, emsNumber, mailingAddressSchema, optionalPhone, phone } from './fields';
import { personNameSchema, personSchema } from './person';
import { validate, type FieldErrors, type Validated } from './validation';
import { vehicleSchema } from './vehicle';

/**
 * The records that sync between device and server, described once for both sides: each table's key, the fields
 * a mutation may name (with the shared field schema that validates each one) and the label a person reads.
 * Field names are the flat column names (mailing address as street/city/…), the shape a row has on the device
 * and in the server database.
 */
export const SYNC_TABLES = ['persons', 'credentials', 'agencies', 'affiliations', 'vehicles'] as const;
export type SyncTable = (typeof SYNC_TABLES)[number];

export const RECORD_KEY = {
	persons: 'emsNumber',
	credentials: 'id',
	agencies: 'number',
	affiliations: 'id',
	vehicles: 'id'
} as const satisfies Record<SyncTable, string>;

type Entries = Record<string, v.GenericSchema>;

const address = mailingAddressSchema.entries;
const objectOf = (schema: { pipe: readonly unknown[] }): Entries =>
	(schema.pipe[0] as v.ObjectSchema<Entries, undefined>).entries;

/** Every field of each synced record, with its field schema. The key field is included (needed on insert). */
export const FIELD_SCHEMAS: Record<SyncTable, Entries> = {
	persons: {
		emsNumber,
		...personNameSchema.entries,
		dateOfBirth: personSchema.entries.dateOfBirth,
		email,
		mobilePhone: optionalPhone('Mobile phone'),
		homePhone: optionalPhone('Home phone'),
		...address
	},
	credentials: objectOf(credentialSchema),
	agencies: (() => {
		const { address: _nested, ...rest } = objectOf(agencySchema);
		void _nested;
		return { ...rest, phone: phone('Agency phone'), email, ...address };
	})(),
	affiliations: objectOf(affiliationSchema),
	vehicles: vehicleSchema.entries
};

export const PERSON_NAME_FIELDS = ['firstName', 'middleName', 'lastName', 'suffix'] as const;
export const PERSON_CONTACT_FIELDS = ['email', 'mobilePhone', 'homePhone', 'street', 'street2', 'city', 'state', 'zip'] as const;
export const AGENCY_CONTACT_FIELDS = ['phone', 'email', 'street', 'street2', 'city', 'state', 'zip'] as const;

const ADDRESS_LABELS = { street: 'Street address', street2: 'Address line 2', city: 'City', state: 'State', zip: 'ZIP code' };

/** What a person calls each field ("Your change to Mobile phone was not applied …"). */
export const FIELD_LABELS: Record<SyncTable, Record<string, string>> = {
	persons: {
		emsNumber: 'ND EMS #',
		firstName: 'First name',
		middleName: 'Middle name',
		lastName: 'Last name',
		suffix: 'Suffix',
		dateOfBirth: 'Date of birth',
		email: 'Email address',
		mobilePhone: 'Mobile phone',
		homePhone: 'Home phone',
		...ADDRESS_LABELS
	},
	credentials: {
		level: 'Level',
		number: 'License number',
		status: 'Status',
		issuedOn: 'Issue date',
		expiresOn: 'Expiration date',
		nremtNumber: 'NREMT number',
		nremtExpiresOn: 'NREMT expiration'
	},
	agencies: {
		name: 'Agency name',
		type: 'Agency type',
		parentNumber: 'Parent agency',
		phone: 'Agency phone',
		email: 'Agency email address',
		licenseNumber: 'Agency license number',
		licenseExpiresOn: 'Agency license expiration',
		...ADDRESS_LABELS
	},
	affiliations: { role: 'Role', startedOn: 'Start date', endedOn: 'End date', agencyNumber: 'Agency', emsNumber: 'ND EMS #' },
	vehicles: {
		unitNumber: 'Unit number',
		vin: 'VIN',
		year: 'Year',
		make: 'Make',
		model: 'Model',
		type: 'Vehicle type',
		status: 'Status',
		agencyNumber: 'Agency'
	}
};

export const TABLE_NOUNS: Record<SyncTable, string> = {
	persons: 'personal record',
	credentials: 'license',
	agencies: 'agency',
	affiliations: 'agency membership',
	vehicles: 'vehicle'
};

export const fieldLabel = (table: SyncTable, field: string): string => FIELD_LABELS[table][field] ?? field;

/**
 * Validates the fields a mutation changes, each with its own field schema, and returns them normalized
 * (phones as E.164, emails lower case). Unknown fields are refused by name.
 */
export function validateChanges(table: SyncTable, changes: Record<string, unknown>): Validated<Record<string, unknown>> {
	const schemas = FIELD_SCHEMAS[table];
	const value: Record<string, unknown> = {};
	const errors: FieldErrors = {};
	for (const [field, raw] of Object.entries(changes)) {
		const schema = Object.hasOwn(schemas, field) ? schemas[field] : undefined;
		if (!schema) {
			errors[field] = `${fieldLabel(table, field)} is not something that can be changed here.`;
			continue;
		}
		const result = v.safeParse(schema, raw);
		if (result.success) value[field] = result.output;
		else errors[field] = result.issues[0].message;
	}
	return Object.keys(errors).length ? { ok: false, errors } : { ok: true, value };
}

const ADDRESS_FIELDS = ['street', 'street2', 'city', 'state', 'zip'] as const;

function nestAddress(row: Record<string, unknown>, key: string): Record<string, unknown> {
	const out: Record<string, unknown> = { ...row };
	const nested: Record<string, unknown> = {};
	for (const f of ADDRESS_FIELDS) {
		nested[f] = row[f];
		delete out[f];
	}
	out[key] = nested;
	return out;
}

/** Whole-record rules (end date after start date, a substation names its parent…) for a flat row. */
export function recordErrors(table: SyncTable, row: Record<string, unknown>): FieldErrors {
	let result: Validated<unknown>;
	let nestedKey: string | null = null;
	switch (table) {
		case 'persons':
			nestedKey = 'mailingAddress';
			result = validate(personSchema, nestAddress(row, nestedKey));
			break;
		case 'agencies':
			nestedKey = 'address';
			result = validate(agencySchema, nestAddress(row, nestedKey));
			break;
		case 'credentials':
			result = validate(credentialSchema, row);
			break;
		case 'affiliations':
			result = validate(affiliationSchema, row);
			break;
		case 'vehicles':
			result = validate(vehicleSchema, row);
			break;
	}
	if (result.ok) return {};
	const errors: FieldErrors = {};
	for (const [path, message] of Object.entries(result.errors)) {
		const field = nestedKey && path.startsWith(`${nestedKey}.`) ? path.slice(nestedKey.length + 1) : path;
		errors[field] ??= message;
	}
	return errors;
}

/**
 * The whole-record errors a change introduces: those of the changed record that the record did not have
 * before. A phone change is not refused because of an old problem elsewhere in the record.
 */
export function introducedErrors(table: SyncTable, before: Record<string, unknown> | null, after: Record<string, unknown>): FieldErrors {
	const now = recordErrors(table, after);
	if (!before) return now;
	const then = recordErrors(table, before);
	const out: FieldErrors = {};
	for (const [field, message] of Object.entries(now)) if (then[field] !== message) out[field] = message;
	return out;
}
