import { loadLicenseForPrint } from '$lib/client/license-source';
import { requireConfirmation } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Rendered in the browser only: the license comes from the device database, so the page also opens offline.
export const ssr = false;

/** Confirm it's you first (redirects online; the device's note of a recent confirmation offline), then the copy. */
export const load: PageLoad = async ({ fetch }) => {
	const confirmation = await requireConfirmation('/print-license', fetch);
	if (!confirmation.ok) return { confirmation, source: null };
	return { confirmation, source: await loadLicenseForPrint() };
};
