import { browser } from '$app/environment';

/** What the browser lets the installable app do, as rune state the layout shows. */
class PwaState {
	online = $state(true);
	updateAvailable = $state(false);
	canInstall = $state(false);
	offlineReady = $state(false);
	#installEvent: BeforeInstallPromptEvent | null = null;
	#registration: ServiceWorkerRegistration | null = null;
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
	 * Registers the Workbox-generated worker and follows it with the platform API (decision 008: workbox-window was
	 * 2.9 KB gzip on every first load for this much). A worker that installs while another controls the page waits
	 * (`skipWaiting: false`): that is an update, offered as "Update available".
	 */
	async #register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const hadController = navigator.serviceWorker.controller !== null;
		let registration: ServiceWorkerRegistration;
		try {
			registration = await navigator.serviceWorker.register('/sw.js', { scope: '/', type: 'classic' });
		} catch {
			return; // no worker (development server, or the browser refuses): the app works online as it is
		}
		this.#registration = registration;
		const follow = (worker: ServiceWorker | null) => {
			if (!worker) return;
			const check = () => {
				if (worker.state === 'installed' && navigator.serviceWorker.controller) this.updateAvailable = true;
				if (worker.state === 'activated' && !hadController) this.offlineReady = true;
			};
			worker.addEventListener('statechange', check);
			check();
		};
		if (registration.waiting && navigator.serviceWorker.controller) this.updateAvailable = true;
		follow(registration.installing);
		registration.addEventListener('updatefound', () => follow(registration.installing));
		// Browsers look for a new service worker only on navigation; an installed app may never navigate.
		setInterval(() => void registration.update().catch(() => {}), 60 * 60 * 1000);
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
		const waiting = this.#registration?.waiting;
		if (!waiting) return location.reload();
		navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
		waiting.postMessage({ type: 'SKIP_WAITING' });
	}
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
