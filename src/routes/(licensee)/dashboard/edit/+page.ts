import { requireConfirmation } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// The form fills from the device database and saves to it, so it renders in the browser only.
export const ssr = false;

/**
 * Edit is a sensitive step: "Confirm it's you" first (one confirmation covers 10 minutes). `?correct=<id>` opens a
 * refused change for correction (SyncConflicts.svelte); it survives the detour through the confirmation.
 */
export const load: PageLoad = async ({ fetch, url }) => ({
	confirmation: await requireConfirmation(url.pathname + url.search, fetch),
	correct: Number(url.searchParams.get('correct')) || null
});
