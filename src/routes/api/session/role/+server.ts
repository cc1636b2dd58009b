import { json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * GET /api/session/role — `{ role }` of the session, or `{ role: null }` without one. Public, and 200 either way:
 * /login asks it on every visit to forward a signed-in person (src/lib/client/signed-in-home.ts), and a signed-out
 * visitor is the usual case there, not an error (a 401 would also show in the browser's console).
 */
export const GET: RequestHandler = ({ locals }) =>
	json({ role: locals.user?.role ?? null }, { headers: { 'cache-control': 'no-store' } });
