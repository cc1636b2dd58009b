import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { readAuthentication } from '$lib/server/auth/passkey-request';
import { confirmWithPasskey, relyingParty } from '$lib/server/auth/passkeys';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ locals, url, request, getClientAddress }) => {
	const { response } = await readAuthentication(request);
	const { db } = await appDatabase();
	const session = { id: locals.session!.id, accountId: locals.user!.accountId };
	if (!(await confirmWithPasskey(db, relyingParty(url), session, response, { ip: getClientAddress() }))) {
		error(401, 'The passkey did not confirm it is you.');
	}
	return json({ confirmed: true });
};
