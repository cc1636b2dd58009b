import { downloadBytes } from './download';

/**
 * Writes rows as CSV with csv-stringify (the csv project's stringifier: quoting, embedded commas, quotes and line
 * breaks, and a leading-formula guard), loaded only when a person exports, and downloads the file.
 */
export async function exportCsv(records: string[][], filename: string): Promise<void> {
	const { stringify } = await import('csv-stringify/browser/esm/sync');
	const text = csvText(stringify, records);
	downloadBytes(new TextEncoder().encode(text).buffer as ArrayBuffer, filename, 'text/csv');
}

type Stringify = typeof import('csv-stringify/browser/esm/sync').stringify;

/** CRLF line ends and a BOM, which spreadsheet programs read as UTF-8; cells that start a formula are escaped. */
export function csvText(stringify: Stringify, records: string[][]): string {
	return '\ufeff' + stringify(records, { record_delimiter: 'windows', escape_formulas: true });
}
