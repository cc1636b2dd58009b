import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { encodePullPage } from '$lib/domain/pull-wire';
import { pullQuerySchema } from '$lib/domain/sync-protocol';
import { appDatabase } from '$lib/server/app-database';
import { signedForPage } from '$lib/server/credentials/signed-for-device';
import { appSigningKey } from '$lib/server/credentials/signing-key';
import { pull } from '$lib/server/sync/pull';
import type { RequestHandler } from './$types';

/** GET /api/sync/pull?cursor=N&limit=M&since=YYYY-MM-DD&wire=columns — rows the caller may see changed after the cursor (src/lib/server/sync/pull.ts). */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'Sign in to receive changes.');
	const parsed = v.safeParse(pullQuerySchema, {
		cursor: url.searchParams.get('cursor') ?? '0',
		limit: url.searchParams.get('limit') ?? undefined,
		since: url.searchParams.get('since'),
		wire: url.searchParams.get('wire')
	});
	if (!parsed.success)
		error(400, 'This sync request could not be read: cursor must be a whole number, limit between 1 and 5000, since a date (YYYY-MM-DD) and wire, if given, columns.');
	const { db } = await appDatabase();
	const page = await pull(db, locals.user, parsed.output.cursor, parsed.output.limit, { since: parsed.output.since });
	// The device keeps the signed license with the record, so Print License works offline (decision 004).
	const signed = await signedForPage(db, await appSigningKey(db), locals.user, page, url.origin);
	if (signed) page.signed = signed;
	// The column-wise form when the device asks for it (decision 050); rows for an app installed before it could.
	return json(parsed.output.wire === 'columns' ? encodePullPage(page) : page, { headers: { 'cache-control': 'no-store' } });
};
