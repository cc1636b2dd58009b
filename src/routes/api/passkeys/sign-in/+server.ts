import { error, json } from '@sveltejs/kit';
import * as v from 'valibot';
import { returnPath } from '$lib/domain/auth-forms';
import { appDatabase } from '$lib/server/app-database';
import { readAuthentication } from '$lib/server/auth/passkey-request';
import { relyingParty, signInWithPasskey } from '$lib/server/auth/passkeys';
import { setSessionCookie } from '$lib/server/auth/sessions';
import type { RequestHandler } from './$types';

export const POST: RequestHandler = async ({ request, url, cookies, getClientAddress }) => {
	const { response, next } = await readAuthentication(request);
	const { db } = await appDatabase();
	const result = await signInWithPasskey(db, relyingParty(url), response, {
		ip: getClientAddress(),
		userAgent: request.headers.get('user-agent')
	});
	if (!result) error(401, 'That passkey did not sign you in.');
	setSessionCookie(cookies, url, result.token);
	const home = result.role === 'office' ? '/office' : '/dashboard';
	return json({ location: v.parse(returnPath, next) || home });
};
