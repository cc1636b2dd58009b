import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseFieldRevisions } from '../../src/lib/domain/sync-conflicts';
import type { ImportKind } from '../../src/lib/domain/import-files';
import { importCommand, type Io } from '../../src/lib/server/import/command';
import type { ImportReport } from '../../src/lib/server/import/run-import';
import { csvRow, sampleCells, sampleCsv, sampleEms, type SampleSize } from '../../src/lib/server/import/sample-files';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// The command as the office runs it (issue 14), against a real database: SQLite here, PostgreSQL with TEST_DATABASE_URL.

const SIZE: SampleSize = { agencies: 12, persons: 30, affiliations: 40, vehicles: 10 };
const KINDS: ImportKind[] = ['agencies', 'personnel', 'affiliations', 'vehicles'];

let t: TestDatabase;
let dir: string;
beforeAll(async () => {
	t = await createTestDatabase();
	dir = mkdtempSync(join(tmpdir(), 'ems-import-'));
});
afterAll(async () => {
	await t?.dispose();
	rmSync(dir, { recursive: true, force: true });
});

const database = () => (t.dialect === 'postgres' ? { url: t.location } : { sqlitePath: t.location });

async function wipe() {
	for (const table of ['auditEvents', 'accounts', 'vehicles', 'affiliations', 'credentials', 'persons'] as const) await t.db.deleteFrom(table).execute();
	// Substations first: they point at their parent.
	await t.db.deleteFrom('agencies').where('parentNumber', 'is not', null).execute();
	await t.db.deleteFrom('agencies').execute();
}

function write(name: string, text: string | Buffer): string {
	const path = join(dir, name);
	writeFileSync(path, text);
	return path;
}

/** The four sample files, in the reverse of the order they must be imported (the command sorts them). */
function cleanFiles(prefix = 'clean'): string[] {
	return KINDS.map((kind) => write(`${prefix}-${kind}.csv`, sampleCsv(kind, SIZE))).reverse();
}

async function run(...args: string[]): Promise<{ code: number; out: string; err: string; report: ImportReport | null }> {
	const out: string[] = [];
	const err: string[] = [];
	const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), tty: null };
	const reportPath = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
	const code = await importCommand(['--report', reportPath, ...args], io, database());
	let report: ImportReport | null = null;
	try {
		report = JSON.parse(readFileSync(reportPath, 'utf8')) as ImportReport;
	} catch {
		report = null;
	}
	return { code, out: out.join('\n'), err: err.join('\n'), report };
}

async function counts() {
	const n = async (table: 'persons' | 'credentials' | 'agencies' | 'affiliations' | 'vehicles' | 'accounts' | 'auditEvents') =>
		Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
	const revision = (await t.db.selectFrom('counters').select('value').where('name', '=', 'revision').executeTakeFirstOrThrow()).value;
	return {
		persons: await n('persons'),
		credentials: await n('credentials'),
		agencies: await n('agencies'),
		affiliations: await n('affiliations'),
		vehicles: await n('vehicles'),
		accounts: await n('accounts'),
		audit: await n('auditEvents'),
		revision: Number(revision)
	};
}

const EMPTY = { persons: 0, credentials: 0, agencies: 0, affiliations: 0, vehicles: 0, accounts: 0, audit: 0 };

beforeEach(wipe);

describe('npm run import: a clean set of files', () => {
	it('dry run reports every line as created and writes nothing; the import then writes them all with revisions, accounts and one audit event', async () => {
		const files = cleanFiles();
		const before = await counts();
		const dry = await run('--dry-run', ...files);
		expect(dry.code, dry.err).toBe(0);
		expect(dry.report).toMatchObject({ dryRun: true, written: false });
		// Sorted agencies → personnel → affiliations → vehicles, whatever the order given; each file as given.
		expect(dry.report!.files.map((f) => [f.file, f.kind, f.rows, f.created, f.updated, f.unchanged, f.rejected.length])).toEqual([
			[files[3], 'agencies', 12, 12, 0, 0, 0],
			[files[2], 'personnel', 30, 30, 0, 0, 0],
			[files[1], 'affiliations', 40, 40, 0, 0, 0],
			[files[0], 'vehicles', 10, 10, 0, 0, 0]
		]);
		expect(dry.out).toContain('Dry run: every line can be imported; nothing was written.');
		expect(await counts()).toEqual(before);

		const real = await run(...files);
		expect(real.code, real.err).toBe(0);
		expect(real.report).toMatchObject({ dryRun: false, written: true });
		expect(real.report!.files.map((f) => f.created)).toEqual([12, 30, 40, 10]);
		const after = await counts();
		expect(after).toMatchObject({ persons: 30, credentials: 30, agencies: 12, affiliations: 40, vehicles: 10, accounts: 30, audit: 1 });
		// Every synced row drew its own revision from the counter.
		expect(after.revision - before.revision).toBe(12 + 30 + 30 + 40 + 10);

		const ems = sampleEms(SIZE, 4);
		const person = await t.db.selectFrom('persons').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(person.mobilePhone).toMatch(/^\+1701555\d{4}$/);
		expect(person.revision).toBeGreaterThan(before.revision);
		const stamp = parseFieldRevisions(person.fieldRevisions)!;
		expect(stamp['*']).toBe(person.revision);
		expect(stamp.street).toEqual([person.revision, 'office-import']);
		// Quoted cells (a comma and doubled quotes) arrive as written.
		const quoted = await t.db.selectFrom('persons').select('street2').where('emsNumber', '=', sampleEms(SIZE, 9)).executeTakeFirstOrThrow();
		expect(quoted.street2).toBe('Apt 3, "B"');
		// An account without a password: the person activates it through Forgot Password.
		const account = await t.db.selectFrom('accounts').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(account).toMatchObject({ role: 'licensee', email: person.email, passwordHash: null });

		const event = await t.db.selectFrom('auditEvents').selectAll().executeTakeFirstOrThrow();
		expect(event.event).toBe('records_imported');
		expect(JSON.parse(event.detail!)).toMatchObject({
			files: [files[3], files[2], files[1], files[0]].join(', '),
			personnel: '30 created, 0 updated, 0 unchanged',
			vehicles: '10 created, 0 updated, 0 unchanged'
		});
		expect(real.out).toContain('Imported.');
	});

	it('the same files twice: the second run finds every line unchanged and writes nothing', async () => {
		const files = cleanFiles('twice');
		expect((await run(...files)).code).toBe(0);
		const before = await counts();
		const again = await run(...files);
		expect(again.code).toBe(0);
		expect(again.report!.written).toBe(false);
		for (const f of again.report!.files) expect([f.created, f.updated, f.unchanged]).toEqual([0, 0, f.rows]);
		expect(again.out).toContain('Nothing to change: the registry already holds every line.');
		expect(await counts()).toEqual(before);
	});

	it('a changed cell updates that row only, stamping just that field', async () => {
		const files = cleanFiles('change');
		expect((await run(...files)).code).toBe(0);
		const ems = sampleEms(SIZE, 2);
		const old = await t.db.selectFrom('persons').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		const lines = sampleCsv('personnel', SIZE).split('\r\n');
		const cells = sampleCells('personnel', SIZE, 2);
		cells[9] = '77 New Street';
		lines[3] = csvRow(cells).trimEnd();
		const changed = write('change-personnel.csv', lines.join('\r\n'));
		const result = await run(changed);
		expect(result.code).toBe(0);
		expect(result.report!.files[0]).toMatchObject({ rows: 30, created: 0, updated: 1, unchanged: 29 });
		const row = await t.db.selectFrom('persons').selectAll().where('emsNumber', '=', ems).executeTakeFirstOrThrow();
		expect(row.street).toBe('77 New Street');
		const stamp = parseFieldRevisions(row.fieldRevisions)!;
		expect(stamp.street).toEqual([row.revision, 'office-import']);
		expect(stamp.city).toEqual(parseFieldRevisions(old.fieldRevisions)!.city);
	});

	it('a substation listed before its parent is written after it', async () => {
		const lines = sampleCsv('agencies', SIZE).split('\r\n');
		// Line 3 (the substation of line 2's ALS service) moves to the top of the data.
		const reordered = [lines[0], lines[2], lines[1], ...lines.slice(3)].join('\r\n');
		const result = await run(write('order-agencies.csv', reordered));
		expect(result.code, result.out).toBe(0);
		expect(result.report!.files[0]!.created).toBe(12);
	});
});

describe('npm run import: rejected lines', () => {
	it('a file with 3 bad lines: the dry run lists exactly those lines, the real import writes nothing and exits 1', async () => {
		const [vehicles, affiliations, personnel, agencies] = cleanFiles('bad');
		const lines = sampleCsv('affiliations', SIZE).split('\r\n');
		const bad = (i: number, column: number, value: string) => {
			const cells = sampleCells('affiliations', SIZE, i);
			cells[column] = value;
			lines[i + 1] = csvRow(cells).trimEnd();
		};
		bad(2, 1, '12AB'); // line 4: bad EMS #
		bad(5, 3, '2021-02-30'); // line 7: a date that does not exist
		bad(9, 2, 'chief'); // line 11: unknown role
		void affiliations;
		const files = [vehicles!, write('bad-affiliations.csv', lines.join('\r\n')), personnel!, agencies!];
		const before = await counts();

		const dry = await run('--dry-run', ...files);
		expect(dry.code).toBe(1);
		const file = dry.report!.files.find((f) => f.kind === 'affiliations')!;
		expect(file.rejected).toEqual([
			{ line: 4, column: 'ems_number', reason: 'ND EMS # is a number of 4 to 8 digits, like 100002.' },
			{ line: 7, column: 'started_on', reason: 'Start date: that date does not exist.' },
			{ line: 11, column: 'role', reason: 'Role: choose member or squad leader.' }
		]);
		expect(file).toMatchObject({ rows: 40, created: 37 });
		for (const other of dry.report!.files.filter((f) => f !== file)) expect(other).toMatchObject({ created: other.rows, rejected: [] });
		expect(dry.out).toContain('line 4, ems_number: ND EMS # is a number of 4 to 8 digits, like 100002.');

		const real = await run(...files);
		expect(real.code).toBe(1);
		expect(real.report).toMatchObject({ dryRun: false, written: false });
		expect(real.report!.files.find((f) => f.kind === 'affiliations')!.rejected.map((r) => r.line)).toEqual([4, 7, 11]);
		expect(real.out).toContain('Nothing was written: 3 lines were rejected.');
		expect(await counts()).toEqual(before);
		expect(await counts()).toMatchObject(EMPTY);
	});

	it('says why: unknown agency, invalid VIN, a key twice in the files, an email another person uses, a short line', async () => {
		// Someone already in the registry holds an address the file gives to a new person.
		expect((await run(...cleanFiles('base'))).code).toBe(0);
		const takenEmail = (await t.db.selectFrom('persons').select('email').where('emsNumber', '=', sampleEms(SIZE, 0)).executeTakeFirstOrThrow()).email;
		const other: SampleSize = { ...SIZE, firstEms: 800000, persons: 3, affiliations: 3, vehicles: 3, agencies: 1, firstAgency: 6000 };
		const personnel = sampleCsv('personnel', other).split('\r\n');
		const p1 = sampleCells('personnel', other, 1);
		p1[6] = takenEmail.toUpperCase();
		personnel[2] = csvRow(p1).trimEnd();
		personnel[3] = csvRow(sampleCells('personnel', other, 0)).trimEnd(); // line 4 repeats line 2
		const p2 = sampleCells('personnel', other, 2);
		p2[14] = 'Nurse';
		personnel.splice(4, 0, csvRow(p2).trimEnd()); // line 5
		const affiliations = sampleCsv('affiliations', other).split('\r\n');
		const a1 = sampleCells('affiliations', other, 1);
		a1[0] = 'A9999';
		affiliations[2] = csvRow(a1).trimEnd();
		affiliations[3] = 'A6000,800002';
		const vehicles = sampleCsv('vehicles', other).split('\r\n');
		const v0 = sampleCells('vehicles', other, 0);
		v0[2] = `${v0[2]!.slice(0, 8)}${v0[2]![8] === '0' ? '1' : '0'}${v0[2]!.slice(9)}`;
		vehicles[1] = csvRow(v0).trimEnd();

		const result = await run(
			'--dry-run',
			write('why-agencies.csv', sampleCsv('agencies', other)),
			write('why-personnel.csv', personnel.join('\r\n')),
			write('why-affiliations.csv', affiliations.join('\r\n')),
			write('why-vehicles.csv', vehicles.join('\r\n'))
		);
		expect(result.code).toBe(1);
		const rejected = Object.fromEntries(result.report!.files.map((f) => [f.kind, f.rejected]));
		expect(rejected.personnel).toEqual([
			{ line: 3, column: 'email', reason: `The email address ${takenEmail} is already used by another person in the registry.` },
			{ line: 4, column: 'ems_number', reason: `ND EMS # 800000 is already on line 2 of ${join(dir, 'why-personnel.csv')}.` },
			{ line: 5, column: 'level', reason: 'Level: choose EMR, EMT, AEMT or Paramedic.' }
		]);
		expect(rejected.affiliations).toEqual([
			{ line: 3, column: 'agency_number', reason: 'Agency A9999 is neither in the registry nor in this import.' },
			{ line: 4, column: null, reason: 'This line has 2 values; the header has 5.' }
		]);
		expect(rejected.vehicles).toEqual([{ line: 2, column: 'vin', reason: 'VIN check digit does not match; please re-read the VIN.' }]);
	});
});

describe('npm run import: files that cannot be read', () => {
	it('not CSV, an unknown header, an empty file: each a clear error, exit 2, nothing written', async () => {
		const good = cleanFiles('usage');
		const cases: [string, string | Buffer, RegExp][] = [
			['sheet.xlsx', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, 0x08, 0x00, 0x00, 0x00]), /sheet\.xlsx: this is not a CSV text file/],
			['roster.csv', 'badge,shift,callsign\r\n12,night,Medic 3\r\n', /roster\.csv: The header row names none of the columns of one of the import files/],
			['agencies-typo.csv', 'number,name,type,parent,phone,email,street,street2,city,state,zip,license_number,license_expires_on\r\n', /It looks like agencies: unknown column "parent"; missing "parent_number"/],
			['empty.csv', '', /empty\.csv: the file is empty/],
			['quote.csv', 'agency_number,ems_number,role,started_on,ended_on\r\nA5000,"700001,member,2020-01-01,\r\n', /quote\.csv: this is not valid CSV/]
		];
		for (const [name, content, message] of cases) {
			const result = await run(...good, write(name, content));
			expect(result.code, name).toBe(2);
			expect(result.err, name).toMatch(message);
			expect(result.err).toContain('Nothing was written.');
			expect(result.report, name).toBeNull();
			expect(await counts()).toMatchObject(EMPTY);
		}
		expect((await run(join(dir, 'missing.csv'))).err).toContain('missing.csv: no such file.');
		expect((await importCommand([], { out: () => {}, err: () => {}, tty: null }, database()))).toBe(2);
	});

	it('npm run import itself exits 1 for a rejected line and 2 for an empty file, and writes nothing', async () => {
		const files = cleanFiles('spawn');
		const lines = sampleCsv('vehicles', SIZE).split('\r\n');
		const cells = sampleCells('vehicles', SIZE, 0);
		cells[3] = 'next year';
		lines[1] = csvRow(cells).trimEnd();
		files[0] = write('spawn-vehicles.csv', lines.join('\r\n'));
		const env = { ...process.env, ...(t.dialect === 'postgres' ? { DATABASE_URL: t.location } : { DATA_DIR: join(t.location, '..') }) };
		const exec = promisify(execFile);
		const run = (...args: string[]) =>
			exec('node', ['scripts/import.mjs', ...args], { env }).then(
				(r) => ({ code: 0, ...r }),
				(e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr })
			);
		const rejected = await run(...files);
		expect(rejected.code, rejected.stderr).toBe(1);
		expect(rejected.stdout).toContain('line 2, year: Year must be a number.');
		const empty = await run(write('spawn-empty.csv', ''));
		expect(empty.code).toBe(2);
		expect(await counts()).toMatchObject(EMPTY);
	}, 30_000);
});
