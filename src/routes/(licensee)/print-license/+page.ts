import { loadLicenseForPrint } from '$lib/client/license-source';
import type { PageLoad } from './$types';

// Rendered in the browser only: the license comes from the device (localStorage now, the device database later).
export const ssr = false;

/** Anything that must happen before the license is shown (re-authentication) belongs here, before the source. */
export const load: PageLoad = async ({ fetch }) => ({ source: await loadLicenseForPrint(fetch) });
