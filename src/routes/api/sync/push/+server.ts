import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { PUSH_UNREADABLE, pushRequestSchema } from '$lib/domain/sync-protocol';
import { appDatabase } from '$lib/server/app-database';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { push } from '$lib/server/sync/push';
import type { RequestHandler } from './$types';

/** POST /api/sync/push — a device's queued mutations; answers each one (see src/lib/server/sync/push.ts). */
export const POST: RequestHandler = async ({ locals, request }) => {
	if (!locals.user) error(401, 'Sign in to send your changes.');
	// A body this version cannot read (not JSON, or another version's shape) fails the same way however often it is
	// sent: the answer tells the device to stop and reload (PUSH_UNREADABLE), not to retry.
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return json(PUSH_UNREADABLE, { status: 400 });
	}
	const parsed = v.safeParse(pushRequestSchema, body);
	if (!parsed.success) {
		console.warn(`sync push: unreadable body (${parsed.issues[0].message}); the device is told to reload`);
		return json(PUSH_UNREADABLE, { status: 400 });
	}
	const { db } = await appDatabase();
	const { email } = transportsFromEnvironment(db);
	return json(await push(db, locals.user, parsed.output, { deliver: (message) => email.send(message) }));
};
