import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { storeRequestDocument } from '$lib/server/change-requests/documents';
import type { RequestHandler } from './$types';

/** The device percent-encodes the file name; a malformed escape is the sender's mistake, not a 500. */
function fileNameOf(header: string | null): string {
	try {
		return decodeURIComponent(header ?? 'document');
	} catch {
		return 'document';
	}
}

/** PUT /api/change-requests/<id>/document — the document photo of the caller's own pending request (image body). */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Sign in to send the document.');
	const { db } = await appDatabase();
	const bytes = new Uint8Array(await request.arrayBuffer());
	const result = await storeRequestDocument(db, locals.user, {
		requestId: params.id,
		contentType: request.headers.get('content-type') ?? '',
		fileName: fileNameOf(request.headers.get('x-file-name')),
		bytes
	});
	if (!result.ok) error(result.status, result.message);
	return json({ stored: true, size: bytes.length });
};
