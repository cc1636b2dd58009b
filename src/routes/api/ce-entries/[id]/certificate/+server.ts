import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { readCertificate, storeCertificate } from '$lib/server/ce/certificates';
import type { RequestHandler } from './$types';

/**
 * PUT /api/ce-entries/<id>/certificate — the certificate photo or PDF of the caller's own CE entry (the file as the
 * body; its type is read from its bytes, not from content-type). GET returns it, to its owner or the office.
 */
export const PUT: RequestHandler = async ({ locals, params, request }) => {
	if (!locals.user) error(401, 'Sign in to send the certificate.');
	let bytes: Uint8Array;
	try {
		bytes = new Uint8Array(await request.arrayBuffer());
	} catch {
		// adapter-node stops reading past BODY_SIZE_LIMIT.
		error(413, 'That file is larger than 5 MB. Take a photo of the certificate instead, or choose a smaller PDF.');
	}
	let fileName = 'certificate';
	try {
		fileName = decodeURIComponent(request.headers.get('x-file-name') ?? 'certificate');
	} catch {
		/* a malformed name is not worth refusing the file for */
	}
	const { db } = await appDatabase();
	const result = await storeCertificate(db, locals.user, { entryId: params.id, fileName, bytes });
	if (!result.ok) error(result.status, result.message);
	return json({ stored: true, size: bytes.length, contentType: result.contentType });
};

export const GET: RequestHandler = async ({ locals, params }) => {
	if (!locals.user) error(401, 'Sign in to see the certificate.');
	const { db } = await appDatabase();
	const found = await readCertificate(db, locals.user, params.id);
	if (!found) error(404, 'No such certificate of yours.');
	return new Response(found.bytes, {
		headers: {
			'content-type': found.contentType,
			'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(found.fileName)}`,
			'cache-control': 'private, no-store',
			'x-content-type-options': 'nosniff'
		}
	});
};
