import { error, json } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

/**
 * GET /api/session — who this session is signed in as. The device asks before it sends queued changes, so a
 * change made by one person is never sent under another's session (src/lib/client/sync.ts).
 */
export const GET: RequestHandler = ({ locals }) => {
	if (!locals.user) error(401, 'Sign in to send your changes.');
	const { accountId, emsNumber } = locals.user;
	return json({ accountId, emsNumber }, { headers: { 'cache-control': 'no-store' } });
};
