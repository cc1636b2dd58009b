/**
 * The service worker (built by SvelteKit, precache list injected by vite-pwa; decision 011). It does what the
 * generated Workbox worker did — precache the app, answer every navigation with the prerendered shell, keep lazily loaded chunks (jsPDF)
 * once fetched — and one thing a generated worker cannot: on Background Sync it sends the device's waiting
 * changes with the same code the pages use, so an edit made offline reaches the state even if the app is closed
 * before the signal returns.
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute, type PrecacheEntry } from 'workbox-precaching';
import { ExpirationPlugin } from 'workbox-expiration';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { CacheFirst } from 'workbox-strategies';
import { deviceDb } from '$lib/client/device-db';
import { SyncHttpError, syncOnce } from '$lib/client/sync';
import { announce, BACKGROUND_SYNC_TAG, exclusively } from '$lib/client/sync-coordination';

// Typed here rather than with the "webworker" lib, which cannot share a program with the DOM lib the pages use.
interface ExtendableEvent extends Event {
	waitUntil(promise: Promise<unknown>): void;
}
interface SyncEvent extends ExtendableEvent {
	readonly tag: string;
	/** The browser will not retry after this attempt. */
	readonly lastChance: boolean;
}
interface WorkerScope {
	__WB_MANIFEST: (string | PrecacheEntry)[];
	skipWaiting(): Promise<void>;
	clients: { matchAll(options: { type: 'window' }): Promise<{ visibilityState: DocumentVisibilityState }[]> };
	addEventListener(type: 'sync', listener: (event: SyncEvent) => void): void;
	addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}
const worker = self as unknown as WorkerScope;

// Spelled `self.__WB_MANIFEST` in the output, where vite-pwa replaces it with the precache list.
precacheAndRoute((self as unknown as WorkerScope).__WB_MANIFEST);
cleanupOutdatedCaches();

// Every navigation is answered by the prerendered shell; the client router renders the page (decision 001).
registerRoute(new NavigationRoute(createHandlerBoundToURL('/shell'), { denylist: [/^\/api\//, /^\/dev\//, /\.json$/] }));

// jsPDF (~420 KB) stays out of the install-time precache (budget 650 KiB) and lands here when a signed-in device
// warms it (src/lib/client/offline-warmup.ts). Hashed file names never change content, so a cached copy is right.
registerRoute(
	({ url }) => url.pathname.startsWith('/_app/immutable/'),
	new CacheFirst({ cacheName: 'lazy-app-chunks', plugins: [new ExpirationPlugin({ maxEntries: 40 })] })
);

// A new version waits until the person chooses "Update available — Reload" (src/lib/client/pwa.svelte.ts).
worker.addEventListener('message', (event) => {
	if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void worker.skipWaiting();
});

worker.addEventListener('sync', (event) => {
	if (event.tag === BACKGROUND_SYNC_TAG) event.waitUntil(backgroundSync(event.lastChance));
});

/**
 * One sync under the same lock as the tabs, told to any open tab, unless a page on screen is there to do it. A failure rejects, so the browser tries again
 * later with its own backoff; a lost session does not, since only signing in again can help, and the changes
 * stay on the device for the next sync after that.
 */
async function backgroundSync(lastChance: boolean): Promise<void> {
	// A page on screen syncs by itself when the connection returns (and hands over again if it cannot); two
	// syncs at once would only queue behind each other's lock.
	const windows = await worker.clients.matchAll({ type: 'window' });
	if (windows.some((w) => w.visibilityState === 'visible')) return;
	try {
		await exclusively(() => syncOnce(deviceDb(), fetch));
		announce({ type: 'synced', at: new Date().toISOString() });
	} catch (error) {
		if (error instanceof SyncHttpError && (error.status === 401 || error.status === 403)) {
			announce({ type: 'signed-out' });
			return;
		}
		announce({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
		if (!lastChance) throw error;
	}
}
