import { browser } from '$app/environment';

/** What the browser lets the installable app do, as rune state the layout shows. */
class PwaState {
	online = $state(true);
	updateAvailable = $state(false);
	canInstall = $state(false);
	offlineReady = $state(false);
	#installEvent: BeforeInstallPromptEvent | null = null;
	#workbox: import('workbox-window').Workbox | null = null;
	#started = false;

	start(): void {
		if (!browser || this.#started) return;
		this.#started = true;
		this.online = navigator.onLine;
		addEventListener('online', () => (this.online = true));
		addEventListener('offline', () => (this.online = false));
		addEventListener('beforeinstallprompt', (e) => {
			e.preventDefault();
			this.#installEvent = e as BeforeInstallPromptEvent;
			this.canInstall = true;
		});
		addEventListener('appinstalled', () => {
			this.canInstall = false;
			this.#installEvent = null;
			void requestPersistentStorage();
		});
		void this.#register();
	}

	/**
	 * Registers the worker with workbox-window (the design card's choice), which follows its lifecycle: a worker that
	 * installs while another controls the page waits (`skipWaiting: false`) and is offered as "Update available".
	 * workbox-window (~3 KB gzip) is imported only once the page has loaded and the browser is idle, so it is not
	 * part of the first render; registering after `load` is also what keeps the precache download from competing
	 * with the page's own first load.
	 */
	async #register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		await afterLoadAndIdle();
		let registration: ServiceWorkerRegistration | undefined;
		try {
			const { Workbox } = await import('workbox-window');
			const wb = new Workbox('/sw.js', { scope: '/', type: 'classic' });
			// A waiting worker (an update) is offered, never forced; the first install only makes the app work offline.
			wb.addEventListener('waiting', () => {
				if (navigator.serviceWorker.controller) this.updateAvailable = true;
			});
			wb.addEventListener('activated', (event) => {
				if (!event.isUpdate) this.offlineReady = true;
			});
			this.#workbox = wb;
			registration = await wb.register({ immediate: true });
		} catch {
			return; // no worker (development server, or the browser refuses): the app works online as it is
		}
		if (!registration) return;
		if (registration.waiting && navigator.serviceWorker.controller) this.updateAvailable = true;
		// Browsers look for a new service worker only on navigation; an installed app may never navigate.
		setInterval(() => void this.#workbox?.update().catch(() => {}), 60 * 60 * 1000);
	}

	async install(): Promise<void> {
		const event = this.#installEvent;
		if (!event) return;
		// An offer can be prompted only once, whatever the answer; the browser sends a new one if it will ask again.
		this.#installEvent = null;
		this.canInstall = false;
		await event.prompt();
		await event.userChoice;
	}

	/** Lets the waiting worker take over (Workbox's SKIP_WAITING message) and reloads once it controls the page. */
	async reload(): Promise<void> {
		const wb = this.#workbox;
		const registration = await navigator.serviceWorker?.getRegistration();
		if (!wb || !registration?.waiting) return location.reload();
		wb.addEventListener('controlling', () => location.reload());
		wb.messageSkipWaiting();
	}
}

/** Resolves after the window's load event, once the browser is idle (or after 3 s of a busy main thread). */
function afterLoadAndIdle(): Promise<void> {
	return new Promise((done) => {
		const idle = () => {
			if ('requestIdleCallback' in window) requestIdleCallback(() => done(), { timeout: 3_000 });
			else setTimeout(done, 0);
		};
		if (document.readyState === 'complete') idle();
		else addEventListener('load', idle, { once: true });
	});
}

interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	readonly userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export const pwa = new PwaState();

/**
 * Asks the browser not to evict this origin's storage under pressure; done once a person signs in or installs,
 * because their unsynced changes live in IndexedDB.
 */
export async function requestPersistentStorage(): Promise<boolean> {
	if (!browser || !navigator.storage?.persist) return false;
	if (await navigator.storage.persisted()) return true;
	return navigator.storage.persist();
}
