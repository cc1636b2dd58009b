import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportKind } from '../../src/lib/domain/import-files';
import type { SessionUser } from '../../src/lib/domain/session-user';
import type { ImportReport } from '../../src/lib/server/import/run-import';
import { importUpload, type ImportStreamLine } from '../../src/lib/server/import/upload';
import { sampleCsv, type SampleSize } from '../../src/lib/server/import/sample-files';
import { createTestDatabase, type TestDatabase } from '../support/test-database';

// POST /api/office/import as the office page sends it: who may, the streamed progress and report, a bad file.

let t: TestDatabase;
beforeAll(async () => {
	t = await createTestDatabase();
});
afterAll(async () => t?.dispose());

const office: SessionUser = { accountId: 'office-1', role: 'office', emsNumber: null, email: 'office@example.org', leaderOf: [] };
const licensee: SessionUser = { accountId: 'l-1', role: 'licensee', emsNumber: '100001', email: 'a@example.org', leaderOf: [] };
const KINDS: ImportKind[] = ['agencies', 'personnel', 'affiliations', 'vehicles'];

function upload(mode: string, files: [string, string][]): Request {
	const form = new FormData();
	form.set('mode', mode);
	for (const [name, text] of files) form.append('files', new File([text], name, { type: 'text/csv' }));
	return new Request('http://localhost/api/office/import', { method: 'POST', body: form });
}

async function lines(response: Response): Promise<ImportStreamLine[]> {
	return (await response.text())
		.split('\n')
		.filter(Boolean)
		.map((l) => JSON.parse(l) as ImportStreamLine);
}

const reportOf = (all: ImportStreamLine[]) => (all.at(-1) as { report: ImportReport }).report;
const filesOf = (size: SampleSize) => KINDS.map((k): [string, string] => [`${k}.csv`, sampleCsv(k, size)]);

describe('POST /api/office/import', () => {
	it('is for office staff only', async () => {
		const files = filesOf({ agencies: 2, persons: 2, affiliations: 2, vehicles: 1 });
		expect((await importUpload(t.db, null, upload('dry-run', files), null)).status).toBe(401);
		const refused = await importUpload(t.db, licensee, upload('import', files), null);
		expect(refused.status).toBe(403);
		expect(await refused.json()).toEqual({ message: 'Only office staff can import records.' });
		expect(Number((await t.db.selectFrom('persons').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
	});

	it('answers a bad request or a file that is not an import file with 400 and a sentence', async () => {
		const bad = await importUpload(t.db, office, upload('everything', filesOf({ agencies: 1, persons: 1, affiliations: 1, vehicles: 1 })), null);
		expect(bad.status).toBe(400);
		expect(await bad.json()).toEqual({ message: 'Choose whether to check the files or import them.' });
		const none = await importUpload(t.db, office, upload('dry-run', []), null);
		expect(await none.json()).toEqual({ message: 'Choose the CSV files to import.' });
		const empty = await importUpload(t.db, office, upload('dry-run', [['empty.csv', '']]), null);
		expect(empty.status).toBe(400);
		expect(await empty.json()).toEqual({ message: 'empty.csv: the file is empty. It needs a header row naming its columns.' });
		const text = new Request('http://localhost/api/office/import', { method: 'POST', body: 'hello', headers: { 'content-type': 'text/plain' } });
		expect((await importUpload(t.db, office, text, null)).status).toBe(400);
	});

	it('streams progress, then the report; the import is audited with the office account', async () => {
		const size: SampleSize = { agencies: 20, persons: 2500, affiliations: 2600, vehicles: 30, firstEms: 710000, firstAgency: 7000 };
		const dry = await lines(await importUpload(t.db, office, upload('dry-run', filesOf(size)), '203.0.113.9'));
		const progress = dry.flatMap((l) => ('progress' in l ? [l.progress] : []));
		expect(progress.length).toBeGreaterThan(4);
		expect(progress.map((p) => p.bytes)).toEqual([...progress.map((p) => p.bytes)].sort((a, b) => a - b));
		expect(progress.at(-1)!.bytes).toBe(progress.at(-1)!.totalBytes);
		expect(reportOf(dry)).toMatchObject({ dryRun: true, written: false });

		const real = reportOf(await lines(await importUpload(t.db, office, upload('import', filesOf(size)), '203.0.113.9')));
		expect(real.written).toBe(true);
		expect(real.files.map((f) => f.created)).toEqual([20, 2500, 2600, 30]);
		const event = await t.db.selectFrom('auditEvents').selectAll().where('event', '=', 'records_imported').executeTakeFirstOrThrow();
		expect(event).toMatchObject({ accountId: 'office-1', ip: '203.0.113.9' });
		expect(JSON.parse(event.detail!)).toMatchObject({ by: 'office@example.org', files: 'agencies.csv, personnel.csv, affiliations.csv, vehicles.csv' });
	});

	it('two imports of the same files at once: one creates, the other finds everything unchanged', async () => {
		const size: SampleSize = { agencies: 5, persons: 300, affiliations: 300, vehicles: 5, firstEms: 720000, firstAgency: 7100 };
		const answers = await Promise.all([0, 1].map(() => importUpload(t.db, office, upload('import', filesOf(size)), null).then(lines)));
		const reports = answers.map(reportOf);
		const created = reports.map((r) => r.files.reduce((n, f) => n + f.created, 0)).sort((a, b) => a - b);
		expect(created).toEqual([0, 610]);
		expect(reports.map((r) => r.written).sort()).toEqual([false, true]);
		const persons = await t.db.selectFrom('persons').select((eb) => eb.fn.countAll().as('n')).where('emsNumber', '>=', '720000').where('emsNumber', '<', '730000').executeTakeFirstOrThrow();
		expect(Number(persons.n)).toBe(300);
	});
});
