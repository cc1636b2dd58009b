import { error, json } from '@sveltejs/kit';
import { REAUTH_WINDOW_MS, isRecentlyAuthenticated } from '$lib/server/auth/reauth';
import type { RequestHandler } from './$types';

/**
 * GET /api/session/confirmation — how much longer the last "Confirm it's you" counts. Pages that render in the
 * browser from the device database (Edit) ask this instead of calling requireRecentAuth in a server load, so they
 * still open offline.
 */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user || !locals.session) error(401, 'Sign in first.');
	const at = locals.session.reauthenticatedAt;
	const remainingMs = at && isRecentlyAuthenticated(locals.session) ? Date.parse(at) + REAUTH_WINDOW_MS - Date.now() : 0;
	return json({ remainingMs }, { headers: { 'cache-control': 'no-store' } });
};
