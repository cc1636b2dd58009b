import { loadLicenseForPrint } from '$lib/client/license-source';
import { checkSession } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Shown from the signed copy on the device (decision 004), so it opens offline, at a scene with no signal. No
// "Confirm it's you": it shows what the card in the person's wallet shows, and the device already holds it.
export const ssr = false;

export const load: PageLoad = async ({ fetch, url }) => {
	await checkSession(url.pathname, fetch);
	return { source: await loadLicenseForPrint() };
};
