import { loadAgencyLicenseForPrint } from '$lib/client/license-source';
import { requireConfirmation } from '$lib/client/recent-auth';
import type { PageLoad } from './$types';

// Browser only, from the device database, like Print License: it opens offline for a squad leader who synced.
export const ssr = false;

export const load: PageLoad = async ({ fetch, params }) => {
	const confirmation = await requireConfirmation(`/agency/${params.number}/print`, fetch);
	if (!confirmation.ok) return { confirmation, source: null, agencyNumber: params.number };
	return { confirmation, source: await loadAgencyLicenseForPrint(params.number), agencyNumber: params.number };
};
