import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { signedLicenseFor } from '$lib/server/credentials/signed-license';
import { appSigningKey } from '$lib/server/credentials/signing-key';
import type { RequestHandler } from './$types';

/** The signed-in licensee's current credential, signed, for the Printing License page. */
export const GET: RequestHandler = async ({ locals, url }) => {
	if (!locals.user) error(401, 'Sign in to print your license.');
	if (!locals.user.emsNumber) error(404, 'Only licensees have a license to print.');
	const { db } = await appDatabase();
	const license = await signedLicenseFor(db, await appSigningKey(db), locals.user.emsNumber, url.origin);
	if (!license) error(404, 'No license or certification is on record for you.');
	return json(license, { headers: { 'Cache-Control': 'no-store' } });
};
