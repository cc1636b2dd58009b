import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { REAUTH_WINDOW_MS } from '$lib/server/auth/reauth';
import { isRealUse } from '$lib/server/runtime-mode';
import type { RequestHandler } from './$types';

/**
 * Development aid: moves this session's last "Confirm it's you" to before the 10-minute window, as if the person
 * signed in a while ago. End-to-end tests use it to reach the confirmation step without waiting 10 minutes.
 */
export const POST: RequestHandler = async ({ locals }) => {
	if (isRealUse()) error(404, 'Not found');
	if (!locals.session) error(401, 'Sign in first.');
	const { db } = await appDatabase();
	const at = new Date(Date.now() - REAUTH_WINDOW_MS - 60_000).toISOString();
	await db.updateTable('sessions').set({ reauthenticatedAt: at }).where('id', '=', locals.session.id).execute();
	return json({ reauthenticatedAt: at });
};
