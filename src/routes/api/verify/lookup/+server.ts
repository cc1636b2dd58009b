import { appDatabase } from '$lib/server/app-database';
import { lookupPublicRecords } from '$lib/server/verify/public-records';
import { publicVerifyResponse, requiredQuery } from '$lib/server/verify/endpoint';
import type { RequestHandler } from './$types';

/** The public lookup by license number or ND EMS #: `{ records: PublicRecord[] }`. */
export const GET: RequestHandler = async (event) => {
	const q = requiredQuery(event.url, 'q');
	const { db } = await appDatabase();
	return publicVerifyResponse(db, event, async (db) => ({ records: await lookupPublicRecords(db, q) }));
};
