import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { signedAgencyLicenseFor } from '$lib/server/credentials/signed-license';
import { appSigningKey } from '$lib/server/credentials/signing-key';
import type { RequestHandler } from './$types';

/** An agency's license, signed, for "Print Agency License": its squad leaders and office staff only. */
export const GET: RequestHandler = async ({ locals, params, url }) => {
	const user = locals.user;
	if (!user) error(401, 'Sign in to print the agency license.');
	if (user.role !== 'office' && !user.leaderOf.includes(params.number)) error(403, 'Only the agency’s squad leaders can print its license.');
	const { db } = await appDatabase();
	const license = await signedAgencyLicenseFor(db, await appSigningKey(db), params.number, url.origin);
	if (!license) error(404, 'No such agency.');
	return json(license, { headers: { 'Cache-Control': 'no-store' } });
};
