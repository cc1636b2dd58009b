import { browser } from '$app/environment';
import { markDeviceInUse } from './device-in-use';
import { liveQuery, type Subscription } from 'dexie';
import { retryDelay } from './backoff';
import { deviceDb, getMeta, isQuotaError, StorageFullError, waitingCount } from './device-db';
import { onLocalWrite } from './local-writes';
import { requestPersistentStorage } from './pwa.svelte';
import { SyncHttpError, syncOnce } from './sync';
import { BACKGROUND_SYNC_TAG, exclusively, SYNC_CHANNEL, type SyncMessage } from './sync-coordination';

/**
 * When the device syncs, and what the sync indicator shows. Syncs run on start, when the browser comes online,
 * when the page becomes visible, ~2 s after a local write, every 60 s while visible, and after a failure with
 * exponential backoff. Only one tab syncs at a time (Web Locks); a BroadcastChannel tells the other tabs how it
 * went. A failing server never blocks local work: writes go to Dexie and wait.
 */

export const WRITE_DEBOUNCE_MS = 2_000;
export const PERIODIC_MS = 60_000;

const SIGNED_OUT = 'Sign in again to send your changes. They are kept on this device.';

type Phase = 'idle' | 'syncing' | 'failed' | 'signed-out';

class DeviceSync {
	online = $state(true);
	phase = $state<Phase>('idle');
	/** Changes waiting to be sent; null until the outbox has been counted (the indicator must not say "saved" before). */
	pending = $state<number | null>(null);
	conflicts = $state(0);
	rejections = $state(0);
	lastSyncAt = $state<string | null>(null);
	/** Something the person should act on (storage full, signed out). */
	problem = $state<string | null>(null);
	lastError = $state<string | null>(null);
	/** The device holds someone's data (it has synced for an account): the indicator is worth showing. */
	accountKnown = $state(false);

	#started = false;
	#failures = 0;
	#running: Promise<void> | null = null;
	#again = false;
	#debounce: ReturnType<typeof setTimeout> | undefined;
	#retry: ReturnType<typeof setTimeout> | undefined;
	#channel: BroadcastChannel | null = null;
	#subscriptions: Subscription[] = [];
	#persistRequested = false;
	/** A tab is signing out: no sync starts on its own until it is done (it wipes the device). */
	#paused = false;
	/** The server cannot read what this version sends: no sync until the page reloads (with the update). */
	#outdated = false;

	start(): void {
		if (!browser || this.#started) return;
		this.#started = true;
		this.online = navigator.onLine;
		const db = deviceDb();
		this.#subscriptions.push(
			liveQuery(() => waitingCount(db)).subscribe((n) => (this.pending = n)),
			liveQuery(() => db.conflicts.count()).subscribe((n) => (this.conflicts = n)),
			liveQuery(() => db.rejections.count()).subscribe((n) => (this.rejections = n)),
			liveQuery(() => getMeta<string>(db, 'lastSyncAt')).subscribe((at) => (this.lastSyncAt = at ?? null)),
			liveQuery(() => getMeta<string>(db, 'accountId')).subscribe((id) => {
				this.accountKnown = !!id;
				markDeviceInUse(!!id);
			})
		);
		if ('BroadcastChannel' in globalThis) {
			this.#channel = new BroadcastChannel(SYNC_CHANNEL);
			this.#channel.onmessage = (event: MessageEvent<SyncMessage>) => this.#heard(event.data);
		}
		addEventListener('online', () => {
			this.online = true;
			void this.syncNow();
		});
		addEventListener('offline', () => (this.online = false));
		document.addEventListener('visibilitychange', () => {
			if (document.visibilityState === 'visible') void this.syncNow();
			// Closing or leaving the app may cut a debounced sync short: the service worker finishes it.
			else this.#handOver();
		});
		setInterval(() => {
			if (document.visibilityState === 'visible') void this.syncNow();
		}, PERIODIC_MS);
		onLocalWrite(() => {
			this.problem = this.problem === new StorageFullError().message ? null : this.problem;
			// The debounced sync hands the change to Background Sync if it finds the device offline.
			this.syncSoon();
		});
		void this.syncNow();
	}

	/** After a client-side navigation (e.g. signing in without a reload): sync if the last try found no session. */
	afterNavigate(): void {
		// A sign-out in another tab paused this one; a navigation here (signing in again) is this tab's own.
		this.#paused = false;
		if (this.#started && !this.#running && (this.phase === 'signed-out' || this.lastSyncAt === null)) void this.syncNow();
	}

	/** Debounced: many quick edits make one sync. */
	syncSoon(delay = WRITE_DEBOUNCE_MS): void {
		clearTimeout(this.#debounce);
		if (this.#paused) return;
		this.#debounce = setTimeout(() => void this.syncNow(), delay);
	}

	/** Syncs now, or right after the sync already running. */
	syncNow(): Promise<void> {
		if (!browser) return Promise.resolve();
		return this.#paused ? Promise.resolve() : this.#start();
	}

	/** "Sync now" pressed: runs even while another tab signs out (it then waits for the lock and finds the session ended). */
	syncAtOnce(): Promise<void> {
		if (!browser) return Promise.resolve();
		return this.#start();
	}

	#start(): Promise<void> {
		if (this.#running) {
			this.#again = true;
			return this.#running;
		}
		this.#running = this.#run().finally(() => {
			this.#running = null;
			if (this.#again) {
				this.#again = false;
				void this.syncNow();
			}
		});
		return this.#running;
	}

	/** A storage failure a screen caught (e.g. StorageFullError from a write), shown by the indicator. */
	reportProblem(message: string): void {
		this.problem = message;
	}

	async #run(): Promise<void> {
		if (this.#outdated) return;
		this.online = navigator.onLine;
		if (!this.online) return this.#handOver();
		clearTimeout(this.#retry);
		const work = async () => {
			this.phase = 'syncing';
			try {
				await syncOnce();
				this.#failures = 0;
				this.phase = 'idle';
				this.lastError = null;
				if (this.problem === SIGNED_OUT) this.problem = null;
				this.#tell({ type: 'synced', at: new Date().toISOString() });
				if (!this.#persistRequested) {
					this.#persistRequested = true;
					void requestPersistentStorage();
				}
			} catch (error) {
				this.#failed(error);
			}
		};
		// Web Locks: other tabs (and the service worker's Background Sync) wait here while one syncs, then find
		// little left to do.
		await exclusively(work);
	}

	#failed(error: unknown): void {
		if (error instanceof SyncHttpError && (error.status === 401 || error.status === 403)) {
			// Not a server failure: retrying will not help until the person signs in again.
			this.phase = 'signed-out';
			this.problem = SIGNED_OUT;
			this.#tell({ type: 'signed-out' });
			return;
		}
		if (error instanceof SyncHttpError && error.action === 'reload') {
			// Sending the same changes again fails the same way: they stay in the outbox for the updated app.
			this.#outdated = true;
			clearTimeout(this.#retry);
			this.phase = 'idle';
			this.problem = error.message;
			this.lastError = error.message;
			return;
		}
		if (isQuotaError(error)) this.problem = new StorageFullError().message;
		this.#failures++;
		this.#handOver();
		this.phase = navigator.onLine ? 'failed' : 'idle';
		this.online = navigator.onLine;
		this.lastError = error instanceof Error ? error.message : String(error);
		this.#tell({ type: 'failed', error: this.lastError });
		clearTimeout(this.#retry);
		this.#retry = setTimeout(() => void this.syncNow(), retryDelay(this.#failures));
	}

	/** Changes this page could not send yet: the service worker sends them when online, app open or not. */
	#handOver(): void {
		if (this.#outdated) return;
		// Counted afresh: right after a write, the live count may not have caught up yet.
		void waitingCount(deviceDb())
			.then((n) => (n > 0 ? registerBackgroundSync() : undefined))
			.catch(() => {});
	}

	#tell(message: SyncMessage): void {
		this.#channel?.postMessage(message);
	}

	#heard(message: SyncMessage): void {
		if (message.type === 'leaving') {
			this.#paused = true;
			clearTimeout(this.#debounce);
			clearTimeout(this.#retry);
			return;
		}
		if (message.type === 'stayed') {
			this.#paused = false;
			return;
		}
		if (message.type === 'synced') {
			this.#paused = false;
			this.phase = 'idle';
			this.#failures = 0;
			clearTimeout(this.#retry);
		} else if (message.type === 'failed') {
			if (this.phase !== 'syncing') this.phase = 'failed';
		} else {
			this.phase = 'signed-out';
		}
	}
}

/**
 * Background Sync: the browser wakes the service worker with this tag once it is online, even with the app closed,
 * and the worker runs the same sync as the pages (src/service-worker.ts). Registered only when there are
 * changes the page could not send; where the browser has no Background Sync, the triggers above still sync when
 * the app is next open.
 */
async function registerBackgroundSync(): Promise<void> {
	try {
		const registration = await navigator.serviceWorker?.getRegistration();
		const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
		await sync?.register(BACKGROUND_SYNC_TAG);
	} catch {
		/* not supported, or not allowed: the page's own triggers still sync */
	}
}

export const deviceSync = new DeviceSync();
