import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { pushRequestSchema } from '$lib/domain/sync-protocol';
import { appDatabase } from '$lib/server/app-database';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { push } from '$lib/server/sync/push';
import type { RequestHandler } from './$types';

/** POST /api/sync/push — a device's queued mutations; answers each one (see src/lib/server/sync/push.ts). */
export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) error(401, 'Sign in to send your changes.');
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		error(400, 'The request is not JSON.');
	}
	const parsed = v.safeParse(pushRequestSchema, body);
	if (!parsed.success) error(400, `The request is not a valid push: ${parsed.issues[0].message}`);
	const { db } = await appDatabase();
	const { email } = transportsFromEnvironment(db);
	return json(await push(db, locals.user, parsed.output, { deliver: (message) => email.send(message) }));
};
