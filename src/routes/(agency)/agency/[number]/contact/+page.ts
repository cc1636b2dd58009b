import { requireConfirmation } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Fills from the device database and saves to it (the outbox), so it renders in the browser and opens offline.
export const ssr = false;

/** Changing an agency's contact information is a sensitive step: "Confirm it's you" first, like Edit. */
export const load: PageLoad = async ({ fetch, params, url }) => ({
	agencyNumber: params.number,
	confirmation: await requireConfirmation(url.pathname, fetch)
});
