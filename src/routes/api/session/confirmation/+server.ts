import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

// Until the accounts branch (src/lib/server/auth/reauth.ts) lands: the same 10-minute window.
const REAUTH_WINDOW_MS = 10 * 60_000;

/**
 * GET /api/session/confirmation — how much longer the last "Confirm it's you" counts. Pages that render in the
 * browser from the device database (Edit) ask this instead of a server load, so they still open offline.
 */
export const GET: RequestHandler = async ({ locals }) => {
	if (!locals.user || !locals.session) error(401, 'Sign in first.');
	const at = locals.session.reauthenticatedAt;
	const remainingMs = at ? Math.max(0, Date.parse(at) + REAUTH_WINDOW_MS - Date.now()) : 0;
	return json({ remainingMs }, { headers: { 'cache-control': 'no-store' } });
};
