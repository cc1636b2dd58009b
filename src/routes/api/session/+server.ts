import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * GET /api/session — who this session is signed in as. The device asks before it sends queued changes, so a
 * change made by one person is never sent under another's session (src/lib/client/sync.ts). The role tells /login
 * where a signed-in person goes instead (src/lib/client/signed-in-home.ts).
 */
export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) error(401, 'Sign in to send your changes.');
	const { accountId, emsNumber, role } = locals.user;
	return json({ accountId, emsNumber, role }, { headers: { 'cache-control': 'no-store' } });
};
