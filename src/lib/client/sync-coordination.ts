/**
 * What the pages and the service worker agree on so that only one of them syncs at a time and the others hear
 * how it went. Kept free of page-only modules: the service worker imports it (src/service-worker.ts).
 */

/** Web Lock held for the length of one sync, by a tab or by the service worker's Background Sync. */
export const SYNC_LOCK = 'ems-registry-sync';
/** BroadcastChannel on which whoever synced tells every open tab the outcome. */
export const SYNC_CHANNEL = 'ems-registry-sync';
/** Tag of the Background Sync registration: the browser wakes the service worker with it once online. */
export const BACKGROUND_SYNC_TAG = 'ems-registry-sync';

/** `leaving`: a tab is signing out and wipes the device; the others stop starting syncs (`stayed`: it did not). */
export type SyncMessage =
	| { type: 'synced'; at: string }
	| { type: 'failed'; error: string }
	| { type: 'signed-out' }
	| { type: 'leaving' }
	| { type: 'stayed' };

/** Runs `work` while holding the sync lock (or directly where the browser has no Web Locks). */
export async function exclusively<T>(work: () => Promise<T>): Promise<T> {
	if (typeof navigator !== 'undefined' && navigator.locks) return navigator.locks.request(SYNC_LOCK, work);
	return work();
}

export function announce(message: SyncMessage): void {
	if (!('BroadcastChannel' in globalThis)) return;
	const channel = new BroadcastChannel(SYNC_CHANNEL);
	channel.postMessage(message);
	channel.close();
}
