import { appDatabase } from '$lib/server/app-database';
import { publicRecordByNumber } from '$lib/server/verify/public-records';
import { publicVerifyResponse, requiredQuery } from '$lib/server/verify/endpoint';
import type { RequestHandler } from './$types';

/** Current status of a license by number: `{ record: PublicRecord | null }`. */
export const GET: RequestHandler = async (event) => {
	const number = requiredQuery(event.url, 'number');
	const { db } = await appDatabase();
	return publicVerifyResponse(db, event, async (db) => ({ record: await publicRecordByNumber(db, number) }));
};
