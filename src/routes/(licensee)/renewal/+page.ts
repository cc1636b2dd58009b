import { checkSession } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Like the dashboard: read from the device database, so it opens and works offline.
export const ssr = false;

export const load: PageLoad = async ({ fetch, url }) => {
	await checkSession(url.pathname, fetch);
	return {};
};
