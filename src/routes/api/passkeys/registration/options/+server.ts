import { json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { registrationOptions, relyingParty } from '$lib/server/auth/passkeys';
import { requireRecentAuth } from '$lib/server/auth/reauth';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, url }) => {
	requireRecentAuth(locals);
	const { db } = await appDatabase();
	return json(await registrationOptions(db, relyingParty(url), locals.user!), { headers: { 'Cache-Control': 'no-store' } });
};
