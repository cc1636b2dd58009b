import { checkSession } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Read from the device database (agency-record.ts), so the page opens offline like the dashboard.
export const ssr = false;

export const load: PageLoad = async ({ fetch, params, url }) => {
	await checkSession(url.pathname, fetch);
	return { agencyNumber: params.number };
};
