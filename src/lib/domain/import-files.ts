import * as v from 'valibot';
import { affiliationSchema } from './affiliation';
import { agencySchema } from './agency';
import { credentialSchema } from './credential';
import { personSchema } from './person';
import { FIELD_SCHEMAS } from './sync-validation';
import type { SyncTable } from './sync-tables';
import { vehicleSchema } from './vehicle';
import { IMPORT_COLUMNS, IMPORT_KINDS, IMPORT_OPTIONAL_COLUMNS, type ImportKind } from './import-report';
import { holdsNul } from './validation';

export * from './import-report';

/**
 * The four CSV files a state brings from its old registry (issue 14), and how one line of each becomes the
 * registry's records. Pure: the server's import (src/lib/server/import) streams the files and decides what is
 * created, updated or unchanged; the rules for a value are the shared field schemas, the same a device's change meets.
 */

export type HeaderReading = { ok: true; kind: ImportKind; columns: string[] } | { ok: false; reason: string };

const normalColumn = (name: string) => name.trim().toLowerCase();

/**
 * Which kind of file a header row is: the one whose columns it holds, all of them and no others, in any order.
 * The answer for any other header says what is missing or unknown against the nearest kind.
 */
export function readHeader(cells: readonly string[]): HeaderReading {
	const columns = cells.map(normalColumn);
	const seen = new Set<string>();
	for (const c of columns) {
		if (c === '') return { ok: false, reason: 'The header row has an empty column name.' };
		if (seen.has(c)) return { ok: false, reason: `The header row names the column "${c}" twice.` };
		seen.add(c);
	}
	let nearest: { kind: ImportKind; missing: string[]; unknown: string[]; shared: number } | null = null;
	for (const kind of IMPORT_KINDS) {
		const expected: readonly string[] = IMPORT_COLUMNS[kind];
		const missing = expected.filter((c) => !seen.has(c));
		const optional: readonly string[] = IMPORT_OPTIONAL_COLUMNS[kind] ?? [];
		const unknown = columns.filter((c) => !expected.includes(c) && !optional.includes(c));
		if (missing.length === 0 && unknown.length === 0) return { ok: true, kind, columns };
		const shared = expected.length - missing.length;
		if (!nearest || shared > nearest.shared || (shared === nearest.shared && missing.length < nearest.missing.length)) nearest = { kind, missing, unknown, shared };
	}
	const n = nearest!;
	const which = 'one of the import files (personnel, agencies, affiliations, vehicles)';
	if (n.shared === 0) return { ok: false, reason: `The header row names none of the columns of ${which}; see the templates.` };
	const parts = [
		n.unknown.length ? `unknown column${n.unknown.length > 1 ? 's' : ''} ${quoteList(n.unknown)}` : '',
		n.missing.length ? `missing ${quoteList(n.missing)}` : ''
	].filter(Boolean);
	return { ok: false, reason: `The header row is not that of ${which}. It looks like ${n.kind}: ${parts.join('; ')}.` };
}

const quoteList = (names: readonly string[]) =>
	(names.length > 6 ? [...names.slice(0, 6), '…'] : names).map((n) => (n === '…' ? n : `"${n}"`)).join(', ');

/** A line that cannot be imported: the column at fault (null: the line as a whole) and why, as a sentence. */
export interface RowProblem {
	column: string | null;
	reason: string;
}

type Row = Record<string, unknown>;

/** What one valid line holds, as the registry's flat rows (ids are given by the import, not the file). */
export type ImportRecord =
	| { kind: 'personnel'; person: Row; credential: Row }
	| { kind: 'agencies'; agency: Row }
	| { kind: 'affiliations'; affiliation: Row }
	| { kind: 'vehicles'; vehicle: Row };

export type RowReading = { ok: true; record: ImportRecord } | { ok: false; problem: RowProblem };

/** Column → record field, per table, for the columns whose name is not just the field in snake_case. */
const RENAMED: Partial<Record<ImportKind, Record<string, string>>> = {
	personnel: { license_number: 'number' }
};

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Any well-formed id: the file carries none, and the import gives each new record its own. */
const PLACEHOLDER_ID = '00000000-0000-4000-8000-000000000000';

/**
 * One data line, as the header's column → cell, checked with the same field schemas as every other write.
 * An empty cell is no value.
 */
export function readImportRow(kind: ImportKind, cells: Readonly<Record<string, string>>): RowReading {
	switch (kind) {
		case 'agencies': {
			const agency = readTable('agencies', kind, cells, IMPORT_COLUMNS.agencies);
			return agency.ok ? { ok: true, record: { kind, agency: agency.value } } : agency;
		}
		case 'personnel': {
			const personColumns = IMPORT_COLUMNS.personnel.slice(0, 14);
			const credentialColumns = IMPORT_COLUMNS.personnel.slice(14);
			const person = readTable('persons', kind, cells, personColumns);
			if (!person.ok) return person;
			const credential = readTable('credentials', kind, cells, credentialColumns, {
				id: PLACEHOLDER_ID,
				emsNumber: person.value.emsNumber
			});
			if (!credential.ok) return credential;
			delete credential.value.id;
			return { ok: true, record: { kind, person: person.value, credential: credential.value } };
		}
		case 'affiliations': {
			const affiliation = readTable('affiliations', kind, cells, IMPORT_COLUMNS.affiliations, { id: PLACEHOLDER_ID });
			if (!affiliation.ok) return affiliation;
			delete affiliation.value.id;
			return { ok: true, record: { kind, affiliation: affiliation.value } };
		}
		case 'vehicles': {
			const raw = (cells.year ?? '').trim();
			// The schema wants a number: a cell that is not a plain whole number stays text so the schema says why.
			const year: unknown = raw === '' ? null : /^\d{1,4}$/.test(raw) ? Number(raw) : raw;
			const columns = [...IMPORT_COLUMNS.vehicles, ...(IMPORT_OPTIONAL_COLUMNS.vehicles ?? [])];
			const vehicle = readTable('vehicles', kind, cells, columns, { id: PLACEHOLDER_ID, year });
			if (!vehicle.ok) return vehicle;
			delete vehicle.value.id;
			return { ok: true, record: { kind, vehicle: vehicle.value } };
		}
	}
}

type TableReading = { ok: true; value: Row } | { ok: false; problem: RowProblem };

function readTable(
	table: ImportedTable,
	kind: ImportKind,
	cells: Readonly<Record<string, string>>,
	columns: readonly string[],
	given: Row = {}
): TableReading {
	const renamed = RENAMED[kind] ?? {};
	const fields: Row = {};
	const columnOf = new Map<string, string>();
	for (const column of columns) {
		const field = renamed[column] ?? camel(column);
		columnOf.set(field, column);
		if (field in given) continue;
		const cell = cells[column] ?? '';
		fields[field] = cell.trim() === '' ? null : cell;
	}
	Object.assign(fields, given);
	// U+0000 passes most text rules, and PostgreSQL cannot store it: the whole import would fail at the write.
	for (const [field, value] of Object.entries(fields)) {
		if (holdsNul(value)) return { ok: false, problem: { column: columnOf.get(field) ?? null, reason: 'This cell holds a character that cannot be stored (a null byte).' } };
	}
	// One pass of the record's own schema: its field rules and its whole-record rules (expiration after issue…),
	// stopping at the first problem, since a report names one per line.
	const { schema, nest } = RECORD_SCHEMAS[table];
	let input: Row = fields;
	if (nest) {
		const nested: Row = {};
		input = { ...fields };
		for (const f of ADDRESS_FIELDS) {
			nested[f] = fields[f];
			delete input[f];
		}
		input[nest] = nested;
	}
	const result = v.safeParse(schema, input, { abortEarly: true });
	if (!result.success) {
		const issue = result.issues[0];
		const path = v.getDotPath(issue) ?? '';
		const field = nest && path.startsWith(`${nest}.`) ? path.slice(nest.length + 1) : path;
		return { ok: false, problem: { column: columnOf.get(field) ?? null, reason: issue.message } };
	}
	const output = result.output as Row;
	const flat: Row = nest ? { ...output, ...(output[nest] as Row) } : output;
	// Only the table's own fields, in the schema's order, so rows compare field by field.
	const value: Row = {};
	for (const field of Object.keys(FIELD_SCHEMAS[table])) if (field in flat) value[field] = flat[field];
	return { ok: true, value };
}

const ADDRESS_FIELDS = ['street', 'street2', 'city', 'state', 'zip'] as const;

/** The synced tables an import writes (CE entries are the person's own and never imported). */
type ImportedTable = Exclude<SyncTable, 'ceEntries'>;

const RECORD_SCHEMAS: Record<ImportedTable, { schema: v.GenericSchema; nest?: string }> = {
	persons: { schema: personSchema, nest: 'mailingAddress' },
	agencies: { schema: agencySchema, nest: 'address' },
	credentials: { schema: credentialSchema },
	affiliations: { schema: affiliationSchema },
	vehicles: { schema: vehicleSchema }
};

/** The line-level problems a server finds against the database or the other lines, worded once. */
export const IMPORT_REASONS = {
	duplicate: (what: string, line: number, file: string) => `${what} is already on line ${line} of ${file}.`,
	unknownAgency: (number: string) => `Agency ${number} is neither in the registry nor in this import.`,
	unknownPerson: (ems: string) => `ND EMS # ${ems} is neither in the registry nor in this import.`,
	emailTaken: (email: string) => `The email address ${email} is already used by another person in the registry.`,
	licenseTaken: (number: string, ems: string) => `License number ${number} belongs to ND EMS # ${ems} in the registry.`,
	agencyLicenseTaken: (number: string, agency: string) => `Agency license number ${number} belongs to agency ${agency} in the registry.`,
	activatedEmail:
		'This person has activated their account, so their email address changes only from their own inbox (Edit, or the office); leave the registry’s address in the file.',
	wrongLength: (found: number, expected: number) => `This line has ${found} values; the header has ${expected}.`
};
