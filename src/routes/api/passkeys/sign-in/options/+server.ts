import { json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { authenticationOptions, relyingParty } from '$lib/server/auth/passkeys';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ url }) => {
	const { db } = await appDatabase();
	return json(await authenticationOptions(db, relyingParty(url), null), { headers: { 'Cache-Control': 'no-store' } });
};
