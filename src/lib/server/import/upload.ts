import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import * as v from 'valibot';
import type { SessionUser } from '../../domain/session-user';
import type { Db } from '../db';
import { ImportFileError, kindOfFile, type ImportSource } from './csv-lines';
import { runImport, type ImportProgress, type ImportReport } from './run-import';

/**
 * The office page's import (POST /api/office/import): the files come as multipart form data, and the answer is a
 * stream of JSON lines, `{"progress": …}` while it runs and `{"report": …}` at the end, so the page's progress bar
 * follows the server's own count (decision 036). A problem with a file as a whole is a 400 before anything runs.
 */

/** One line of the answer stream. */
export type ImportStreamLine = { progress: ImportProgress } | { report: ImportReport } | { failed: string };

const formSchema = v.object({
	mode: v.picklist(['dry-run', 'import'], 'Choose whether to check the files or import them.'),
	files: v.pipe(
		v.array(v.instance(File, 'Choose the CSV files to import.')),
		v.minLength(1, 'Choose the CSV files to import.'),
		v.maxLength(20, 'Choose at most 20 files at a time.')
	)
});

const problem = (status: number, message: string) => Response.json({ message }, { status });

export async function importUpload(db: Db, user: SessionUser | null, request: Request, ip: string | null): Promise<Response> {
	if (!user) return problem(401, 'Sign in first.');
	if (user.role !== 'office') return problem(403, 'Only office staff can import records.');
	let form: FormData;
	try {
		form = await request.formData();
	} catch {
		return problem(400, 'Send the files as a form upload.');
	}
	const parsed = v.safeParse(formSchema, { mode: form.get('mode'), files: form.getAll('files').filter((f) => !(f instanceof File) || f.name !== '' || f.size > 0) });
	if (!parsed.success) return problem(400, parsed.issues[0].message);
	const { mode, files } = parsed.output;
	const sources: ImportSource[] = files.map((file) => ({
		name: file.name,
		size: file.size,
		open: () => Readable.fromWeb(file.stream() as unknown as NodeReadableStream<Uint8Array>)
	}));
	// Headers first: an empty file, a spreadsheet or an unknown header is answered before the import starts.
	try {
		for (const source of sources) await kindOfFile(source);
	} catch (e) {
		if (e instanceof ImportFileError) return problem(400, e.message);
		throw e;
	}

	const encoder = new TextEncoder();
	const body = new ReadableStream<Uint8Array>({
		async start(controller) {
			const send = (line: ImportStreamLine) => controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
			try {
				const report = await runImport(db, sources, {
					dryRun: mode === 'dry-run',
					accountId: user.accountId,
					by: user.email,
					ip,
					onProgress: (progress) => send({ progress })
				});
				send({ report });
			} catch (e) {
				console.error('[import] failed', e);
				send({ failed: e instanceof ImportFileError ? e.message : 'The import failed on the server and nothing was written. Try again; if it fails again, call support.' });
			}
			controller.close();
		}
	});
	return new Response(body, { headers: { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-store' } });
}
