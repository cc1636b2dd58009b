import {
	IMPORT_COLUMNS,
	IMPORT_KINDS,
	IMPORT_REASONS,
	readImportRow,
	type FileReport,
	type ImportKind,
	type ImportProgress,
	type ImportReport,
	type RowProblem
} from '../../domain/import-files';
import { audit } from '../auth/audit';
import type { Db } from '../db';
import { lockRevisions } from '../db/revision';
import { csvLines, ImportFileError, kindOfFile, type ImportSource } from './csv-lines';
import { CLASSIFY, uniqueKeys, writeDeferredAgencies, type ImportState, type PendingLine } from './import-batches';

export { ImportFileError, type ImportSource };
export type { FileReport, ImportProgress, ImportReport, RejectedLine } from '../../domain/import-files';

export interface ImportOptions {
	dryRun: boolean;
	/** Who imports: the office account (null from the command line) and how the audit names them. */
	accountId: string | null;
	by: string;
	ip?: string | null;
	onProgress?: (progress: ImportProgress) => void;
	/** Lines per database round (one lookup per table, one multi-row insert). */
	batchSize?: number;
	now?: Date;
}

class RolledBack extends Error {}

/**
 * Runs one import of several files: agencies, then personnel, then affiliations, then vehicles, whatever the order
 * given. Each file is streamed twice at most (its header, then its lines) and checked a batch at a time against
 * the database, so memory holds a batch and the import's keys, never a file. A real import is one transaction:
 * the lines are written as they are checked, and the first rejected line stops the writing (the rest is still
 * checked for the report) and rolls it all back. Throws ImportFileError before anything is read past a header.
 */
export async function runImport(db: Db, sources: readonly ImportSource[], options: ImportOptions): Promise<ImportReport> {
	if (sources.length === 0) throw new ImportFileError('(no file)', 'give at least one CSV file.');
	const files: { source: ImportSource; kind: ImportKind; columns: string[] }[] = [];
	for (const source of sources) files.push({ source, ...(await kindOfFile(source)) });
	files.sort((a, b) => IMPORT_KINDS.indexOf(a.kind) - IMPORT_KINDS.indexOf(b.kind));

	const now = (options.now ?? new Date()).toISOString();
	const reports: FileReport[] = files.map((f) => ({ file: f.source.name, kind: f.kind, rows: 0, created: 0, updated: 0, unchanged: 0, rejected: [] }));
	const state: ImportState = { now, seenAgencies: new Set(), seenPersons: new Set(), agenciesInDb: new Set(), deferredAgencies: [] };
	const totalBytes = files.reduce((n, f) => n + f.source.size, 0);
	const batchSize = options.batchSize ?? 1000;

	const pass = async (conn: Db, writing: boolean): Promise<void> => {
		const firstLine = new Map<string, { file: string; line: number }>();
		let doneBytes = 0;
		let rows = 0;
		for (const [i, f] of files.entries()) {
			const report = reports[i]!;
			const reject = (line: number, problem: RowProblem) => {
				report.rejected.push({ line, ...problem });
				writing = false;
			};
			const flush = async (batch: PendingLine[]) => {
				if (batch.length === 0) return;
				const classified = await CLASSIFY[f.kind](conn, state, batch);
				classified.outcomes.forEach((outcome, n) => {
					if (typeof outcome === 'string') report[outcome]++;
					else reject(batch[n]!.line, outcome);
				});
				if (writing) await classified.write(conn);
			};
			const columns: readonly string[] = f.columns;
			const expected = columns.length; // the header's own columns (optional ones included when it names them)
			let batch: PendingLine[] = [];
			let fileBytes = 0;
			for await (const { line, cells, bytes } of csvLines(f.source)) {
				fileBytes = bytes;
				if (line === 1) continue; // the header, read already
				report.rows++;
				rows++;
				const named: Record<string, string> = {};
				columns.forEach((c, n) => (named[c] = cells[n] ?? ''));
				// Keys of every line, valid or not, so a roster line naming an agency whose own line is wrong
				// is not reported a second time as unknown.
				if (f.kind === 'agencies' && named.number) state.seenAgencies.add(named.number.trim());
				if (f.kind === 'personnel' && named.ems_number) state.seenPersons.add(named.ems_number.trim());
				if (cells.length !== expected) {
					reject(line, { column: null, reason: IMPORT_REASONS.wrongLength(cells.length, expected) });
					continue;
				}
				const reading = readImportRow(f.kind, named);
				if (!reading.ok) {
					reject(line, reading.problem);
					continue;
				}
				const duplicate = uniqueKeys(reading.record).find(([key]) => firstLine.has(key));
				if (duplicate) {
					const [key, what, column] = duplicate;
					const first = firstLine.get(key)!;
					reject(line, { column, reason: IMPORT_REASONS.duplicate(what, first.line, first.file) });
					continue;
				}
				for (const [key] of uniqueKeys(reading.record)) firstLine.set(key, { file: f.source.name, line });
				batch.push({ line, record: reading.record });
				if (batch.length >= batchSize) {
					await flush(batch);
					batch = [];
					options.onProgress?.({ file: f.source.name, kind: f.kind, rows, bytes: doneBytes + fileBytes, totalBytes });
				}
			}
			await flush(batch);
			// Lines found wrong on reading come before those found wrong against the database: the report is in file order.
			report.rejected.sort((a, b) => a.line - b.line);
			if (f.kind === 'agencies' && files[i + 1]?.kind !== 'agencies' && writing) await writeDeferredAgencies(conn, state);
			doneBytes += f.source.size;
			options.onProgress?.({ file: f.source.name, kind: f.kind, rows, bytes: doneBytes, totalBytes });
		}
	};

	const rejected = () => reports.some((r) => r.rejected.length > 0);
	const changed = () => reports.some((r) => r.created + r.updated > 0);
	if (options.dryRun) {
		await pass(db, false);
		return { dryRun: true, written: false, files: reports };
	}
	const written = await db
		.transaction()
		.execute(async (trx) => {
			// Taken first and held to commit: no push or other import writes in between (the rows read stay true),
			// and on SQLite this is the writing transaction from its first statement.
			await lockRevisions(trx);
			await pass(trx, true);
			if (rejected() || !changed()) throw new RolledBack();
			await audit(trx, { event: 'records_imported', accountId: options.accountId, ip: options.ip ?? null, detail: auditDetail(options.by, reports) });
			return true;
		})
		.catch((e: unknown) => {
			if (e instanceof RolledBack) return false;
			throw e;
		});
	return { dryRun: false, written, files: reports };
}

function auditDetail(by: string, reports: readonly FileReport[]): Record<string, string | number> {
	const detail: Record<string, string | number> = { by, files: reports.map((r) => r.file).join(', ') };
	for (const kind of IMPORT_KINDS) {
		const of = reports.filter((r) => r.kind === kind);
		if (of.length === 0) continue;
		const sum = (k: 'created' | 'updated' | 'unchanged') => of.reduce((n, r) => n + r[k], 0);
		detail[kind] = `${sum('created')} created, ${sum('updated')} updated, ${sum('unchanged')} unchanged`;
	}
	return detail;
}

/** Exit code of the command: 0 everything (would be) imported, 1 a line rejected (nothing written). */
export const exitCodeOf = (report: ImportReport): 0 | 1 => (report.files.some((f) => f.rejected.length > 0) ? 1 : 0);
