import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { storeRequestDocument } from '$lib/server/change-requests/documents';
import type { RequestHandler } from './$types';

/** PUT /api/change-requests/<id>/document — the document photo of the caller's own pending request (image body). */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Sign in to send the document.');
	const { db } = await appDatabase();
	const bytes = new Uint8Array(await request.arrayBuffer());
	const result = await storeRequestDocument(db, locals.user, {
		requestId: params.id,
		contentType: request.headers.get('content-type') ?? '',
		fileName: decodeURIComponent(request.headers.get('x-file-name') ?? 'document'),
		bytes
	});
	if (!result.ok) error(result.status, result.message);
	return json({ stored: true, size: bytes.length });
};
