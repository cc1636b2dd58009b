import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { transportsFromEnvironment } from '$lib/server/auth/delivery';
import { readRegistration } from '$lib/server/auth/passkey-request';
import { finishRegistration, relyingParty } from '$lib/server/auth/passkeys';
import { requireRecentAuth } from '$lib/server/auth/reauth';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, url, request, getClientAddress }) => {
	requireRecentAuth(locals);
	const response = await readRegistration(request);
	const { db } = await appDatabase();
	const added = await finishRegistration(db, relyingParty(url), locals.user!.accountId, response, {
		ip: getClientAddress(),
		transports: transportsFromEnvironment(db)
	});
	if (!added) error(400, 'The passkey could not be verified.');
	return json({ added: true });
};
