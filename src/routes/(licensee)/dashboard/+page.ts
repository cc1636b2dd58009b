import { browser } from '$app/environment';
import { deviceInUse } from '$lib/client/device-in-use';
import { fetchFirstPull } from '$lib/client/first-pull';
import { holdForFirstScreen, letFirstScreenGo } from '$lib/client/first-screen';
import type { MyRecord } from '$lib/client/my-record';
import { readRecordSnapshot, recordFromFirstPull } from '$lib/client/record-snapshot';
import { checkSession } from '$lib/client/session-check';
import type { PageLoad } from './$types';

/**
 * The first screen comes without Dexie (decision 044): from the copy of the record kept beside the device database,
 * or, on a device that holds nothing yet, from the first pull page (which the sync engine then stores). `first` is
 * undefined when neither is there (offline on a new device, storage disabled): the page then waits for Dexie.
 *
 * A first visit (no service worker yet) is rendered on the server from that same pull page, fetched through the
 * server's own routes; SvelteKit hands the answer to the browser with the HTML, so hydration draws the same record
 * and the engine stores it without asking again. Every later navigation is answered by the service worker's
 * shell and runs only here in the browser, offline too.
 */
export const load: PageLoad = async ({ fetch, url }) => {
	if (browser) holdForFirstScreen();
	const snapshot = browser ? readRecordSnapshot() : null;
	const firstPull = !snapshot && !(browser && (deviceInUse() || !navigator.onLine)) ? fetchFirstPull(fetch) : null;
	try {
		await checkSession(url.pathname, fetch);
	} catch (redirected) {
		letFirstScreenGo();
		throw redirected;
	}
	const pulled = firstPull ? await firstPull : null;
	const first: MyRecord | undefined = snapshot ?? (pulled ? recordFromFirstPull(pulled) : null) ?? undefined;
	return { first };
};
