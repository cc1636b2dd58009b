import type { ImportProgress, ImportReport } from '$lib/domain/import-report';

/**
 * Sends the chosen files to POST /api/office/import and follows its answer: a stream of JSON lines with the
 * server's progress, then the report (src/lib/server/import/upload.ts). Resolves with the report, or with a
 * sentence saying why there is none.
 */
export async function sendImport(
	files: readonly File[],
	mode: 'dry-run' | 'import',
	onProgress: (progress: ImportProgress) => void
): Promise<{ report: ImportReport } | { problem: string }> {
	const form = new FormData();
	form.set('mode', mode);
	for (const file of files) form.append('files', file, file.name);
	let response: Response;
	try {
		response = await fetch('/api/office/import', { method: 'POST', body: form, headers: { accept: 'application/x-ndjson' } });
	} catch {
		return { problem: 'The server could not be reached. Importing needs a connection: check it and try again.' };
	}
	if (response.status === 413) {
		return { problem: 'These files are larger than this server accepts in one upload. Import them with npm run import on the server, or raise its BODY_SIZE_LIMIT.' };
	}
	if (!response.ok || !response.body) {
		const message = await response
			.json()
			.then((b: { message?: string }) => b.message)
			.catch(() => undefined);
		return { problem: message ?? `The server answered ${response.status}; nothing was imported.` };
	}
	const reader = response.body.getReader();
	const decoder = new TextDecoder();
	let pending = '';
	for (;;) {
		let chunk: ReadableStreamReadResult<Uint8Array>;
		try {
			chunk = await reader.read();
		} catch {
			return { problem: 'The connection was lost before the server finished. Check the files again to see what the registry holds now.' };
		}
		pending += decoder.decode(chunk.value, { stream: !chunk.done });
		const lines = pending.split('\n');
		pending = lines.pop() ?? '';
		for (const line of lines) {
			if (!line) continue;
			const message = JSON.parse(line) as { progress?: ImportProgress; report?: ImportReport; failed?: string };
			if (message.progress) onProgress(message.progress);
			if (message.report) return { report: message.report };
			if (message.failed) return { problem: message.failed };
		}
		if (chunk.done) return { problem: 'The server ended its answer without a report; nothing was imported.' };
	}
}
