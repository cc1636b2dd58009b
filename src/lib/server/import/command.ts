import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { IMPORT_KIND_NAMES } from '../../domain/import-files';
import { openDatabase, type DbConfig } from '../db';
import { migrateToLatest } from '../db/migrate';
import { exitCodeOf, ImportFileError, runImport, type ImportProgress, type ImportReport, type ImportSource } from './run-import';

/** `npm run import -- [--dry-run] [--report FILE.json] FILE.csv…` (scripts/import.mjs); returns the exit code. */

const USAGE = 'Usage: npm run import -- [--dry-run] [--report FILE.json] FILE.csv…';
const SHOWN_REJECTIONS = 20;

export interface Io {
	out: (text: string) => void;
	err: (text: string) => void;
	/** Where the progress bar is drawn; null when not a terminal. */
	tty: NodeJS.WriteStream | null;
}

const defaultIo: Io = {
	out: (t) => process.stdout.write(`${t}\n`),
	err: (t) => process.stderr.write(`${t}\n`),
	tty: process.stderr.isTTY ? process.stderr : null
};

/** `database`: where to import (default: DATABASE_URL, else data/registry.db), for tests. */
export async function importCommand(argv: readonly string[], io: Io = defaultIo, database?: DbConfig): Promise<0 | 1 | 2> {
	let args;
	try {
		args = parseArgs({ args: [...argv], allowPositionals: true, options: { 'dry-run': { type: 'boolean' }, report: { type: 'string' }, help: { type: 'boolean' } } });
	} catch (e) {
		io.err(`${(e as Error).message}\n${USAGE}`);
		return 2;
	}
	if (args.values.help) {
		io.out(USAGE);
		return 0;
	}
	if (args.positionals.length === 0) {
		io.err(`Give at least one CSV file.\n${USAGE}`);
		return 2;
	}
	const sources: ImportSource[] = [];
	for (const path of args.positionals) {
		let size: number;
		try {
			const stat = statSync(path);
			if (!stat.isFile()) throw new Error('not a file');
			size = stat.size;
		} catch {
			io.err(`${path}: no such file.`);
			return 2;
		}
		sources.push({ name: path, size, open: () => createReadStream(path) });
	}

	const dryRun = args.values['dry-run'] === true;
	const handle = openDatabase(database);
	try {
		await migrateToLatest(handle.db);
		const bar = progressBar(io.tty);
		let report: ImportReport;
		const started = performance.now();
		try {
			report = await runImport(handle.db, sources, { dryRun, accountId: null, by: `command line (${userInfo().username})`, onProgress: bar.draw });
		} finally {
			bar.done();
		}
		if (args.values.report) writeFileSync(args.values.report, `${JSON.stringify(report, null, 2)}\n`);
		for (const line of summary(report)) io.out(line);
		const seconds = ((performance.now() - started) / 1000).toFixed(1);
		io.out(`(${seconds} s; at most ${Math.round(process.resourceUsage().maxRSS / 1024)} MB of memory)`);
		return exitCodeOf(report);
	} catch (e) {
		if (e instanceof ImportFileError) {
			io.err(`${e.message}\nNothing was written.`);
			return 2;
		}
		throw e;
	} finally {
		await handle.close();
	}
}

const count = (n: number) => n.toLocaleString('en-US');

export function summary(report: ImportReport): string[] {
	const lines: string[] = [];
	for (const f of report.files) {
		lines.push(
			`${f.file} (${IMPORT_KIND_NAMES[f.kind].toLowerCase()}): ${count(f.rows)} lines — ${count(f.created)} created, ${count(f.updated)} updated, ${count(f.unchanged)} unchanged, ${count(f.rejected.length)} rejected`
		);
		for (const r of f.rejected.slice(0, SHOWN_REJECTIONS)) lines.push(`  line ${r.line}${r.column ? `, ${r.column}` : ''}: ${r.reason}`);
		if (f.rejected.length > SHOWN_REJECTIONS) lines.push(`  … and ${count(f.rejected.length - SHOWN_REJECTIONS)} more (--report FILE.json lists them all)`);
	}
	const rejected = report.files.reduce((n, f) => n + f.rejected.length, 0);
	if (rejected > 0) lines.push(`Nothing was written: ${count(rejected)} line${rejected === 1 ? ' was' : 's were'} rejected.`);
	else if (report.dryRun) lines.push('Dry run: every line can be imported; nothing was written.');
	else if (report.written) lines.push('Imported.');
	else lines.push('Nothing to change: the registry already holds every line.');
	return lines;
}

function progressBar(tty: NodeJS.WriteStream | null) {
	let last = 0;
	return {
		draw(p: ImportProgress) {
			if (!tty) return;
			const t = Date.now();
			if (t - last < 100 && p.bytes < p.totalBytes) return;
			last = t;
			const share = p.totalBytes ? p.bytes / p.totalBytes : 1;
			const width = 30;
			const filled = Math.round(share * width);
			tty.write(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.floor(share * 100)}%  ${count(p.rows)} lines  ${p.file}\x1b[K`);
		},
		done() {
			if (tty && last) tty.write('\r\x1b[K');
		}
	};
}
