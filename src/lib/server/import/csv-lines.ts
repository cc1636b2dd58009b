import { parse, CsvError } from 'csv-parse';
import type { Readable } from 'node:stream';
import { readHeader, type ImportKind } from '../../domain/import-files';

/** A file given to an import: its name as given, and a way to read it (twice: once for its header, once whole). */
export interface ImportSource {
	name: string;
	/** Size in bytes, for progress. */
	size: number;
	open(): Readable;
}

/** A problem with a file as a whole (not CSV, empty, unknown header): the import does not start. */
export class ImportFileError extends Error {
	constructor(
		readonly file: string,
		message: string
	) {
		super(`${file}: ${message}`);
		this.name = 'ImportFileError';
	}
}

export interface CsvLine {
	/** 1-based line in the file where the record starts (the header is line 1). */
	line: number;
	cells: string[];
	/** Bytes of the file read so far. */
	bytes: number;
}

const parserOptions = {
	bom: true,
	info: true,
	// RFC 4180 with the leniency exports need: a trailing blank line, a short or long line reported as that
	// line's problem (not the whole file's).
	skip_empty_lines: true,
	relax_column_count: true
} as const;

/**
 * The records of one CSV file, streamed: at most a chunk and a record are in memory. Text that is not CSV
 * (NUL bytes, an unclosed quote) is an ImportFileError naming the line.
 */
export async function* csvLines(source: ImportSource): AsyncGenerator<CsvLine> {
	const input = source.open();
	const parser = parse(parserOptions);
	let binary = false;
	input.on('data', (chunk: Buffer) => {
		// A text export never holds a NUL byte; a spreadsheet, archive or image nearly always does.
		if (!binary && chunk.includes(0)) {
			binary = true;
			input.destroy();
			parser.destroy(new ImportFileError(source.name, 'this is not a CSV text file (it holds binary data). Export the sheet as CSV (UTF-8) and try again.'));
		}
	});
	input.on('error', (e) => parser.destroy(e));
	input.pipe(parser);
	try {
		for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number; bytes: number } }>) {
			let newlines = 0;
			for (const cell of item.record) for (let i = cell.indexOf('\n'); i !== -1; i = cell.indexOf('\n', i + 1)) newlines++;
			yield { line: item.info.lines - newlines, cells: item.record, bytes: item.info.bytes };
		}
	} catch (e) {
		if (e instanceof ImportFileError) throw e;
		if (e instanceof CsvError) {
			const at = (e as CsvError & { lines?: number }).lines;
			throw new ImportFileError(source.name, `this is not valid CSV${at ? ` (line ${at})` : ''}: ${e.message.replace(/^Invalid [^:]*: /, '')}`);
		}
		throw e;
	} finally {
		input.destroy();
	}
}

/** Reads a file's header to tell its kind; an empty file or an unknown header is an ImportFileError. */
export async function kindOfFile(source: ImportSource): Promise<{ kind: ImportKind; columns: string[] }> {
	if (source.size === 0) throw new ImportFileError(source.name, 'the file is empty. It needs a header row naming its columns.');
	for await (const first of csvLines(source)) {
		const header = readHeader(first.cells);
		if (!header.ok) throw new ImportFileError(source.name, header.reason);
		return { kind: header.kind, columns: header.columns };
	}
	throw new ImportFileError(source.name, 'the file is empty. It needs a header row naming its columns.');
}
