import { json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { appSigningKey, publicKeySet } from '$lib/server/credentials/signing-key';
import type { RequestHandler } from './$types';

/** The state's public credential-signing keys (JWKS). The verify page keeps a copy to check cards offline. */
export const GET: RequestHandler = async () => {
	const { db } = await appDatabase();
	await appSigningKey(db);
	return json(await publicKeySet(db), {
		headers: { 'Cache-Control': 'public, max-age=3600, stale-while-revalidate=86400', 'Access-Control-Allow-Origin': '*' }
	});
};
