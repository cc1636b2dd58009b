import { IMPORT_COLUMNS, IMPORT_OPTIONAL_COLUMNS, type ImportKind } from '../../domain/import-files';
import { vinCheckDigit } from '../../domain/vehicle';

/**
 * Valid import files of any size, made the same way on every machine: the tests' small sets, the bench's
 * 50,000 people, the office page's end-to-end test. Numbers sit above the demo registry's (ND EMS # from 700000,
 * agencies from A5000), so they can be imported into a demo database.
 */

export interface SampleSize {
	agencies: number;
	persons: number;
	affiliations: number;
	vehicles: number;
	/** First ND EMS # (default 700000). */
	firstEms?: number;
	/** First agency number (default 5000: A5000). */
	firstAgency?: number;
}

const LEVELS = ['EMR', 'EMT', 'EMT', 'EMT', 'AEMT', 'Paramedic'] as const;
const LICENSE_PREFIX = { EMR: 'EMR', EMT: 'EMT', AEMT: 'AEMT', Paramedic: 'P' } as const;
const FIRST = ['Ada', 'Ben', 'Cora', 'Dale', 'Emma', 'Finn', 'Gwen', 'Hank', 'Ines', 'Joel', 'Kari', 'Lars', 'Mona', 'Nils', "O'Neil"];
const LAST = ['Anderson', 'Berg', 'Carlson', 'Dahl', 'Eriksen', 'Fischer', 'Gunderson', 'Haugen', 'Iverson', 'Johnson', 'Larson-Moe'];
const TOWNS = ['Bismarck', 'Fargo', 'Minot', 'Grand Forks', 'Williston', 'Dickinson', 'Jamestown', 'Devils Lake'];

/** RFC 4180: a cell with a comma, quote or line break is quoted, its quotes doubled. */
export const csvCell = (value: string): string => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
export const csvRow = (cells: readonly string[]): string => `${cells.map(csvCell).join(',')}\r\n`;

const day = (base: string, plus: number) => new Date(Date.parse(`${base}T00:00:00Z`) + plus * 86_400_000).toISOString().slice(0, 10);
const pad = (n: number, width: number) => String(n).padStart(width, '0');

export const sampleEms = (size: SampleSize, i: number) => String((size.firstEms ?? 700000) + i);
export const sampleAgency = (size: SampleSize, i: number) => `A${pad((size.firstAgency ?? 5000) + i, 4)}`;
export const sampleEmail = (size: SampleSize, i: number) => `${FIRST[i % FIRST.length]!.toLowerCase().replace("'", '')}.${sampleEms(size, i)}@example.org`;

function agencyCells(size: SampleSize, i: number): string[] {
	// Every tenth agency is an ALS service and the next one its substation, the rest BLS ambulances.
	const type = i % 10 === 0 ? 'als_ground' : i % 10 === 1 && i > 0 ? 'als_substation' : 'bls_ground';
	const town = TOWNS[i % TOWNS.length]!;
	return [
		sampleAgency(size, i),
		`${town} Ambulance Service ${i + 1}`,
		type,
		type === 'als_substation' ? sampleAgency(size, i - 1) : '',
		`701-555-01${pad(i % 100, 2)}`,
		`dispatch${i}@agency.example.org`,
		`${100 + i} Main Street`,
		i % 7 === 0 ? 'Suite 2, rear entrance' : '',
		town,
		'ND',
		'58501',
		`AL-${(size.firstAgency ?? 5000) * 10 + i}`,
		'2027-06-30'
	];
}

function personnelCells(size: SampleSize, i: number): string[] {
	const ems = sampleEms(size, i);
	const level = LEVELS[i % LEVELS.length]!;
	const nremt = level !== 'EMR';
	return [
		ems,
		FIRST[i % FIRST.length]!,
		i % 3 === 0 ? 'Marie' : '',
		LAST[i % LAST.length]!,
		i % 50 === 0 ? 'Jr.' : '',
		day('1960-01-01', (i * 37) % 15000),
		sampleEmail(size, i),
		`(701) 555-01${pad(i % 100, 2)}`,
		i % 4 === 0 ? `701.555.01${pad((i + 50) % 100, 2)}` : '',
		`${i + 1} ${LAST[i % LAST.length]} Avenue`,
		i % 9 === 0 ? 'Apt 3, "B"' : '',
		TOWNS[i % TOWNS.length]!,
		'ND',
		'58501',
		level,
		`${LICENSE_PREFIX[level]}-${pad(Number(ems), 7)}`,
		'2025-04-01',
		'2027-03-31',
		'active',
		nremt ? `E${ems}` : '',
		nremt ? '2027-03-31' : ''
	];
}

function affiliationCells(size: SampleSize, i: number): string[] {
	// One membership per person, then second (ended) memberships from the first person on.
	const person = i % size.persons;
	const second = i >= size.persons;
	return [
		sampleAgency(size, (person + (second ? 1 : 0)) % size.agencies),
		sampleEms(size, person),
		!second && person % 100 === 0 ? 'squad_leader' : 'member',
		second ? '2018-05-01' : '2021-01-15',
		second ? '2020-12-31' : ''
	];
}

/** A VIN with a correct check digit (position 9), different for each `i`. */
export function sampleVin(i: number): string {
	const draft = `1FDWE3FS8${'H'}${'D'}${pad(i % 1_000_000, 6)}`;
	return `${draft.slice(0, 8)}${vinCheckDigit(draft)}${draft.slice(9)}`;
}

function vehicleCells(size: SampleSize, i: number): string[] {
	return [
		sampleAgency(size, i % size.agencies),
		`M${i + 1}`,
		sampleVin(i),
		String(2015 + (i % 10)),
		'Ford',
		'E-350',
		i % 5 === 0 ? 'type_iii_ambulance' : 'type_ii_ambulance',
		i % 20 === 0 ? 'out_of_service' : 'in_service',
		i % 20 === 0 ? '2026-01-15' : '',
		i % 20 === 0 ? 'Transmission repair' : ''
	];
}

const CELLS: Record<ImportKind, (size: SampleSize, i: number) => string[]> = {
	agencies: agencyCells,
	personnel: personnelCells,
	affiliations: affiliationCells,
	vehicles: vehicleCells
};

const COUNT: Record<ImportKind, (size: SampleSize) => number> = {
	agencies: (s) => s.agencies,
	personnel: (s) => s.persons,
	affiliations: (s) => s.affiliations,
	vehicles: (s) => s.vehicles
};

/** The lines of one sample file, header first (CRLF, as RFC 4180 writes them), one at a time. */
export function* sampleLines(kind: ImportKind, size: SampleSize): Generator<string> {
	yield csvRow([...IMPORT_COLUMNS[kind], ...(IMPORT_OPTIONAL_COLUMNS[kind] ?? [])]);
	const n = COUNT[kind](size);
	for (let i = 0; i < n; i++) yield csvRow(CELLS[kind](size, i));
}

/** A whole sample file as text, for small sets. */
export const sampleCsv = (kind: ImportKind, size: SampleSize): string => [...sampleLines(kind, size)].join('');

/** The data cells of line `i` (0 = first data line, file line 2), to change one in a test. */
export const sampleCells = (kind: ImportKind, size: SampleSize, i: number): string[] => CELLS[kind](size, i);
