import { json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { authenticationOptions, relyingParty } from '$lib/server/auth/passkeys';
import type { RequestHandler } from './$types';

/** "Confirm it's you" with a passkey: only the signed-in account's passkeys are offered. */
export const POST: RequestHandler = async ({ locals, url }) => {
	const { db } = await appDatabase();
	return json(await authenticationOptions(db, relyingParty(url), locals.user!.accountId), { headers: { 'Cache-Control': 'no-store' } });
};
