import { error, json } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { isRealUse } from '$lib/server/runtime-mode';
import { listOutbox } from '$lib/server/messages/outbox';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async () => {
	if (isRealUse()) error(404, 'Not found');
	const { db } = await appDatabase();
	return json(await listOutbox(db), { headers: { 'Cache-Control': 'no-store' } });
};
