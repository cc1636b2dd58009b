import * as v from 'valibot';
import { affiliationSchema } from './affiliation';
import { agencySchema } from './agency';
import { CE_ENTRY_FIELDS, ceEntrySchema } from './ce-entry';
import { credentialSchema } from './credential';
import { email, emsNumber, mailingAddressSchema, optionalPhone, phone } from './fields';
import { personNameSchema, personSchema } from './person';
import { fieldLabel, type SyncTable } from './sync-tables';
import { holdsNul, validate, type FieldErrors, type Validated } from './validation';
import { vehicleSchema } from './vehicle';

/**
 * The shared field and record schemas of the synced tables (sync-tables.ts has their names and labels): the
 * server validates every pushed mutation with these, and the device checks a change before queueing it.
 */

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
		...address,
		// Renewal reminders on or off (issue 12); null is on. Not part of personSchema: a preference, not the record.
		renewalReminders: v.nullable(v.picklist(['on', 'off'], 'Renewal reminders are either on or off.'))
	},
	credentials: objectOf(credentialSchema),
	agencies: (() => {
		const { address: _nested, ...rest } = objectOf(agencySchema);
		void _nested;
		return { ...rest, phone: phone('Agency phone'), email, ...address };
	})(),
	affiliations: objectOf(affiliationSchema),
	vehicles: objectOf(vehicleSchema),
	ceEntries: CE_ENTRY_FIELDS
};

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
		if (holdsNul(raw)) {
			errors[field] = `${fieldLabel(table, field)} holds a character that cannot be stored (a null byte). Enter it again without it.`;
			continue;
		}
		const result = v.safeParse(schema, raw);
		if (result.success) value[field] = result.output;
		// valibot's own type message ("Invalid type: Expected string but received Object") is not for a person.
		else errors[field] = result.issues[0].message.startsWith('Invalid ') ? `${fieldLabel(table, field)} was sent in a form this app cannot store. Reload the app and enter it again.` : result.issues[0].message;
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
		case 'ceEntries':
			result = validate(ceEntrySchema, row);
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
