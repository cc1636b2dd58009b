import { expect, test } from '@playwright/test';
import { waitForServiceWorkerControl } from './support/service-worker';

type Spied = Window & { promptCalls: number; persistCalls: number };

test('"Install app" appears when the browser offers installation and opens the browser\'s prompt', async ({ page }) => {
	await page.goto('/');
	// The worker is registered by the same start-up code that listens for the browser's offer.
	await waitForServiceWorkerControl(page);
	const install = page.getByRole('button', { name: 'Install app' });
	await expect(install).toHaveCount(0);

	await page.evaluate(() => {
		const w = window as unknown as Spied;
		w.promptCalls = 0;
		// Chromium fires this itself only for sites that meet its engagement heuristics, never in a test.
		const offer = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
			prompt: async () => void w.promptCalls++,
			userChoice: Promise.resolve({ outcome: 'accepted', platform: 'web' })
		});
		dispatchEvent(offer);
	});
	await expect(install).toBeVisible();

	await install.click();
	await expect.poll(() => page.evaluate(() => (window as unknown as Spied).promptCalls)).toBe(1);
	await expect(install).toHaveCount(0);
});

test('"Install app" goes away when the person dismisses the browser\'s prompt', async ({ page }) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	await page.evaluate(() =>
		dispatchEvent(
			Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
				prompt: async () => {},
				userChoice: Promise.resolve({ outcome: 'dismissed', platform: 'web' })
			})
		)
	);
	const install = page.getByRole('button', { name: 'Install app' });
	await install.click();
	// A used offer cannot prompt again, so a button left behind would do nothing when pressed.
	await expect(install).toHaveCount(0);
});

test('installing the app asks the browser to keep its storage', async ({ page }) => {
	await page.addInitScript(() => {
		const w = window as unknown as Spied;
		w.persistCalls = 0;
		Object.defineProperties(navigator.storage, {
			persisted: { value: async () => false },
			persist: { value: async () => (w.persistCalls++, true) }
		});
	});
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	expect(await page.evaluate(() => (window as unknown as Spied).persistCalls)).toBe(0);

	await page.evaluate(() => dispatchEvent(new Event('appinstalled')));
	await expect.poll(() => page.evaluate(() => (window as unknown as Spied).persistCalls)).toBe(1);
});
