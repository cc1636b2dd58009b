import { error, json } from '@sveltejs/kit';
import { REAUTH_WINDOW_MS } from '$lib/server/auth/reauth';
import type { RequestHandler } from './$types';

/**
 * Whether "Confirm it's you" still holds for this session, and for how long: for pages that cannot use a server
 * load because they must open offline (src/lib/client/recent-auth.ts). A duration, not a time, so the device can
 * keep the deadline in its own clock.
 */
export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user || !locals.session) error(401, 'Sign in first.');
	const at = locals.session.reauthenticatedAt ? Date.parse(locals.session.reauthenticatedAt) : Number.NaN;
	const remainingMs = Number.isFinite(at) ? Math.max(0, Math.min(REAUTH_WINDOW_MS, at + REAUTH_WINDOW_MS - Date.now())) : 0;
	return json({ confirmed: remainingMs > 0, remainingMs }, { headers: { 'Cache-Control': 'no-store' } });
};
