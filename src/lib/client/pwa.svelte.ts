import { browser } from '$app/environment';

/** What the browser lets the installable app do, as rune state the layout shows. */
class PwaState {
	online = $state(true);
	updateAvailable = $state(false);
	canInstall = $state(false);
	offlineReady = $state(false);
	#installEvent: BeforeInstallPromptEvent | null = null;
	#updateServiceWorker: ((reload?: boolean) => Promise<void>) | null = null;
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

	async #register(): Promise<void> {
		if (!('serviceWorker' in navigator)) return;
		const { registerSW } = await import('virtual:pwa-register');
		this.#updateServiceWorker = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.updateAvailable = true),
			onOfflineReady: () => (this.offlineReady = true),
			onRegisteredSW: (_url, registration) => {
				// Browsers look for a new service worker only on navigation; an installed app may never navigate.
				if (registration) setInterval(() => void registration.update().catch(() => {}), 60 * 60 * 1000);
			}
		});
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

	async reload(): Promise<void> {
		await this.#updateServiceWorker?.(true);
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
