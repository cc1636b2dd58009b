import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { appDatabase } from '$lib/server/app-database';
import { requestIdSchema } from '$lib/server/office/office-forms';
import type { RequestHandler } from './$types';

/** GET /api/office/requests/<id>/document — the photo sent with a request, for office staff (access.ts: /api/office/). */
export const GET: RequestHandler = async ({ params }) => {
	const id = v.safeParse(requestIdSchema, params.id);
	if (!id.success) error(404, 'There is no such document.');
	const { db } = await appDatabase();
	const doc = await db.selectFrom('changeRequestDocuments').select(['contentType', 'data']).where('requestId', '=', id.output).executeTakeFirst();
	if (!doc) error(404, 'There is no such document.');
	return new Response(Buffer.from(doc.data, 'base64'), {
		headers: { 'content-type': doc.contentType, 'cache-control': 'private, no-store', 'x-content-type-options': 'nosniff' }
	});
};
