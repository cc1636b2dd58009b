import type { Handle, ServerInit } from '@sveltejs/kit';
import { appDatabase } from '$lib/server/app-database';
import { loadDemoDataIfEmpty } from '$lib/server/demo/load';

export const init: ServerInit = async () => {
	const { db } = await appDatabase();
	if (process.env.LOAD_DEMO_DATA === 'true') await loadDemoDataIfEmpty(db);
};

export const handle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.session = null;
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'strict-origin-when-cross-origin');
	response.headers.set('X-Frame-Options', 'DENY');
	return response;
};
