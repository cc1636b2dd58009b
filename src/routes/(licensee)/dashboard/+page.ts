import { browser } from '$app/environment';
import { noteConfirmation } from '$lib/client/confirm-identity';
import type { PageLoad } from './$types';

// The dashboard reads the device database (works offline); there is nothing for the server to render.
export const ssr = false;

export const load: PageLoad = () => {
	// Not awaited: the dashboard shows at once from the device; this only lets Edit open offline afterwards.
	if (browser) void noteConfirmation();
	return {};
};
