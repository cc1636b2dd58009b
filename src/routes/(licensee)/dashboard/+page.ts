import { checkSession } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// The dashboard reads the device database (works offline); there is nothing for the server to render.
export const ssr = false;

export const load: PageLoad = async ({ fetch, url }) => {
	await checkSession(url.pathname, fetch);
	return {};
};
