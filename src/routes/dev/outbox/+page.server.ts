import { error } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { isRealUse } from '$lib/server/runtime-mode';
import { listOutbox } from '$lib/server/messages/outbox';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ setHeaders }) => {
	if (isRealUse()) error(404, 'Not found');
	setHeaders({ 'Cache-Control': 'no-store' });
	const { db } = await appDatabase();
	return { messages: await listOutbox(db) };
};
