import { describe, expect, it } from 'vitest';
import { IMPORT_COLUMNS, readHeader, readImportRow } from '../../src/lib/domain/import-files';

const row = (columns: readonly string[], values: string[]) => Object.fromEntries(columns.map((c, i) => [c, values[i] ?? '']));

describe('readHeader', () => {
	it('tells the kind from its columns in any order, ignoring case and spaces', () => {
		const shuffled = [...IMPORT_COLUMNS.vehicles].reverse().map((c) => ` ${c.toUpperCase()} `);
		expect(readHeader(shuffled)).toMatchObject({ ok: true, kind: 'vehicles' });
	});
	it('names what is unknown and missing against the nearest kind, and refuses a column twice', () => {
		expect(readHeader(['agency_number', 'ems_number', 'role', 'start', 'ended_on'])).toEqual({
			ok: false,
			reason: 'The header row is not that of one of the import files (personnel, agencies, affiliations, vehicles). It looks like affiliations: unknown column "start"; missing "started_on".'
		});
		expect(readHeader(['vin', 'vin'])).toEqual({ ok: false, reason: 'The header row names the column "vin" twice.' });
	});
});

describe('readImportRow', () => {
	it('normalises with the shared schemas: phones to E.164, email to lower case, empty cells to no value', () => {
		const cells = row(IMPORT_COLUMNS.agencies, ['A0123', ' Dunseith Ambulance ', 'bls_ground', '', '(701) 555-0123', 'Run@Example.ORG', '1 Main St', '', 'Dunseith', 'nd', '58329', 'AL-0123', '2027-06-30']);
		const reading = readImportRow('agencies', cells);
		expect(reading).toMatchObject({ ok: true, record: { agency: { name: 'Dunseith Ambulance', phone: '+17015550123', email: 'run@example.org', parentNumber: null, street2: null, state: 'ND' } } });
	});
	it('names the column and the reason of the first problem, whole-record rules included', () => {
		const vehicle = row(IMPORT_COLUMNS.vehicles, ['A0123', 'M1', '1FDWE3FS5HD000000', '2015.5', 'Ford', 'E-350', 'type_ii_ambulance', 'in_service']);
		expect(readImportRow('vehicles', vehicle)).toEqual({ ok: false, problem: { column: 'year', reason: 'Year must be a number.' } });
		const affiliation = row(IMPORT_COLUMNS.affiliations, ['A0123', '100001', 'member', '2024-05-01', '2024-04-01']);
		expect(readImportRow('affiliations', affiliation)).toEqual({ ok: false, problem: { column: 'ended_on', reason: 'End date cannot be before the start date.' } });
	});
	it('refuses a cell holding a NUL character, by its column (PostgreSQL cannot store one)', () => {
		const cells = row(IMPORT_COLUMNS.agencies, ['A0123', 'Dunseith Ambulance', 'bls_ground', '', '(701) 555-0123', 'run@example.org', '1 Main\u0000St', '', 'Dunseith', 'ND', '58329', 'AL-0123', '2027-06-30']);
		expect(readImportRow('agencies', cells)).toEqual({ ok: false, problem: { column: 'street', reason: 'This cell holds a character that cannot be stored (a null byte).' } });
	});
	it('a vehicle out of service needs its date and reason, in the two columns a file may otherwise leave out', () => {
		const cells = ['A0123', 'M1', '1FDWE3FS5HD000000', '2015', 'Ford', 'E-350', 'type_ii_ambulance', 'out_of_service'];
		expect(readHeader([...IMPORT_COLUMNS.vehicles])).toMatchObject({ ok: true, kind: 'vehicles' });
		expect(readHeader([...IMPORT_COLUMNS.vehicles, 'out_of_service_on', 'out_of_service_reason'])).toMatchObject({ ok: true, kind: 'vehicles' });
		expect(readImportRow('vehicles', row(IMPORT_COLUMNS.vehicles, cells))).toMatchObject({ ok: false, problem: { column: 'out_of_service_on' } });
		const columns = [...IMPORT_COLUMNS.vehicles, 'out_of_service_on', 'out_of_service_reason'];
		expect(readImportRow('vehicles', row(columns, [...cells, '2026-10-01', 'Transmission repair']))).toMatchObject({
			ok: true,
			record: { vehicle: { status: 'out_of_service', outOfServiceOn: '2026-10-01', outOfServiceReason: 'Transmission repair' } }
		});
	});
});
