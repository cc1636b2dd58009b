import { appDatabase } from '$lib/server/app-database';
import { importUpload } from '$lib/server/import/upload';
import type { RequestHandler } from './$types';

/** POST /api/office/import — dry run or import of uploaded CSV files, answered as a stream of progress lines (issue 14). */
export const POST: RequestHandler = async ({ locals, request, getClientAddress }) => {
	const { db } = await appDatabase();
	return importUpload(db, locals.user, request, getClientAddress());
};
